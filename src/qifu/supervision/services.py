"""Supervision's writes: the one watcher of every late case (the reminder at warning, the supervision order at
overdue and the 电子监察 card of each, once per deadline), supervision orders sent from the view and their
answers, and the supervisor's notes on cards.

The rule of "when" lives here for every kind; "how" a kind records its step is its source's (core.supervised).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from qifu.accounts.models import User
from qifu.core.access import DEPARTMENT_ROLES, require
from qifu.core.audit import audit_record, register_action_labels
from qifu.core.choices import Role
from qifu.core.errors import Conflict, NotFound, ValidationFailed
from qifu.core.supervised import REMIND, SUPERVISE, LateSource, late_sources
from qifu.core.workflow import Notice
from qifu.supervision.models import Card, CardColor, SupervisionOrder
from qifu.supervision.permissions import access_card_for, access_order_for

BATCH = 1000  # cases per source and pass; the next run takes the rest

register_action_labels(
    {
        "supervision.order_reply": "督查督办 反馈督办单",
        "supervision.card_note": "督查督办 批注电子监察亮牌",
    }
)


def _department_users(department_id: int | None, roles: tuple[str, ...]) -> list[User]:
    if department_id is None:
        return []
    return list(User.objects.filter(department_id=department_id, role__in=roles, is_active=True))


def _person(source: LateSource, case: Any) -> User | None:
    value = source.value(case, source.person) if source.person else None
    if isinstance(value, User):
        return value
    return User.objects.filter(pk=value).first() if isinstance(value, int) else None


def _heading(source: LateSource, case: Any) -> tuple[str, str]:
    number = str(source.value(case, source.number) or "") if source.number else ""
    title = str(source.value(case, source.title) or "")
    return number or f"{source.label}#{case.pk}", title


def _card(source: LateSource, case: Any, color: str, now: dt.datetime) -> Card:
    """The card of this deadline and colour; IntegrityError when it was issued already (the mark)."""
    number, title = _heading(source, case)
    person = _person(source, case)
    with transaction.atomic():
        return Card.objects.create(
            kind=source.kind,
            step=source.step,
            case_id=case.pk,
            number=number[:40],
            title=title[:300],
            department_id=source.value(case, source.department),
            person=person,
            due_at=source.value(case, source.due),
            color=color,
            issued_at=now,
        )


def _due_text(source: LateSource, case: Any) -> str:
    due = source.value(case, source.due)
    return f"期限：{timezone.localtime(due):%Y-%m-%d %H:%M}" if due else ""


def _remind(source: LateSource, case: Any) -> None:
    if source.on_warning is not None:
        source.on_warning(case)
        return
    department_id = source.value(case, source.department)
    person = _person(source, case)
    people = [person] if person else _department_users(department_id, tuple(DEPARTMENT_ROLES))
    step = f"{source.step_label}" if source.step_label else ""
    source.workflow.record(
        case,
        actor=None,
        action=REMIND,
        note=f"{step}即将超期，系统自动催办（黄牌预警）。{_due_text(source, case)}",
        internal=True,
        notices=[Notice(people, f"{source.name}即将超期", _due_text(source, case))],
    )


def _supervise_step(source: LateSource, case: Any, *, actor: User | None, note: str) -> None:
    department_id = source.value(case, source.department)
    heads = _department_users(department_id, (Role.DEPARTMENT_HEAD,))
    person = _person(source, case)
    source.workflow.record(
        case,
        actor=actor,
        action=SUPERVISE,
        note=note,
        internal=True,
        notices=[Notice([*heads, *([person] if person else [])], f"督办：{source.name}", note)],
    )


def _order(source: LateSource, case: Any, *, actor: User | None, note: str, now: dt.datetime) -> SupervisionOrder:
    number, title = _heading(source, case)
    return SupervisionOrder.objects.create(
        kind=source.kind,
        step=source.step,
        case_id=case.pk,
        number=number[:40],
        title=title[:300],
        link=source.workflow.link(case)[:200],
        department_id=source.value(case, source.department),
        due_at=source.value(case, source.due),
        note=note[:500],
        auto=actor is None,
        sent_by=actor,
        sent_at=now,
    )


def _carded(source: LateSource, color: str) -> Exists:
    return Exists(
        Card.objects.filter(
            kind=source.kind, step=source.step, case_id=OuterRef("pk"), due_at=OuterRef(source.due), color=color
        )
    )


def watch_late(now: dt.datetime | None = None, *, kinds: set[str] | None = None) -> dict[str, int]:
    """For every registered kind (or those in `kinds`): remind at warning with a 黄牌, order the department
    head at overdue with a 红牌; each exactly once per deadline, however often and on however many workers this
    runs (the card's unique constraint is the mark). A case found already overdue gets the order only."""
    now = now or timezone.now()
    counts = {"reminders": 0, "supervision_orders": 0}
    for source in late_sources():
        if kinds is not None and source.kind not in kinds:
            continue
        manager = source.model._default_manager
        if source.warning:
            warning = manager.filter(source.late_q(now, "warning")).filter(~_carded(source, CardColor.YELLOW))
            for case in warning.order_by(source.due)[:BATCH]:
                try:
                    with transaction.atomic():
                        _card(source, case, CardColor.YELLOW, now)
                        _remind(source, case)
                except (IntegrityError, Conflict):
                    continue  # another worker carded it first, or the case has just moved
                counts["reminders"] += 1
        overdue = manager.filter(source.late_q(now, "overdue")).filter(~_carded(source, CardColor.RED))
        for case in overdue.order_by(source.due)[:BATCH]:
            try:
                with transaction.atomic():
                    _card(source, case, CardColor.RED, now)
                    note = f"{source.step_label or ''}已超过期限，系统自动督办（红牌）。{_due_text(source, case)}"
                    _order(source, case, actor=None, note=note, now=now)
                    if source.on_overdue is not None:
                        source.on_overdue(case)
                    else:
                        _supervise_step(source, case, actor=None, note=note)
            except (IntegrityError, Conflict):
                continue
            counts["supervision_orders"] += 1
    return counts


@transaction.atomic
def order_send(*, actor: User, kind: str, case_id: int, note: str, step: str = "") -> SupervisionOrder:
    """A supervision order from the view to the department answerable for one case the sender may see. Without
    `step`, a kind watched step by step (an application) is supervised on the step now running."""
    require(actor, "supervision.order")
    sources = [s for s in late_sources() if s.kind == kind and (not step or s.step == step)]
    if not sources:
        raise ValidationFailed.field("step" if step else "kind", "没有这类案件或环节")
    case = sources[0].visible(actor).filter(pk=case_id).first()
    if case is None:
        raise NotFound()
    source = next((s for s in sources if case.status in s.running), None)
    if source is None:
        raise Conflict(f"该{sources[0].label}已不在办理期限内，无需督办")
    order = _order(source, case, actor=actor, note=note, now=timezone.now())
    _supervise_step(source, case, actor=actor, note=f"督办：{note}")
    return order


@transaction.atomic
def order_reply(*, actor: User, order_id: int, reply: str) -> SupervisionOrder:
    """The department answers an order (what it has done, by when)."""
    order = access_order_for(actor, order_id, write=True)
    if not SupervisionOrder.objects.filter(pk=order.pk, replied_at__isnull=True).update(
        reply=reply[:500], replied_by=actor, replied_at=timezone.now()
    ):
        raise Conflict("该督办单已反馈")
    order.refresh_from_db()
    audit_record(
        actor=actor, action="supervision.order_reply", obj=order, summary=f"反馈督办单 {order.number}：{reply}"[:500]
    )
    return order


@transaction.atomic
def card_note(*, actor: User, card_id: int, note: str) -> Card:
    """The supervisor's note on a card (what was found, what is asked); a later note replaces it."""
    card = access_card_for(actor, card_id, write=True)
    Card.objects.filter(pk=card.pk).update(note=note[:500], annotated_by=actor, annotated_at=timezone.now())
    card.refresh_from_db()
    audit_record(
        actor=actor,
        action="supervision.card_note",
        obj=card,
        summary=f"批注{card.get_color_display()} {card.number}：{note}"[:500],
    )
    return card
