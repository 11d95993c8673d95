"""API shapes of applications and appointments (API.md "Catalogue and applications"): one input schema per
write, shared by the API handler and the page (`qifu.core.inputs.parse`), each name one shape."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import field_validator

from qifu.applications.choices import APPOINTMENT_SLOTS, MaterialState, Window
from qifu.applications.models import Application, Appointment
from qifu.applications.transitions import WORKFLOW
from qifu.core import tracking
from qifu.core.api_support import TimelineOut
from qifu.core.schema_types import Id, WriteIn


class AgentIn(WriteIn):
    name: str = Field(title="代办人姓名", min_length=1, max_length=50)
    phone: str = Field(title="代办人电话", min_length=1, max_length=30)
    id_number: str = Field(title="代办人身份证号", min_length=15, max_length=18)


class ProvidedMaterialIn(WriteIn):
    requirement_id: Id = Field(title="材料要求编号")
    provided: bool = Field(title="是否已提交")


class ApplicationIn(WriteIn):
    enterprise_id: Id | None = Field(None, title="企业")
    item_id: Id | None = Field(None, title="办理事项")
    bundle_id: Id | None = Field(None, title="一件事")
    mode: Literal["self", "assisted", "proxy"] = Field("self", title="办理方式")
    agent: AgentIn | None = Field(None, title="代办人")
    green_channel: bool = Field(False, title="绿色通道")
    materials: list[ProvidedMaterialIn] = Field([], title="材料", max_length=500)


class ProblemIn(WriteIn):
    requirement_id: Id = Field(title="材料要求编号")
    problem: str = Field(title="问题", max_length=300)


class PreReviewIn(WriteIn):
    result: Literal["accept", "correct", "refuse"] = Field(title="预审结果")
    problems: list[ProblemIn] = Field([], title="一次性告知的问题", max_length=500)
    deferred: list[Id] = Field([], title="容缺材料", max_length=500)
    received: list[Id] = Field([], title="窗口当场收取的材料", max_length=500)
    commitment_due: dt.date | None = Field(None, title="承诺补交期限")
    signed_by: str = Field("", title="承诺人", max_length=50)
    reason: str = Field("", title="不予受理理由", max_length=2000)


class CorrectIn(WriteIn):
    materials: list[ProvidedMaterialIn] = Field(title="补正的材料", max_length=500)


class HandoverIn(WriteIn):
    note: str = Field("", title="流转说明", max_length=300)


class PauseIn(WriteIn):
    reason: str = Field(title="暂停原因（听证、检验、检测、鉴定、专家评审等）", min_length=1, max_length=300)


class ExtendIn(WriteIn):
    days: int = Field(title="延长工作日数", ge=1, le=15)
    reason: str = Field(title="延长理由", min_length=1, max_length=500)


class ApplicationDecideIn(WriteIn):
    approved: bool = Field(title="是否准予许可")
    note: str = Field("", title="审批意见", max_length=2000)


class DeliverIn(WriteIn):
    method: Literal["pickup", "express"] = Field(title="出件方式")
    collected_by: str = Field("", title="领取人", max_length=50)
    tracking_number: str = Field("", title="快递单号", max_length=60)


class TerminateIn(WriteIn):
    reason_code: Literal["a", "b", "c", "d", "e"] = Field(title="终止原因")
    note: str = Field(title="终止说明", min_length=1, max_length=1000)


class SupplyIn(WriteIn):
    requirement_id: Id = Field(title="容缺材料")


class EntrustmentIn(WriteIn):
    enterprise_id: Id = Field(title="企业")
    agent_name: str = Field(title="代办人姓名", min_length=1, max_length=50)
    agent_phone: str = Field(title="代办人电话", min_length=1, max_length=30)
    agent_id_number: str = Field(title="代办人身份证号", min_length=15, max_length=18)
    scope: str = Field(title="委托事项范围", min_length=1, max_length=300)
    valid_until: dt.date = Field(title="委托有效期至")

    @field_validator("valid_until")
    @classmethod
    def _not_past(cls, value: dt.date) -> dt.date:
        if value < timezone.localdate():
            raise ValueError("委托有效期应为今天或以后的日期")
        return value


class EntrustmentOut(Schema):
    id: int
    agent_name: str
    scope: str
    valid_until: dt.date


class AppointmentIn(WriteIn):
    enterprise_id: Id = Field(title="企业")
    window: Window = Field(title="预约窗口")
    day: dt.date = Field(title="预约日期")
    slot: str = Field(title="预约时段", max_length=5)
    purpose: str = Field(title="办理事由", min_length=1, max_length=200)
    visitor_name: str = Field(title="到场人", min_length=1, max_length=50)
    visitor_phone: str = Field(title="联系电话", min_length=1, max_length=30)
    item_id: Id | None = Field(None, title="事项")
    bundle_id: Id | None = Field(None, title="一件事")
    application_id: Id | None = Field(None, title="办件")

    @field_validator("slot")
    @classmethod
    def _a_slot(cls, value: str) -> str:
        if value not in APPOINTMENT_SLOTS:
            raise ValueError("请选择预约时段")
        return value


class AppointmentOut(Schema):
    id: int
    number: str
    enterprise_id: int
    enterprise_name: str
    window: str
    window_label: str
    day: dt.date
    slot: str
    purpose: str
    status: str
    status_label: str
    item_id: int | None
    bundle_id: int | None
    application_id: int | None

    @staticmethod
    def of(a: Appointment) -> AppointmentOut:
        return AppointmentOut(
            id=a.pk,
            number=a.number,
            enterprise_id=a.enterprise_id,
            enterprise_name=a.enterprise.name,
            window=a.window,
            window_label=a.get_window_display(),
            day=a.day,
            slot=a.slot,
            purpose=a.purpose,
            status=a.status,
            status_label=a.get_status_display(),
            item_id=a.item_id,
            bundle_id=a.bundle_id,
            application_id=a.application_id,
        )


class AppointmentPageOut(Schema):
    items: list[AppointmentOut]
    next_cursor: str | None


class SlotsOut(Schema):
    day: dt.date
    slots: dict[str, int]


class ApplicationMaterialOut(Schema):
    requirement_id: int
    name: str
    required: bool
    deferrable: bool
    state: str
    problem: str
    deferred_due: dt.date | None


class ApplicationChildOut(Schema):
    id: int
    number: str
    name: str
    department: str
    status: str
    due_at: dt.datetime | None
    light: str | None


class ApplicationOut(Schema):
    id: int
    number: str
    name: str
    enterprise_id: int
    enterprise_name: str
    mode: str
    green_channel: bool
    status: str
    status_label: str
    department: str | None
    submitted_at: dt.datetime
    deemed_accepted: bool
    accepted_at: dt.datetime | None
    due_at: dt.datetime | None
    paused: bool
    light: str | None
    calendar_confirmed: bool
    materials: list[ApplicationMaterialOut]
    deferred_materials: list[ApplicationMaterialOut]
    commitment_due: dt.date | None
    children: list[ApplicationChildOut]
    timeline: list[TimelineOut]
    track_url: str | None


def _material(m: Any) -> ApplicationMaterialOut:
    r = m.requirement
    return ApplicationMaterialOut(
        requirement_id=r.pk,
        name=r.name,
        required=r.required,
        deferrable=r.deferrable,
        state=m.state,
        problem=m.problem,
        deferred_due=m.deferred_due,
    )


def application_out(a: Application, timeline: Any, *, staff: bool) -> ApplicationOut:
    """The whole record; the enterprise (`staff=False`) reads the public line of each step."""
    materials = [_material(m) for m in a.materials.select_related("requirement")]
    commitment = getattr(a, "commitment", None)
    return ApplicationOut(
        id=a.pk,
        number=a.number,
        name=a.title,
        enterprise_id=a.enterprise_id,
        enterprise_name=a.enterprise.name,
        mode=a.mode,
        green_channel=a.green_channel,
        status=a.status,
        status_label=a.get_status_display(),
        department=a.department.name if a.department else None,
        submitted_at=a.submitted_at,
        deemed_accepted=a.deemed_accepted,
        accepted_at=a.accepted_at,
        due_at=a.due_at,
        paused=a.paused_since is not None,
        light=WORKFLOW.light(a),
        calendar_confirmed=a.calendar_confirmed,
        materials=materials,
        deferred_materials=[m for m in materials if m.state == MaterialState.DEFERRED],
        commitment_due=commitment.due_date if commitment else None,
        children=[
            ApplicationChildOut(
                id=c.pk,
                number=c.number,
                name=c.title,
                department=c.department.name if c.department else "",
                status=c.status,
                due_at=c.due_at,
                light=WORKFLOW.light(c),
            )
            for c in a.children.select_related("item_version", "department")
        ],
        timeline=TimelineOut.of(timeline, staff=staff),
        track_url=tracking.track_url(WORKFLOW.subject, a.pk),
    )
