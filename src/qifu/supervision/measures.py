"""Supervision's figures for the monthly department assessment (core.assessment): the supervision orders and
the 电子监察 cards a department received in the period, counts that only lower its score. A month without any
is no data (n/0, left out), not a full mark: otherwise a unit with no work at all would score 100."""

from __future__ import annotations

import datetime as dt

from qifu.core.assessment import Fraction, Measure
from qifu.core.workcalendar import SHANGHAI
from qifu.supervision.models import Card, CardColor, SupervisionOrder


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (
        dt.datetime.combine(start, dt.time(0, 0), tzinfo=SHANGHAI),
        dt.datetime.combine(end, dt.time(0, 0), tzinfo=SHANGHAI),
    )


def orders_received(department_id: int, start: dt.date, end: dt.date) -> Fraction:
    """Supervision orders sent to the department in [start, end) (index order_department_idx)."""
    low, high = _bounds(start, end)
    count = SupervisionOrder.objects.filter(department_id=department_id, sent_at__gte=low, sent_at__lt=high).count()
    return _penalty(count)


def _penalty(count: int) -> Fraction:
    """count/1 (scored 1 − count, so any order or card takes the whole weight), or 0/0 when there is none."""
    return Fraction(count, 1 if count else 0)


def _cards(color: str, department_id: int, start: dt.date, end: dt.date) -> Fraction:
    low, high = _bounds(start, end)
    count = Card.objects.filter(
        department_id=department_id, color=color, issued_at__gte=low, issued_at__lt=high
    ).count()  # index card_department_idx
    return _penalty(count)


def yellow_cards(department_id: int, start: dt.date, end: dt.date) -> Fraction:
    return _cards(CardColor.YELLOW, department_id, start, end)


def red_cards(department_id: int, start: dt.date, end: dt.date) -> Fraction:
    return _cards(CardColor.RED, department_id, start, end)


MEASURES = (
    Measure("supervision_orders", "收到督办单（件）", 5.0, orders_received, higher_is_better=False),
    Measure("yellow_cards", "电子监察黄牌（张）", 2.5, yellow_cards, higher_is_better=False),
    Measure("red_cards", "电子监察红牌（张）", 5.0, red_cards, higher_is_better=False),
)
