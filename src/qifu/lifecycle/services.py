"""Every write of the officers' full-lifecycle service: visits (with the ledger and the demands they raise),
service plans and their tasks (through their workflows), and leaders' assistance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from qifu.accounts.models import User
from qifu.core import deadlines
from qifu.core.access import require
from qifu.core.audit import audit_record, register_action_labels
from qifu.core.errors import Conflict, FieldError, ValidationFailed
from qifu.core.identifiers import clean_uscc
from qifu.core.inputs import parse
from qifu.core.workcalendar import end_of_day, get_calendar
from qifu.demands.choices import Channel
from qifu.demands.schemas import DemandIn
from qifu.demands.services import demand_register
from qifu.enterprises.choices import LedgerCategory, LifecycleStage
from qifu.enterprises.models import Enterprise
from qifu.enterprises.services import ledger_entry_add
from qifu.lifecycle.choices import AssistanceMode, PlanStatus, PlanTerminationReason, TaskStatus, VisitMode
from qifu.lifecycle.models import LeaderAssistance, PlanTask, ServicePlan, Visit
from qifu.lifecycle.permissions import (
    access_assistance_for,
    access_plan_for,
    access_served_enterprise_for,
    access_task_for,
)
from qifu.lifecycle.schemas import TaskIn, VisitDemandIn
from qifu.lifecycle.transitions import PLAN_WORKFLOW, TASK_WORKFLOW

register_action_labels(
    {
        "visit.record": "走访 记录走访",
        "assistance.record": "领导帮办 记录帮办",
        "assistance.raise": "领导帮办 发现问题转为诉求",
    }
)


def _not_future(field: str, day: dt.date, what: str) -> None:
    if day > timezone.localdate():
        raise ValidationFailed.field(field, f"{what}不能晚于今天")


# ---------------------------------------------------------------- visits (走访)


def _ledger_text(mode: str, situation: str, difficulties: str, plans: str) -> str:
    parts = [f"【{VisitMode(mode).label}走访】企业情况：{situation}"]
    if difficulties:
        parts.append(f"困难问题：{difficulties}")
    if plans:
        parts.append(f"发展计划：{plans}")
    return "\n".join(parts)


@transaction.atomic
def visit_record(
    *,
    actor: User,
    enterprise_id: int,
    visited_on: dt.date,
    mode: str,
    situation: str,
    difficulties: str = "",
    plans: str = "",
    demands: list[VisitDemandIn] | None = None,
) -> Visit:
    """A visit by the enterprise's officer or its park liaison: it enters the ledger (category 走访), and each
    difficulty raised becomes a demand with channel `visit`."""
    enterprise = access_served_enterprise_for(actor, enterprise_id)
    require(actor, "visit.record")
    _not_future("visited_on", visited_on, "走访日期")
    entry = ledger_entry_add(
        actor=actor,
        enterprise_id=enterprise.pk,
        entry_date=visited_on,
        category=LedgerCategory.VISIT,
        content=_ledger_text(mode, situation, difficulties, plans),
    )
    visit = Visit.objects.create(
        enterprise=enterprise,
        visited_on=visited_on,
        mode=mode,
        situation=situation,
        difficulties=difficulties,
        plans=plans,
        visitor=actor,
        ledger_entry=entry,
    )
    raised = [
        demand_register(
            actor=actor,
            payload=parse(
                DemandIn,
                {
                    "enterprise_id": enterprise.pk,
                    "kind": d.kind,
                    "channel": Channel.VISIT,
                    "category": d.category,
                    "title": d.title,
                    "content": d.content,
                },
            ),
        )
        for d in demands or []
    ]
    visit.demands.add(*raised)
    audit_record(
        actor=actor,
        action="visit.record",
        obj=visit,
        summary=f"{enterprise.name} {VisitMode(mode).label}走访 {visited_on}"
        + (f"，转诉求{len(raised)}件" if raised else ""),
        data={"enterprise_id": enterprise.pk, "mode": mode, "demand_ids": [d.pk for d in raised]},
    )
    return visit


# ---------------------------------------------------------------- service plans (服务方案)


def _task_deadline(today: dt.date, due_on: dt.date) -> dict[str, Any]:
    """The task runs out at the end of its day; it turns `warning` as a case of that many working days would."""
    days = max(get_calendar().workdays_between(today, due_on), 0)
    due_at = end_of_day(due_on)
    return {"due_at": due_at, "warning_at": min(deadlines.compute(today, days).warning_at, due_at)}


@transaction.atomic
def plan_create(
    *,
    actor: User,
    enterprise_id: int,
    stage: str,
    goals: str,
    tasks: list[TaskIn],
    deregistration_reason: str = "",
) -> ServicePlan:
    """A plan for one lifecycle stage; one running plan per stage of an enterprise."""
    enterprise = Enterprise.objects.select_for_update().get(pk=access_served_enterprise_for(actor, enterprise_id).pk)
    require(actor, "plan.manage")
    today = timezone.localdate()
    errors = [FieldError("tasks", f"服务任务“{t.title[:20]}”的完成期限不能早于今天") for t in tasks if t.due_on < today]
    if stage == LifecycleStage.DEREGISTRATION and not deregistration_reason:
        errors.append(FieldError("deregistration_reason", "注销服务方案请填写企业注销原因（DB4106/T 98 5.5.1）"))
    if errors:
        raise ValidationFailed("服务方案有误：" + "；".join(e.message for e in errors), errors)
    if ServicePlan.objects.filter(enterprise=enterprise, stage=stage, status=PlanStatus.ACTIVE).exists():
        raise Conflict(f"{enterprise.name}已有服务中的“{LifecycleStage(stage).label}”服务方案")
    plan = ServicePlan.objects.create(
        enterprise=enterprise,
        stage=stage,
        goals=goals,
        deregistration_reason=deregistration_reason if stage == LifecycleStage.DEREGISTRATION else "",
        created_by=actor,
    )
    PlanTask.objects.bulk_create(
        PlanTask(plan=plan, title=t.title, due_on=t.due_on, **_task_deadline(today, t.due_on)) for t in tasks
    )
    PLAN_WORKFLOW.record(
        plan,
        actor=actor,
        action="create",
        note=goals,
        data={"stage": stage, "tasks": len(tasks)},
    )
    return plan


@transaction.atomic
def plan_complete(*, actor: User, plan_id: int, note: str = "") -> ServicePlan:
    plan = access_plan_for(actor, plan_id, write=True)
    PLAN_WORKFLOW.check(plan, actor, "complete")
    if plan.tasks.filter(status=TaskStatus.OPEN).exists():
        raise Conflict("服务方案尚有未完成的服务任务，请先完成或更新进度")
    return PLAN_WORKFLOW.act(plan, actor=actor, action="complete", note=note, checked=True)


@transaction.atomic
def plan_terminate(*, actor: User, plan_id: int, reason_code: str, note: str) -> ServicePlan:
    """End the service for one of the reasons of DB4106/T 98-2023 §6; its open tasks end with it."""
    plan = access_plan_for(actor, plan_id, write=True)
    reason = PlanTerminationReason(reason_code)
    plan = PLAN_WORKFLOW.act(
        plan,
        actor=actor,
        action="terminate",
        note=f"{reason.label}：{note}",
        data={"reason_code": reason_code},
        updates={"termination_reason": reason_code, "termination_note": note},
    )
    for task in plan.tasks.filter(status=TaskStatus.OPEN):
        TASK_WORKFLOW.act(task, actor=None, action="cancel", note=reason.label)
    return plan


@transaction.atomic
def task_progress(*, actor: User, task_id: int, progress: int, note: str = "") -> PlanTask:
    """Record a task's progress; at 100% the task is done."""
    task = access_task_for(actor, task_id)
    if task.plan.status != PlanStatus.ACTIVE:
        raise Conflict(f"服务方案{task.plan.get_status_display()}，不能更新任务进度")
    action = "complete" if progress == 100 else "progress"
    return TASK_WORKFLOW.act(
        task,
        actor=actor,
        action=action,
        note=note,
        data={"progress": progress},
        updates={"progress": progress, "progress_note": note},
    )


# ---------------------------------------------------------------- leaders' assistance (领导干部帮办)


@transaction.atomic
def assistance_record(
    *,
    actor: User,
    assisted_on: dt.date,
    mode: str,
    matter: str,
    uscc: str = "",
    findings: str = "",
    measures: str = "",
) -> LeaderAssistance:
    """A department leader's in-person assistance (陪同办理、体验式办理), for the leader's own department."""
    require(actor, "assist.record")
    if actor.department_id is None:
        raise ValidationFailed.field("department", "账号未关联部门，不能记录帮办")
    _not_future("assisted_on", assisted_on, "帮办日期")
    enterprise = None
    if uscc:
        enterprise = Enterprise.objects.filter(uscc=clean_uscc(uscc)).first()
        if enterprise is None:
            raise ValidationFailed.field("uscc", f"统一社会信用代码 {uscc} 未在企业库登记")
    record = LeaderAssistance.objects.create(
        leader=actor,
        department_id=actor.department_id,
        assisted_on=assisted_on,
        mode=mode,
        matter=matter,
        enterprise=enterprise,
        findings=findings,
        measures=measures,
    )
    audit_record(
        actor=actor,
        action="assistance.record",
        obj=record,
        summary=f"{actor.label} {AssistanceMode(mode).label}：{matter}"[:500],
        data={
            "department_id": actor.department_id,
            "enterprise_id": enterprise.pk if enterprise else None,
            "assisted_on": str(assisted_on),
        },
    )
    return record


@transaction.atomic
def assistance_raise(*, actor: User, assistance_id: int, category: str, title: str) -> LeaderAssistance:
    """The centre raises a leader's finding as a demand, so that it runs the closed loop."""
    record = access_assistance_for(actor, assistance_id, write=True)
    require(actor, "demand.register")
    if record.demand_id is not None:
        raise Conflict("该帮办发现的问题已转为诉求")
    errors = []
    if record.enterprise_id is None:
        errors.append(FieldError("enterprise_id", "该帮办记录未关联企业，不能转为诉求"))
    if not record.findings:
        errors.append(FieldError("findings", "该帮办记录没有发现的问题"))
    if errors:
        raise ValidationFailed("不能转为诉求：" + "；".join(e.message for e in errors), errors)
    channel = Channel.FALLBACK_WINDOW if record.mode == AssistanceMode.FALLBACK_WINDOW else Channel.WINDOW
    demand = demand_register(
        actor=actor,
        payload=parse(
            DemandIn,
            {
                "enterprise_id": record.enterprise_id,
                "channel": channel,
                "category": category,
                "title": title,
                "content": f"{record.department.name}{record.leader.label}{record.get_mode_display()}"
                f"（{record.assisted_on:%Y-%m-%d}，{record.matter}）发现：{record.findings}",
            },
        ),
    )
    LeaderAssistance.objects.filter(pk=record.pk).update(demand=demand)
    record.demand = demand
    audit_record(
        actor=actor,
        action="assistance.raise",
        obj=record,
        summary=f"领导帮办发现的问题转为诉求 {demand.number}",
        data={"demand_id": demand.pk},
    )
    return record
