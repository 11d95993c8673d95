"""API shapes of enterprise service days (API.md "Enterprise service days"): one input schema per write, shared by
the pages, and the outputs."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field, field_validator

from qifu.core.schema_types import ClockTime, Id, WriteIn, text_field
from qifu.demands.choices import Complexity, DemandKind
from qifu.demands.schemas import known_category
from qifu.servicedays.choices import ServiceKind

# ---------------------------------------------------------------- input


class ScheduleIn(WriteIn):
    park_id: Id = Field(title="园区")
    weekday: int = Field(title="星期", ge=1, le=7, description="1 周一 … 7 周日；3 为周三")
    start_time: ClockTime = Field(title="开始时间")
    place: str = text_field("地点", 200)
    department_ids: list[Id] = Field(title="成员单位", min_length=1, max_length=50)


class RegistrationIn(WriteIn):
    enterprise_id: Id = Field(title="企业")
    topic: str = text_field("咨询主题", 200)
    needs: str = text_field("需求", 5000, required=False)


class RecordDemandIn(WriteIn):
    kind: DemandKind = Field(DemandKind.NEED, title="诉求类型")
    category: str = text_field("诉求类别", 40)
    title: str = text_field("诉求标题", 200)
    content: str = text_field("诉求内容", 5000)

    _category = field_validator("category")(known_category)


class RecordIn(WriteIn):
    enterprise_id: Id = Field(title="企业")
    service: ServiceKind = Field(title="服务方式")
    department_id: Id | None = Field(None, title="服务单位")
    content: str = text_field("服务内容", 5000)
    demand: RecordDemandIn | None = Field(None, title="未能当场办结的诉求")


class CloseIn(WriteIn):
    summary: str = text_field("活动小结", 5000)


class CancelIn(WriteIn):
    reason: str = text_field("取消原因", 200)


class DemandListRowIn(WriteIn):
    enterprise_id: Id = Field(title="企业")
    title: str = text_field("需求", 200)
    content: str = text_field("具体情况", 5000)
    contact_name: str = text_field("联系人", 50, required=False)
    contact_phone: str = text_field("联系电话", 30, required=False)


class DemandListIn(WriteIn):
    rows: list[DemandListRowIn] = Field(title="需求清单", min_length=1, max_length=200)
    note: str = text_field("说明", 500, required=False)


class ClassifyIn(WriteIn):
    kind: DemandKind = Field(DemandKind.NEED, title="诉求类型")
    category: str = text_field("诉求类别", 40)
    department_id: Id = Field(title="办理窗口")
    requirement: str = text_field("办理要求", 2000)
    complexity: Complexity | None = Field(None, title="复杂程度")
    days: int | None = Field(None, title="落实时限", ge=0, le=250)

    _category = field_validator("category")(known_category)


class DesignationIn(WriteIn):
    enterprise_id: Id = Field(title="企业")
    project_name: str = text_field("项目名称", 200, required=False)
    liaison_id: Id = Field(title="固定联络员")


# ---------------------------------------------------------------- output


class ScheduleOut(Schema):
    id: int
    park_id: int
    weekday: int
    start_time: str
    place: str
    department_ids: list[int]


class ScheduleList(Schema):
    items: list[ScheduleOut]
    next_cursor: str | None


class PersonOut(Schema):
    name: str
    phone: str


class SessionDepartmentOut(Schema):
    id: int
    name: str
    liaison: PersonOut | None
    key_staff: PersonOut | None


class ServiceDayOut(Schema):
    id: int
    date: dt.date
    park_id: int
    park_name: str
    starts_at: dt.datetime
    place: str
    status: str
    status_label: str
    note: str
    departments: list[SessionDepartmentOut]
    registrations: int


class ServiceDayList(Schema):
    items: list[ServiceDayOut]
    next_cursor: str | None


class RegistrationOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str
    topic: str
    needs: str
    created_at: dt.datetime


class RecordOut(Schema):
    id: int
    enterprise_id: int
    enterprise_name: str
    service: str
    service_label: str
    department_id: int | None
    department_name: str
    content: str
    demand_id: int | None
    created_at: dt.datetime


class RecordCreatedOut(Schema):
    id: int
    demand_id: int | None


class RaisedDemandOut(Schema):
    id: int
    number: str
    enterprise_id: int
    enterprise_name: str
    title: str
    status: str
    status_label: str
    lead_department: str
    source: str


class CountsOut(Schema):
    registrations: int
    enterprises_served: int
    records: int
    demands_raised: int
    demands_solved: int


class ServiceDayDetailOut(Schema):
    id: int
    date: dt.date
    park_id: int
    park_name: str
    starts_at: dt.datetime
    place: str
    status: str
    status_label: str
    note: str
    summary: str
    departments: list[SessionDepartmentOut]
    registrations: list[RegistrationOut]
    records: list[RecordOut]
    demands: list[RaisedDemandOut]
    demand_list_ids: list[int]
    counts: CountsOut


class DemandListRowOut(Schema):
    id: int
    position: int
    enterprise_id: int
    enterprise_name: str
    title: str
    content: str
    contact_name: str
    contact_phone: str
    status: str
    department_id: int | None
    requirement: str
    days: int | None
    demand_id: int | None


class DemandListOut(Schema):
    id: int
    service_day_id: int
    park_id: int
    note: str
    pushed_at: dt.datetime
    rows: list[DemandListRowOut]


class FiguresOut(Schema):
    sessions_held: int
    enterprises_served: int
    needs_raised: int
    needs_solved: int


class RosterMemberOut(Schema):
    department_id: int
    department_name: str
    liaison: PersonOut
    key_staff: PersonOut


class RosterList(Schema):
    items: list[RosterMemberOut]
    next_cursor: str | None


class DesignationOut(Schema):
    id: int
    park_id: int
    enterprise_id: int
    enterprise_name: str
    project_name: str
    liaison_id: int
    liaison_name: str
    designated_on: dt.date


class DesignationList(Schema):
    items: list[DesignationOut]
    next_cursor: str | None
