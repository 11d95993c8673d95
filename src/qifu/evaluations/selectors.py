"""Reads of ratings and rectification cases: the summary figures (one source for every satisfaction figure),
the scoped lists and the public monthly results."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from qifu.core.workcalendar import SHANGHAI
from qifu.evaluations.choices import BAD_LEVELS, SATISFIED_LEVELS, Level, RectificationStatus
from qifu.evaluations.models import Rating, RectificationCase

CALLED_BACK = (
    RectificationStatus.CALLED_BACK,
    RectificationStatus.RECTIFIED,
    RectificationStatus.CLOSED,
)
"""The statuses of a case whose callback (回访核实) is done (an appealed case may be either: see called_back_at)."""


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=SHANGHAI)


def ratings_in(
    *,
    start: dt.date | None,
    end: dt.date | None,
    department_id: int | None = None,
    staff_id: int | None = None,
) -> QuerySet[Rating]:
    """Every rating (excluded ones too) made in [start, end] (whole days, Asia/Shanghai), of one unit or person."""
    qs = Rating.objects.all()
    if start is not None:
        qs = qs.filter(created_at__gte=_day_start(start))
    if end is not None:
        qs = qs.filter(created_at__lt=_day_start(end + dt.timedelta(days=1)))
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    if staff_id is not None:
        qs = qs.filter(staff_id=staff_id)
    return qs


def rating_summary(
    *,
    start: dt.date | None,
    end: dt.date | None,
    department_id: int | None = None,
    staff_id: int | None = None,
) -> dict[str, Any]:
    """The figures of `GET /api/v1/ratings/summary` for the ratings made from `start` to `end` (both included):
    `count`, `by_level` ("1" … "5"), `satisfaction_rate` (基本满意 and above / count), `bad_count`,
    `callback_rate` (bad reviews called back / bad reviews), `rectified_on_time_rate` (closed by the deadline /
    bad reviews) and `excluded` (the number excluded on appeal; they count nowhere else)."""
    qs = ratings_in(start=start, end=end, department_id=department_id, staff_id=staff_id)
    excluded = qs.filter(excluded=True).count()
    counted = qs.filter(excluded=False)
    by_level = {str(level): 0 for level in Level.values}
    for row in counted.values("level").annotate(n=Count("id")).order_by():
        by_level[str(row["level"])] = row["n"]
    count = sum(by_level.values())
    satisfied = sum(by_level[str(level)] for level in SATISFIED_LEVELS)
    bad = sum(by_level[str(level)] for level in BAD_LEVELS)
    cases = RectificationCase.objects.filter(rating__in=counted.filter(level__in=BAD_LEVELS))
    figures = cases.aggregate(
        called_back=Count("id", filter=Q(called_back_at__isnull=False)),
        on_time=Count("id", filter=Q(status=RectificationStatus.CLOSED, closed_at__lte=F("due_at"))),
        rectified=Count("id", filter=Q(status=RectificationStatus.CLOSED)),
    )
    return {
        "count": count,
        "by_level": by_level,
        "satisfaction_rate": _rate(satisfied, count),
        "bad_count": bad,
        "callback_rate": _rate(figures["called_back"], bad),
        "rectification_rate": _rate(figures["rectified"], bad),
        "rectified_on_time_rate": _rate(figures["on_time"], bad),
        "excluded": excluded,
    }
