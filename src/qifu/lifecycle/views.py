"""Pages of the officers' service: the visits due and the plans, a visit, a plan, the enterprise's file (A4), and
leaders' assistance."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qifu.core.access import can
from qifu.core.errors import Conflict, ValidationFailed
from qifu.core.http import AuthedRequest
from qifu.core.inputs import errors_by_field, parse
from qifu.core.ui import flash_refusal, page
from qifu.demands.choices import DemandKind
from qifu.demands.models import DemandCategory
from qifu.enterprises.choices import LifecycleStage
from qifu.lifecycle import selectors, services
from qifu.lifecycle.choices import (
    SERVICE_CONTENT,
    AssistanceMode,
    PlanStatus,
    PlanTerminationReason,
    VisitMode,
    template_title,
)
from qifu.lifecycle.permissions import (
    access_assistance_for,
    access_plan_for,
    access_served_enterprise_for,
    access_task_for,
    assistances_for,
    may_manage_plan,
)
from qifu.lifecycle.schemas import (
    AssistanceIn,
    AssistanceRaiseIn,
    PlanCompleteIn,
    PlanIn,
    PlanTerminateIn,
    TaskProgressIn,
    VisitIn,
)
from qifu.lifecycle.transitions import PLAN_WORKFLOW, TASK_WORKFLOW

DEMAND_ROWS = 3


def _categories() -> list[DemandCategory]:
    return list(DemandCategory.objects.filter(is_active=True).order_by("pk"))


@page("lifecycle.view")
def index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    status = request.GET.get("status", "")
    if status not in PlanStatus.values:
        status = ""
    due = [
        {"e": e, "days": selectors.days_since(e.last_visit_on)}  # type: ignore[attr-defined]
        for e in selectors.visits_due(user).select_related("park").order_by("pk")[:200]
    ]
    return render(
        request,
        "lifecycle/index.html",
        {
            "due": due,
            "due_count": selectors.visits_due(user).count(),
            "cadence": selectors.visit_cutoff(),
            "visits": list(selectors.visits_for(user)[:30]),
            "plans": list(selectors.plan_list_for(user, status)[:100]),
            "status": status,
            "statuses": PlanStatus.choices,
            "may_visit": can(user, "visit.record"),
        },
    )


def _visit_data(post: QueryDict) -> dict[str, Any]:
    data: dict[str, Any] = {k: post.get(k, "") for k in ("visited_on", "mode", "situation", "difficulties", "plans")}
    data["demands"] = [
        {
            "kind": post.get(f"demand_kind_{i}") or DemandKind.NEED,
            "category": post.get(f"demand_category_{i}", ""),
            "title": post.get(f"demand_title_{i}", ""),
            "content": post.get(f"demand_content_{i}", ""),
        }
        for i in range(DEMAND_ROWS)
        if post.get(f"demand_title_{i}", "").strip()
    ]
    return data


@page("visit.record")
def visit_new(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    enterprise = access_served_enterprise_for(request.user, enterprise_id)
    errors: dict[str, str] = {}
    values: QueryDict | dict[str, str] = {"visited_on": timezone.localdate().isoformat(), "mode": VisitMode.ONSITE}
    if request.method == "POST":
        values = request.POST
        try:
            payload = parse(VisitIn, _visit_data(request.POST))
            visit = services.visit_record(
                actor=request.user,
                enterprise_id=enterprise.pk,
                **payload.model_dump(exclude={"demands"}),
                demands=payload.demands,
            )
            raised = list(visit.demands.all())
            text = "走访已记录并记入企业台账" + (
                f"，{len(raised)}项困难已转为诉求：" + "、".join(d.number for d in raised) if raised else ""
            )
            messages.success(request, text)
            return redirect("enterprises:detail", enterprise.pk)
        except ValidationFailed as exc:
            errors = errors_by_field(exc)
    return render(
        request,
        "lifecycle/visit_form.html",
        {
            "e": enterprise,
            "errors": errors,
            "values": values,
            "modes": VisitMode.choices,
            "kinds": DemandKind.choices,
            "categories": _categories(),
            "rows": range(DEMAND_ROWS),
        },
        status=422 if errors else 200,
    )


def _plan_data(post: QueryDict, stage: str) -> dict[str, Any]:
    tasks = []
    for i, (clause, text) in enumerate(SERVICE_CONTENT.get(stage, [])):
        if post.get(f"use_{i}"):
            tasks.append({"title": template_title(clause, text), "due_on": post.get(f"due_{i}", "")})
    if post.get("own_title", "").strip():
        tasks.append({"title": post.get("own_title", ""), "due_on": post.get("own_due", "")})
    return {
        "stage": stage,
        "goals": post.get("goals", ""),
        "deregistration_reason": post.get("deregistration_reason", ""),
        "tasks": tasks,
    }


@page("plan.manage")
def plan_new(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    enterprise = access_served_enterprise_for(request.user, enterprise_id)
    source = request.POST if request.method == "POST" else request.GET
    stage = source.get("stage") or enterprise.lifecycle_stage or LifecycleStage.OPERATION
    if stage not in LifecycleStage.values:
        stage = LifecycleStage.OPERATION
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            payload = parse(PlanIn, _plan_data(request.POST, stage))
            plan = services.plan_create(
                actor=request.user,
                enterprise_id=enterprise.pk,
                stage=payload.stage,
                goals=payload.goals,
                tasks=payload.tasks,
                deregistration_reason=payload.deregistration_reason,
            )
        except ValidationFailed as exc:
            errors = errors_by_field(exc)
        except Conflict as exc:
            messages.error(request, exc.detail)
        else:
            messages.success(request, "服务方案已制定")
            return redirect("lifecycle:plan", plan_id=plan.pk)
    default_due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    templates = [
        {
            "i": i,
            "clause": clause,
            "text": text,
            "checked": request.POST.get(f"use_{i}") if request.method == "POST" else True,
            "due": request.POST.get(f"due_{i}", default_due) if request.method == "POST" else default_due,
        }
        for i, (clause, text) in enumerate(SERVICE_CONTENT[stage])
    ]
    return render(
        request,
        "lifecycle/plan_form.html",
        {
            "e": enterprise,
            "stage": stage,
            "stages": LifecycleStage.choices,
            "templates": templates,
            "errors": errors,
            "values": request.POST,
            "deregistration": stage == LifecycleStage.DEREGISTRATION,
        },
        status=422 if errors else 200,
    )


@page("lifecycle.view")
def plan_detail(request: AuthedRequest, plan_id: int) -> HttpResponse:
    plan = access_plan_for(request.user, plan_id)
    tasks = list(plan.tasks.all())
    manage = may_manage_plan(request.user, plan)
    return render(
        request,
        "lifecycle/plan_detail.html",
        {
            "plan": plan,
            "tasks": [
                {"t": t, "light": TASK_WORKFLOW.light(t), "may": manage and TASK_WORKFLOW.allowed(t.status, "progress")}
                for t in tasks
            ],
            "may_complete": PLAN_WORKFLOW.may(request.user, plan, "complete"),
            "may_terminate": PLAN_WORKFLOW.may(request.user, plan, "terminate"),
            "reasons": PlanTerminationReason.choices,
            "timeline": selectors.plan_timeline(plan),
        },
    )


@page("lifecycle.view")
@require_POST
def plan_action(request: AuthedRequest, plan_id: int, action: str) -> HttpResponse:
    access_plan_for(request.user, plan_id)  # 404 outside the user's view, before the form is read
    with flash_refusal(request):
        if action == "complete":
            services.plan_complete(actor=request.user, plan_id=plan_id, note=parse(PlanCompleteIn, request.POST).note)
            messages.success(request, "服务方案已完成，归入企业服务档案")
        elif action == "terminate":
            payload = parse(PlanTerminateIn, request.POST)
            services.plan_terminate(
                actor=request.user, plan_id=plan_id, reason_code=payload.reason_code, note=payload.note
            )
            messages.success(request, f"服务已终止（{PlanTerminationReason(payload.reason_code).label}）")
        else:
            raise Http404
    return redirect("lifecycle:plan", plan_id=plan_id)


@page("lifecycle.view")
@require_POST
def task_progress(request: AuthedRequest, task_id: int) -> HttpResponse:
    task = access_task_for(request.user, task_id)  # 404 outside the user's view, before the form is read
    with flash_refusal(request):
        payload = parse(TaskProgressIn, request.POST)
        done = services.task_progress(actor=request.user, task_id=task_id, progress=payload.progress, note=payload.note)
        messages.success(request, "任务已完成" if done.progress == 100 else f"进度已更新为 {done.progress}%")
    return redirect("lifecycle:plan", plan_id=task.plan_id)


@page("lifecycle.view")
def enterprise_file(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    """The officer's file of one enterprise (DB4106/T 98 §4, last item): plans, ledger, visits and evaluations,
    one A4 archive."""
    enterprise = access_served_enterprise_for(request.user, enterprise_id)
    return render(
        request,
        "lifecycle/file.html",
        {"e": enterprise, **selectors.enterprise_file(enterprise), "printed_at": timezone.localtime()},
    )


@page("assist.view")
def assistance(request: AuthedRequest) -> HttpResponse:
    user = request.user
    errors: dict[str, str] = {}
    values: QueryDict | dict[str, str] = {"assisted_on": timezone.localdate().isoformat()}
    if request.method == "POST":
        if not can(user, "assist.record"):
            raise PermissionDenied
        values = request.POST
        try:
            payload = parse(AssistanceIn, request.POST)
            services.assistance_record(actor=user, **payload.model_dump())
            messages.success(request, "帮办记录已保存")
            return redirect("lifecycle:assistance")
        except ValidationFailed as exc:
            errors = errors_by_field(exc)
    year = timezone.localdate().year
    return render(
        request,
        "lifecycle/assistance.html",
        {
            "records": list(selectors.assistances_of(assistances_for(user))[:100]),
            "leaders": selectors.leaders_of_year(user, year),
            "year": year,
            "may_record": can(user, "assist.record"),
            "may_raise": can(user, "demand.register"),
            "modes": AssistanceMode.choices,
            "categories": _categories(),
            "errors": errors,
            "values": values,
        },
        status=422 if errors else 200,
    )


@page("assist.view")
@require_POST
def assistance_raise(request: AuthedRequest, assistance_id: int) -> HttpResponse:
    access_assistance_for(request.user, assistance_id)  # 404 outside the user's view, before the form is read
    with flash_refusal(request):
        payload = parse(AssistanceRaiseIn, request.POST)
        record = services.assistance_raise(
            actor=request.user, assistance_id=assistance_id, category=payload.category, title=payload.title
        )
        messages.success(request, f"已转为诉求 {record.demand.number if record.demand else ''}")
    return redirect("lifecycle:assistance")
