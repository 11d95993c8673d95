"""Every write of key projects: registering a project with its milestones, adding and completing milestones
(through the milestone workflow), linking applications and demands, and the one reminder of a late milestone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.applications.permissions import access_application_for
from qifu.core.access import require
from qifu.core.audit import audit_record, register_action_labels
from qifu.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from qifu.core.workcalendar import SHANGHAI, end_of_day
from qifu.core.workflow import Notice
from qifu.demands.permissions import access_demand_for
from qifu.enterprises.permissions import access_enterprise_for
from qifu.orgs.models import Department
from qifu.projects.models import Milestone, Project
from qifu.projects.permissions import access_project_for
from qifu.projects.selectors import late_milestones
from qifu.projects.transitions import WORKFLOW

register_action_labels(
    {
        "project.create": "重点项目 登记项目",
        "project.link_application": "重点项目 关联办件",
        "project.link_demand": "重点项目 关联诉求",
    }
)


WARNING_DAYS = 7  # a milestone's light turns warning a week before its planned day


def _deadline(planned_on: dt.date) -> dict[str, dt.datetime]:
    """A milestone is due at the end of its planned day (core.workcalendar.end_of_day); warned a week before."""
    warn_day = planned_on - dt.timedelta(days=WARNING_DAYS)
    return {
        "due_at": end_of_day(planned_on),
        "warning_at": dt.datetime.combine(warn_day, dt.time(0, 0), tzinfo=SHANGHAI),
    }


def _add_milestone(*, actor: User, project: Project, name: str, planned_on: dt.date) -> Milestone:
    if project.milestones.filter(name=name).exists():
        raise ValidationFailed.field("name", f"该项目已有“{name}”节点")
    milestone = Milestone.objects.create(project=project, name=name, planned_on=planned_on, **_deadline(planned_on))
    WORKFLOW.record(milestone, actor=actor, action="create", note=f"计划 {planned_on:%Y-%m-%d} 完成")
    return milestone


@transaction.atomic
def project_create(
    *,
    actor: User,
    name: str,
    enterprise_id: int,
    leader_name: str,
    department_id: int,
    specialist_id: int,
    investment: Decimal,
    stage: str,
    milestones: Sequence[tuple[str, dt.date]] = (),
) -> Project:
    """The centre registers a key project ("三个一") with its first milestones (name, planned date)."""
    require(actor, "project.manage")
    errors = []
    try:
        enterprise = access_enterprise_for(actor, enterprise_id, related=False)
    except NotFound:
        errors.append(FieldError("enterprise_id", "项目企业不存在"))
    department = Department.objects.filter(pk=department_id, is_active=True).first()
    if department is None:
        errors.append(FieldError("department_id", "责任部门不存在或已停用"))
    specialist = User.objects.filter(pk=specialist_id, role=Role.SERVICE_OFFICER, is_active=True).first()
    if specialist is None:
        errors.append(FieldError("specialist_id", "项目专员应为在岗的助企干部"))
    names = [n for n, _ in milestones]
    if len(set(names)) != len(names):
        errors.append(FieldError("milestones", "节点名称不能重复"))
    if errors or department is None or specialist is None:
        raise ValidationFailed("项目信息有误：" + "；".join(e.message for e in errors), errors)
    project = Project.objects.create(
        name=name,
        enterprise=enterprise,
        leader_name=leader_name,
        department=department,
        specialist=specialist,
        investment=investment,
        stage=stage,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="project.create",
        obj=project,
        summary=f"登记重点项目 {name}（{enterprise.name}）",
        data={"department_id": department_id, "specialist_id": specialist_id, "investment": str(investment)},
    )
    for milestone_name, planned_on in milestones:
        _add_milestone(actor=actor, project=project, name=milestone_name, planned_on=planned_on)
    return project


@transaction.atomic
def milestone_add(*, actor: User, project_id: int, name: str, planned_on: dt.date) -> Milestone:
    """Add a milestone (one of the default set or a custom one) with its planned date."""
    project = access_project_for(actor, project_id, write=True)
    return _add_milestone(actor=actor, project=project, name=name, planned_on=planned_on)


@transaction.atomic
def milestone_done(*, actor: User, project_id: int, milestone_id: int, done_on: dt.date, note: str = "") -> Milestone:
    """Record that a milestone is done, on a day not in the future."""
    project = access_project_for(actor, project_id)
    milestone = project.milestones.filter(pk=milestone_id).first()
    if milestone is None:
        raise NotFound()
    milestone.project = project
    WORKFLOW.check(milestone, actor, "done")
    if done_on > timezone.localdate():
        raise ValidationFailed.field("done_on", "实际完成日期不能晚于今天")
    late = f"，较计划晚 {(done_on - milestone.planned_on).days} 天" if done_on > milestone.planned_on else ""
    return WORKFLOW.act(
        milestone,
        actor=actor,
        action="done",
        note=note or f"{done_on:%Y-%m-%d} 完成{late}",
        public=f"{milestone.name} {done_on:%Y-%m-%d} 完成",
        checked=True,
        updates={"done_on": done_on, "note": note},
    )


def _link(actor: User, project_id: int, *, kind: str, noun: str, case_id: int, access: Any) -> Project:
    """Link one of the project enterprise's cases (`kind`: applications or demands) that the actor may see."""
    project = access_project_for(actor, project_id, write=True)
    field = f"{kind[:-1]}_id"
    try:
        case = access(actor, case_id)
    except NotFound:
        raise ValidationFailed.field(field, f"{noun}不存在") from None
    if case.enterprise_id != project.enterprise_id:
        raise ValidationFailed.field(field, f"只能关联本项目企业的{noun}")
    linked = getattr(project, kind)
    if linked.filter(pk=case.pk).exists():
        raise Conflict(f"{noun} {case.number} 已关联本项目")
    linked.add(case)
    audit_record(
        actor=actor,
        action=f"project.link_{kind[:-1]}",
        obj=project,
        summary=f"{project.name} 关联{noun} {case.number}",
        data={field: case.pk},
    )
    return project


@transaction.atomic
def project_link_application(*, actor: User, project_id: int, application_id: int) -> Project:
    """Link one of the enterprise's applications (办件) that the actor may see to the project."""
    return _link(
        actor, project_id, kind="applications", noun="办件", case_id=application_id, access=access_application_for
    )


@transaction.atomic
def project_link_demand(*, actor: User, project_id: int, demand_id: int) -> Project:
    """Link one of the enterprise's demands (诉求) that the actor may see to the project."""
    return _link(actor, project_id, kind="demands", noun="诉求", case_id=demand_id, access=access_demand_for)


def remind_stalled(now: dt.datetime | None = None) -> dict[str, int]:
    """Remind the specialist once of each milestone past its planned day (the project is 滞后). The reminder is a
    side action that sets `reminded_at` only where it is still empty, so two runs never remind twice."""
    now = now or timezone.now()
    reminded = 0
    due = late_milestones(now).filter(reminded_at__isnull=True).select_related("project__specialist")
    for milestone in due[:1000]:
        try:
            WORKFLOW.act(
                milestone,
                actor=None,
                actor_label="系统",
                action="remind",
                note=f"已过计划完成日期 {milestone.planned_on:%Y-%m-%d}，项目滞后，已提醒项目专员",
                internal=True,
                updates={"reminded_at": now},
                when={"reminded_at__isnull": True},
                notices=[
                    Notice(
                        [milestone.project.specialist],
                        "重点项目节点滞后",
                        f"“{milestone.name}”计划 {milestone.planned_on:%Y-%m-%d} 完成，至今未完成，请协调推进。",
                    )
                ],
            )
        except Conflict:  # another run reminded it (or it was just done)
            continue
        reminded += 1
    return {"reminded": reminded}
