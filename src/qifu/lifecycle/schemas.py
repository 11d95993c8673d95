"""The API's and the pages' input and output for visits, service plans and leaders' assistance."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field, field_validator

from qifu.core.schema_types import Day, WriteIn
from qifu.demands.choices import DemandKind
from qifu.demands.schemas import known_category
from qifu.enterprises.choices import LifecycleStage
from qifu.lifecycle.choices import AssistanceMode, PlanTerminationReason, VisitMode


class VisitDemandIn(WriteIn):
    """A difficulty raised at a visit, to become a demand with channel `visit`."""

    kind: DemandKind = Field(DemandKind.NEED, title="诉求类型")
    category: str = Field(title="诉求类别", min_length=1, max_length=40)
    title: str = Field(title="诉求标题", min_length=1, max_length=200)
    content: str = Field(title="诉求内容", min_length=1, max_length=5000)

    _category = field_validator("category")(known_category)


class VisitIn(WriteIn):
    visited_on: Day = Field(title="走访日期")
    mode: VisitMode = Field(title="走访方式")
    situation: str = Field(title="企业情况", min_length=1, max_length=2000)
    difficulties: str = Field("", title="困难问题", max_length=1500)
    plans: str = Field("", title="发展计划", max_length=1000)
    demands: list[VisitDemandIn] = Field([], title="转为诉求", max_length=20)


class VisitCreatedOut(Schema):
    id: int
    demand_ids: list[int]


class VisitDueOut(Schema):
    enterprise_id: int
    name: str
    last_visit_on: dt.date | None
    days_since: int | None


class VisitDuePageOut(Schema):
    items: list[VisitDueOut]
    next_cursor: str | None


class TaskIn(WriteIn):
    title: str = Field(title="服务内容", min_length=1, max_length=300)
    due_on: Day = Field(title="完成期限")


class PlanIn(WriteIn):
    stage: LifecycleStage = Field(title="生命周期阶段")
    goals: str = Field(title="服务目标", min_length=1, max_length=2000)
    tasks: list[TaskIn] = Field(title="服务任务", min_length=1, max_length=30)
    deregistration_reason: str = Field("", title="注销原因", max_length=2000)


class PlanTerminateIn(WriteIn):
    reason_code: PlanTerminationReason = Field(title="终止原因")
    note: str = Field(title="终止说明", min_length=1, max_length=1000)


class PlanCompleteIn(WriteIn):
    note: str = Field("", title="完成说明", max_length=1000)


class TaskProgressIn(WriteIn):
    progress: int = Field(title="进度", ge=0, le=100)
    note: str = Field("", title="进展说明", max_length=500)


class TaskOut(Schema):
    id: int
    title: str
    due_on: dt.date
    due_at: dt.datetime
    progress: int
    status: str
    light: str | None


class PlanOut(Schema):
    id: int
    enterprise_id: int
    stage: str
    goals: str
    deregistration_reason: str
    status: str
    termination_reason: str
    termination_note: str
    tasks: list[TaskOut]


class AssistanceIn(WriteIn):
    assisted_on: Day = Field(title="帮办日期")
    mode: AssistanceMode = Field(title="帮办方式")
    matter: str = Field(title="办理事项", min_length=1, max_length=200)
    uscc: str = Field("", title="服务企业统一社会信用代码", max_length=18)
    findings: str = Field("", title="发现的问题", max_length=2000)
    measures: str = Field("", title="解决措施", max_length=2000)


class AssistanceRaiseIn(WriteIn):
    category: str = Field(title="诉求类别", min_length=1, max_length=40)
    title: str = Field(title="诉求标题", min_length=1, max_length=200)

    _category = field_validator("category")(known_category)
