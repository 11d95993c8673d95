"""Input and output of key projects (API.md "Key projects"); the pages parse their forms with the same inputs."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field

from qifu.core.schema_types import Day, Id, Money, WriteIn
from qifu.projects.choices import ProjectStage
from qifu.projects.models import Milestone, Project
from qifu.projects.selectors import is_stalled
from qifu.projects.transitions import WORKFLOW


class ProjectIn(WriteIn):
    name: str = Field(title="项目名称", min_length=1, max_length=200)
    enterprise_id: Id = Field(title="项目企业")
    leader_name: str = Field(title="挂点区领导", min_length=1, max_length=50)
    department_id: Id = Field(title="责任部门")
    specialist_id: Id = Field(title="项目专员")
    investment: Money = Field(title="总投资（万元）")
    stage: ProjectStage = Field(title="项目阶段")


class MilestoneIn(WriteIn):
    name: str = Field(title="节点名称", min_length=1, max_length=50)
    planned_on: Day = Field(title="计划完成日期")


class MilestoneDoneIn(WriteIn):
    done_on: Day = Field(title="实际完成日期")
    note: str = Field("", title="完成情况", max_length=500)


class ApplicationLinkIn(WriteIn):
    application_id: Id = Field(title="办件")


class DemandLinkIn(WriteIn):
    demand_id: Id = Field(title="诉求")


class MilestoneOut(Schema):
    id: int
    name: str
    planned_on: dt.date
    done_on: dt.date | None
    status: str
    status_label: str
    due_at: dt.datetime
    light: str | None
    note: str

    @staticmethod
    def of(m: Milestone) -> MilestoneOut:
        return MilestoneOut(
            id=m.pk,
            name=m.name,
            planned_on=m.planned_on,
            done_on=m.done_on,
            status=m.status,
            status_label=m.get_status_display(),
            due_at=m.due_at,
            light=WORKFLOW.light(m),
            note=m.note,
        )


class ProjectOut(Schema):
    id: int
    name: str
    enterprise_id: int
    enterprise_name: str
    leader_name: str
    department_id: int
    department_name: str
    specialist_id: int
    specialist_name: str
    investment: Decimal
    stage: str
    stage_label: str
    stalled: bool
    milestones: list[MilestoneOut]
    application_ids: list[int]
    demand_ids: list[int]

    @staticmethod
    def of(p: Project) -> ProjectOut:
        """The project with its milestones (in planned order) and links; call with them prefetched in lists."""
        return ProjectOut(
            id=p.pk,
            name=p.name,
            enterprise_id=p.enterprise_id,
            enterprise_name=p.enterprise.name,
            leader_name=p.leader_name,
            department_id=p.department_id,
            department_name=p.department.name,
            specialist_id=p.specialist_id,
            specialist_name=p.specialist.label,
            investment=p.investment,
            stage=p.stage,
            stage_label=p.get_stage_display(),
            stalled=is_stalled(p),
            milestones=[MilestoneOut.of(m) for m in p.milestones.all()],
            application_ids=sorted(a.pk for a in p.applications.all()),
            demand_ids=sorted(d.pk for d in p.demands.all()),
        )


class ProjectPageOut(Schema):
    items: list[ProjectOut]
    next_cursor: str | None
