"""API shapes of demands."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema
from pydantic import Field, field_validator

from qifu.core import tracking
from qifu.core.api_support import TimelineOut
from qifu.core.masking import mask_phone
from qifu.core.schema_types import Day, Id, WriteIn, text_field
from qifu.demands.choices import Channel, Complexity, DemandKind, Satisfaction, VisitMethod
from qifu.demands.models import Demand, DemandCategory
from qifu.demands.transitions import WORKFLOW
from qifu.enterprises.models import Enterprise


class CategoryOut(Schema):
    code: str
    name: str
    default_department_id: int | None
    default_complexity: str
    default_days: int


class CategoryList(Schema):
    items: list[CategoryOut]


def known_category(value: str) -> str:
    """A category code of the live dispatch catalogue (派单目录), for every schema that raises a demand."""
    if not DemandCategory.objects.filter(code=value, is_active=True).exists():
        raise ValueError("请选择诉求类别（类别不存在或已停用）")
    return value


class DemandIn(WriteIn):
    enterprise_id: Id | None = Field(None, title="企业")
    uscc: str | None = Field(None, title="统一社会信用代码", max_length=18)
    kind: DemandKind = Field(DemandKind.NEED, title="诉求类型")
    channel: Channel = Field(Channel.ONLINE, title="来源渠道")
    category: str = text_field("诉求类别", 40)
    title: str = text_field("标题", 200)
    content: str = text_field("诉求内容", 5000)
    contact_name: str = text_field("联系人", 50, required=False)
    contact_phone: str = text_field("联系电话", 30, required=False)
    external_ref: str = text_field("外部编号", 60, required=False)

    # Whether the enterprise and the category exist is asked here too, so that every bad field of an intake is
    # named at once; whether the enterprise is the caller's to serve is the register's question (it knows who asks).
    @field_validator("enterprise_id")
    @classmethod
    def _known_enterprise(cls, value: int | None) -> int | None:
        if value is not None and not Enterprise.objects.filter(pk=value).exists():
            raise ValueError("企业不存在或不在您的服务范围内")
        return value

    _category = field_validator("category")(known_category)


class DemandAssignIn(WriteIn):
    department_id: Id = Field(title="主办部门")
    complexity: Complexity | None = Field(None, title="复杂程度")
    days: int | None = Field(None, title="办理时限", ge=0, le=250)
    co_department_ids: list[Id] = Field([], title="协办部门")
    note: str = text_field("交办说明", 1000, required=False)


class DemandReturnIn(WriteIn):
    reason: str = text_field("退回理由", 1000)


class DemandAcceptIn(WriteIn):
    handler_id: Id | None = Field(None, title="承办人")


class DemandReplyIn(WriteIn):
    content: str = text_field("答复内容", 5000)


class DemandVisitIn(WriteIn):
    satisfaction: Satisfaction = Field(title="满意度")
    resolved: bool | None = Field(None, title="问题是否解决")
    comment: str = text_field("意见", 2000, required=False)
    method: VisitMethod | None = Field(None, title="回访方式")
    visited_on: Day | None = Field(None, title="回访日期")


class DemandWithdrawIn(WriteIn):
    reason: str = text_field("撤回原因", 500, required=False)


class DemandMergeIn(WriteIn):
    into_id: Id = Field(title="要合并到的诉求")


class DemandRemindIn(WriteIn):
    note: str = text_field("催办说明", 500, required=False)


class DemandSuperviseIn(WriteIn):
    note: str = text_field("督办意见", 500)


class DemandEscalateIn(WriteIn):
    reason: str = text_field("上报理由", 1000)


class DemandAddInfoIn(WriteIn):
    content: str = text_field("补充内容", 2000)


class DemandEditIn(WriteIn):
    reason: str = text_field("修改原因", 300)
    title: str | None = Field(None, title="标题", min_length=1, max_length=200)
    content: str | None = Field(None, title="诉求内容", min_length=1, max_length=5000)
    category: str | None = Field(None, title="类别", min_length=1, max_length=40)
    enterprise_id: Id | None = Field(None, title="企业")


class ConsultationIn(WriteIn):
    held_on: Day = Field(title="会商日期")
    department_ids: list[Id] = Field(title="参会部门", min_length=1)
    participants: str = text_field("参会人员", 2000)
    minutes: str = text_field("会议纪要", 5000)
    conclusion: str = text_field("会商结论", 5000)


class ExtensionIn(WriteIn):
    days: int = Field(title="延期天数", ge=1, le=30)
    reason: str = text_field("延期原因", 2000)
    progress: str = text_field("办理进展", 2000)


class ExtensionDecideIn(WriteIn):
    approve: bool = Field(title="是否同意")
    note: str = text_field("审批意见", 500, required=False)


class Ref(Schema):
    id: int
    name: str


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
    track_url: str | None
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
    d: Demand,
    timeline: Any,
    *,
    personal: bool,
    staff: bool,
    similar: list[str] | None = None,
    new: bool = False,
) -> DemandOut:
    """The whole record; `new` (just registered) knows it has no co-departments, extensions or attachments yet.
    The enterprise (`staff=False`) reads the public line of each step and no approval note."""
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
        extensions=[]
        if new
        else [
            ExtensionOut.model_validate(e, from_attributes=True).model_copy(
                update={} if staff else {"decision_note": ""}
            )
            for e in d.extensions.all()
        ],
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
        timeline=TimelineOut.of(timeline, staff=staff),
        track_url=tracking.track_url(WORKFLOW.subject, d.pk),
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
