"""Input and output of complaints, special studies and the monthly analysis (one schema per write, shared by the
pages and the API)."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from qifu.core.schema_types import Day, Id, WriteIn, text_field


class ComplaintIn(WriteIn):
    """Name what a complaint (a demand) is about."""

    demand_id: Id = Field(title="投诉诉求")
    department_id: Id = Field(title="被投诉单位")
    staff_id: Id | None = Field(None, title="被投诉工作人员")
    subject: str = text_field("投诉事项", 100, required=False)
    major: bool = Field(False, title="重大投诉")


class StudyAnalyseIn(WriteIn):
    cause: str = text_field("原因分析", 5000)


class StudyPlanIn(WriteIn):
    measures: str = text_field("整改措施", 5000)
    check_on: Day = Field(title="效果检查日期")


class StudyCheckIn(WriteIn):
    effect: str = text_field("效果检查情况", 5000)
    effective: bool = Field(title="措施是否有效")


class ComplaintRef(Schema):
    id: int
    name: str


class ComplaintOut(Schema):
    id: int
    demand_id: int
    demand_number: str
    channel: str
    title: str
    received_at: dt.datetime
    department: ComplaintRef
    staff: ComplaintRef | None
    subject: str
    major: bool
    study_ids: list[int]


class ComplaintPage(Schema):
    items: list[ComplaintOut]
    next_cursor: str | None


class StudyStepOut(Schema):
    at: dt.datetime
    actor: str
    action: str
    note: str


class StudyOut(Schema):
    id: int
    number: str
    title: str
    trigger: str
    department: ComplaintRef | None
    subject: str
    status: str
    cause: str
    measures: str
    check_on: dt.date | None
    effect: str
    effective: bool | None
    opened_at: dt.datetime
    closed_at: dt.datetime | None
    complaint_ids: list[int]
    timeline: list[StudyStepOut]


class StudyItem(Schema):
    id: int
    number: str
    title: str
    trigger: str
    department_id: int | None
    subject: str
    status: str
    opened_at: dt.datetime
    complaints: int


class StudyPage(Schema):
    items: list[StudyItem]
    next_cursor: str | None


class AnalysisGroupOut(Schema):
    label: str
    count: int
    demand_numbers: list[str]
    units: list[str]


class AnalysisCategoryOut(Schema):
    category: str
    count: int
    groups: list[AnalysisGroupOut]


class AnalysisLedgerOut(Schema):
    channel: str
    name: str
    count: int
    categories: list[AnalysisCategoryOut]
    units: list[AnalysisGroupOut]


class ComplaintAnalysisOut(Schema):
    month: str
    ledgers: list[AnalysisLedgerOut]
