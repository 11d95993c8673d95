"""Input and output of supervision (API.md "Supervision"); the pages parse their forms with the same inputs."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja import Schema
from pydantic import Field

from qifu.core.schema_types import Id, WriteIn
from qifu.supervision.models import Card, SupervisionOrder
from qifu.supervision.selectors import CardTally, LateCase


class OrderIn(WriteIn):
    kind: str = Field(title="案件类型", min_length=1, max_length=30)
    step: str = Field("", title="环节", max_length=30)
    case_id: Id = Field(title="案件")
    note: str = Field(title="督办意见", min_length=1, max_length=500)


class OrderReplyIn(WriteIn):
    reply: str = Field(title="办理反馈", min_length=1, max_length=500)


class CardNoteIn(WriteIn):
    note: str = Field(title="监察批注", min_length=1, max_length=500)


class LateOut(Schema):
    kind: str
    step: str
    kind_label: str
    id: int
    number: str
    title: str
    department_id: int | None
    due_at: dt.datetime
    light: str
    days_overdue: int

    @staticmethod
    def of(c: LateCase) -> LateOut:
        return LateOut(
            kind=c.kind,
            step=c.step,
            kind_label=c.kind_label,
            id=c.id,
            number=c.number,
            title=c.title,
            department_id=c.department_id,
            due_at=timezone.localtime(c.due_at),
            light=c.light,
            days_overdue=c.days_overdue,
        )


class LatePageOut(Schema):
    items: list[LateOut]
    next_cursor: str | None


class OrderOut(Schema):
    id: int
    kind: str
    step: str
    case_id: int
    number: str
    title: str
    department_id: int | None
    due_at: dt.datetime | None
    note: str
    auto: bool
    sent_by: str
    sent_at: dt.datetime
    reply: str
    replied_at: dt.datetime | None

    @staticmethod
    def of(o: SupervisionOrder) -> OrderOut:
        return OrderOut(
            id=o.pk,
            kind=o.kind,
            step=o.step,
            case_id=o.case_id,
            number=o.number,
            title=o.title,
            department_id=o.department_id,
            due_at=timezone.localtime(o.due_at) if o.due_at else None,
            note=o.note,
            auto=o.auto,
            sent_by=o.sent_by.label if o.sent_by else "系统",
            sent_at=timezone.localtime(o.sent_at),
            reply=o.reply,
            replied_at=timezone.localtime(o.replied_at) if o.replied_at else None,
        )


class OrderPageOut(Schema):
    items: list[OrderOut]
    next_cursor: str | None


class CardOut(Schema):
    id: int
    kind: str
    step: str
    case_id: int
    number: str
    title: str
    department_id: int | None
    person_id: int | None
    due_at: dt.datetime
    color: str
    color_label: str
    issued_at: dt.datetime
    note: str
    annotated_at: dt.datetime | None

    @staticmethod
    def of(c: Card) -> CardOut:
        return CardOut(
            id=c.pk,
            kind=c.kind,
            step=c.step,
            case_id=c.case_id,
            number=c.number,
            title=c.title,
            department_id=c.department_id,
            person_id=c.person_id,
            due_at=timezone.localtime(c.due_at),
            color=c.color,
            color_label=c.get_color_display(),
            issued_at=timezone.localtime(c.issued_at),
            note=c.note,
            annotated_at=timezone.localtime(c.annotated_at) if c.annotated_at else None,
        )


class CardPageOut(Schema):
    items: list[CardOut]
    next_cursor: str | None


class TallyOut(Schema):
    id: int | None
    name: str
    yellow: int
    red: int

    @staticmethod
    def of(t: CardTally) -> TallyOut:
        return TallyOut(id=t.id, name=t.name, yellow=t.yellow, red=t.red)


class TalliesOut(Schema):
    units: list[TallyOut]
    people: list[TallyOut]
