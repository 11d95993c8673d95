"""Input and output of the reform task list (API.md "Supervision"); the pages parse their forms with the same inputs."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from qifu.core.schema_types import Day, Id, WriteIn, text_field
from qifu.supervision.models import MeasureKind, ReformProgress, ReformTask, ReportCycle
from qifu.supervision.reform_selectors import completion_light, report_light


class ReformTaskIn(WriteIn):
    number: int = Field(title="序号", ge=1, le=32767)
    area: str = text_field("所属板块", 100)
    title: str = text_field("主要任务", 100)
    content: str = text_field("具体工作内容", 5000)
    lead_department_ids: list[Id] = Field(title="牵头单位", min_length=1, max_length=50)
    responsible_department_ids: list[Id] = Field(default_factory=list, title="责任单位", max_length=100)
    due_on: Day | None = Field(None, title="完成时限")
    long_term: bool = Field(False, title="长期坚持")
    report_cycle: ReportCycle = Field(ReportCycle.MONTHLY, title="报送周期")
    lead_units: str = text_field("牵头单位（原文）", 300, required=False)
    responsible_units: str = text_field("责任单位（原文）", 500, required=False)
    deadline_text: str = text_field("完成时限（原文）", 30, required=False)


class ReformProgressIn(WriteIn):
    percent: int = Field(title="完成进度", ge=0, le=100)
    note: str = text_field("进展情况", 1000)


class ReformReportOut(Schema):
    id: int
    percent: int
    note: str
    department_id: int | None
    reported_by: str
    reported_on: dt.date
    attachments: list[str]

    @staticmethod
    def of(r: ReformProgress) -> ReformReportOut:
        return ReformReportOut(
            id=r.pk,
            percent=r.percent,
            note=r.note,
            department_id=r.department_id,
            reported_by=r.reported_by.label,
            reported_on=r.reported_on,
            attachments=[a.name for a in r.attachments.all()],
        )


class ReformTaskOut(Schema):
    id: int
    number: int
    area: str
    title: str
    content: str
    lead_units: str
    responsible_units: str
    lead_department_ids: list[int]
    responsible_department_ids: list[int]
    department_id: int
    deadline_text: str
    due_on: dt.date | None
    long_term: bool
    report_cycle: str
    next_report_on: dt.date | None
    status: str
    status_label: str
    percent: int
    last_note: str
    last_reported_at: dt.datetime | None
    due_at: dt.datetime
    light: str | None = Field(description="完成时限的亮灯（normal / warning / overdue）；长期任务与已完成任务为 null")
    report_light: str | None = Field(description="长期任务下次报送的亮灯；逾期未报送为 overdue")

    @staticmethod
    def of(t: ReformTask) -> ReformTaskOut:
        return ReformTaskOut(
            id=t.pk,
            number=t.number,
            area=t.area,
            title=t.title,
            content=t.content,
            lead_units=t.lead_units,
            responsible_units=t.responsible_units,
            lead_department_ids=sorted(d.pk for d in t.lead_departments.all()),
            responsible_department_ids=sorted(d.pk for d in t.responsible_departments.all()),
            department_id=t.department_id,
            deadline_text=t.deadline_text,
            due_on=t.due_on,
            long_term=t.long_term,
            report_cycle=t.report_cycle,
            next_report_on=t.next_report_on,
            status=t.status,
            status_label=t.get_status_display(),
            percent=t.percent,
            last_note=t.last_note,
            last_reported_at=t.last_reported_at,
            due_at=t.due_at,
            light=completion_light(t),
            report_light=report_light(t),
        )


class ReformTaskDetailOut(ReformTaskOut):
    reports: list[ReformReportOut]


class ReformTaskPageOut(Schema):
    items: list[ReformTaskOut]
    next_cursor: str | None


class ProblemClassIn(WriteIn):
    """The centre's record of one class of problems (一类问题)."""

    month: Day = Field(title="分析月份")
    category: str = text_field("诉求类别", 30)
    demand_ids: list[Id] = Field(title="关联诉求", min_length=3, max_length=500)
    title: str = text_field("问题名称", 100)
    root_cause: str = text_field("根源分析", 2000)
    measure_kind: MeasureKind = Field(title="系统性措施类型")
    measure: str = text_field("系统性措施", 2000)
    measure_on: Day = Field(title="措施实施日期")
