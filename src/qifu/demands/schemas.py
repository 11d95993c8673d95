"""API shapes of demands."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import ConfigDict

from qifu.core.masking import mask_phone
from qifu.demands.models import Demand, DemandCategory
from qifu.demands.transitions import WORKFLOW


class CategoryOut(Schema):
    code: str
    name: str
    default_department_id: int | None
    default_complexity: str
    default_days: int


class CategoryList(Schema):
    items: list[CategoryOut]


class DemandIn(Schema):
    model_config = ConfigDict(extra="forbid")

    enterprise_id: int | None = None
    uscc: str | None = None
    kind: str = "need"
    channel: str = "online"
    category: str
    title: str
    content: str
    contact_name: str | None = None
    contact_phone: str | None = None
    external_ref: str | None = None


class Ref(Schema):
    id: int
    name: str


class TimelineOut(Schema):
    at: dt.datetime
    actor: str
    action: str
    note: str


class ExtensionOut(Schema):
    id: int
    days: int
    reason: str
    progress: str
    status: str
    created_at: dt.datetime
    decided_at: dt.datetime | None
    decision_note: str


class AttachmentRef(Schema):
    id: int
    name: str
    size: int


class DemandOut(Schema):
    id: int
    number: str
    kind: str
    channel: str
    category: str
    category_name: str
    enterprise: Ref
    title: str
    content: str
    contact_name: str
    contact_phone: str
    status: str
    status_label: str
    complexity: str | None
    days: int | None
    lead_department: Ref | None
    co_departments: list[Ref]
    handler: Ref | None
    due_at: dt.datetime | None
    light: str | None
    calendar_confirmed: bool
    extensions: list[ExtensionOut]
    reopen_count: int
    return_count: int
    satisfaction: str | None
    resolved: bool | None
    reply: str
    escalated: bool
    merged_into: str | None
    created_at: dt.datetime
    replied_at: dt.datetime | None
    closed_at: dt.datetime | None
    timeline: list[TimelineOut]
    attachments: list[AttachmentRef] = []
    similar_open: list[str] = []


class DemandListItem(Schema):
    id: int
    number: str
    kind: str
    channel: str
    category: str
    enterprise: Ref
    title: str
    status: str
    lead_department: Ref | None
    due_at: dt.datetime | None
    light: str | None
    created_at: dt.datetime


class DemandList(Schema):
    items: list[DemandListItem]
    next_cursor: str | None


def _ref(obj: Any, name: str | None = None) -> Ref | None:
    return Ref(id=obj.pk, name=name or str(obj)) if obj is not None else None


def demand_item(d: Demand) -> DemandListItem:
    return DemandListItem(
        id=d.pk,
        number=d.number,
        kind=d.kind,
        channel=d.channel,
        category=d.category.code,
        enterprise=Ref(id=d.enterprise.pk, name=d.enterprise.name),
        title=d.title,
        status=d.status,
        lead_department=_ref(d.lead_department),
        due_at=d.due_at,
        light=WORKFLOW.light(d),
        created_at=d.created_at,
    )


def demand_out(
    d: Demand, timeline: Any, *, personal: bool, similar: list[str] | None = None, new: bool = False
) -> DemandOut:
    """The whole record; `new` (just registered) knows it has no co-departments, extensions or attachments yet."""
    return DemandOut(
        id=d.pk,
        number=d.number,
        kind=d.kind,
        channel=d.channel,
        category=d.category.code,
        category_name=d.category.name,
        enterprise=Ref(id=d.enterprise.pk, name=d.enterprise.name),
        title=d.title,
        content=d.content,
        contact_name=d.contact_name,
        contact_phone=d.contact_phone if personal else mask_phone(d.contact_phone),
        status=d.status,
        status_label=d.get_status_display(),
        complexity=d.complexity or None,
        days=d.days_total,
        lead_department=_ref(d.lead_department),
        co_departments=[] if new else [Ref(id=c.pk, name=c.name) for c in d.co_departments.all()],
        handler=_ref(d.handler, d.handler.label) if d.handler else None,
        due_at=d.due_at,
        light=WORKFLOW.light(d),
        calendar_confirmed=d.calendar_confirmed,
        extensions=[] if new else [ExtensionOut.model_validate(e, from_attributes=True) for e in d.extensions.all()],
        reopen_count=d.reopen_count,
        return_count=d.return_count,
        satisfaction=d.satisfaction or None,
        resolved=d.resolved,
        reply=d.reply,
        escalated=d.escalated_at is not None,
        merged_into=d.merged_into.number if d.merged_into_id and d.merged_into else None,
        created_at=d.created_at,
        replied_at=d.replied_at,
        closed_at=d.closed_at,
        timeline=[TimelineOut(at=t.at, actor=t.actor_label, action=t.action, note=t.note) for t in timeline],
        attachments=[] if new else [AttachmentRef(id=a.pk, name=a.name, size=a.size) for a in d.attachments.all()],
        similar_open=similar or [],
    )


def category_out(c: DemandCategory) -> CategoryOut:
    return CategoryOut(
        code=c.code,
        name=c.name,
        default_department_id=c.default_department_id,
        default_complexity=c.default_complexity,
        default_days=c.default_days,
    )
