"""Key-project pages (重点项目): the list with the 滞后 filter and its total, the registration form with the
default milestones, and one project's page with its milestone timeline, its forms and its linked applications
and demands. Rules live in the services; these views parse, call and render."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.applications.permissions import applications_visible_to
from qifu.core.access import can, role_of
from qifu.core.choices import Light
from qifu.core.cleaning import parse_id
from qifu.core.errors import DomainError, FieldError, ValidationFailed
from qifu.core.http import AuthedRequest
from qifu.core.inputs import parse
from qifu.core.pagination import keyset_page
from qifu.core.ui import flash_refusal, page
from qifu.demands.permissions import demands_visible_to
from qifu.enterprises.selectors import enterprise_list_for
from qifu.orgs.models import Department
from qifu.projects import selectors, services
from qifu.projects.choices import DEFAULT_MILESTONES, MilestoneStatus, ProjectStage
from qifu.projects.models import Milestone, Project
from qifu.projects.permissions import access_project_for, may_update
from qifu.projects.schemas import ApplicationLinkIn, DemandLinkIn, MilestoneDoneIn, MilestoneIn, ProjectIn
from qifu.projects.transitions import WORKFLOW

PAGE_SIZE = 30
CUSTOM_ROWS = 2  # blank rows for custom milestones on the registration form


def _progress(project: Project) -> dict[str, Any]:
    milestones = list(project.milestones.all())
    done = sum(1 for m in milestones if m.status == MilestoneStatus.DONE)
    return {"done": done, "total": len(milestones), "stalled": selectors.is_stalled(project)}


@page("project.view")
def project_list(request: AuthedRequest) -> HttpResponse:
    stalled = request.GET.get("stalled") == "1"
    qs = selectors.project_list_for(request.user, stalled=stalled)
    rows, next_cursor = keyset_page(qs, cursor=request.GET.get("cursor"), limit=PAGE_SIZE)
    return render(
        request,
        "projects/list.html",
        {
            "items": [{"p": p, **_progress(p)} for p in rows],
            "total": qs.select_related(None).prefetch_related(None).count(),
            "stalled": stalled,
            "next_url": "?" + urlencode({"stalled": "1" if stalled else "", "cursor": next_cursor})
            if next_cursor
            else "",
            "first_page": not request.GET.get("cursor"),
            "can_create": can(request.user, "project.manage"),
        },
    )


def _milestone_rows(post: QueryDict | None) -> tuple[list[dict[str, Any]], list[tuple[str, dt.date]], dict[str, str]]:
    """The form's milestone rows (the default set, then blank custom ones): what to show, what was entered, and
    the errors by row field. A row without a planned date is left out."""
    names = [*DEFAULT_MILESTONES, *[""] * CUSTOM_ROWS]
    rows: list[dict[str, Any]] = []
    chosen: list[tuple[str, dt.date]] = []
    errors: dict[str, str] = {}
    for i, default in enumerate(names):
        name = post.get(f"m{i}_name", default).strip() if post is not None else default
        planned = post.get(f"m{i}_planned_on", "").strip() if post is not None else ""
        rows.append(
            {
                "i": i,
                "name": name,
                "planned_on": planned,
                "custom": not default,
                "name_key": f"m{i}_name",
                "date_key": f"m{i}_planned_on",
            }
        )
        if post is None or not planned:
            continue
        try:
            fields = parse(MilestoneIn, {"name": name, "planned_on": planned})
        except ValidationFailed as exc:
            for e in exc.errors:
                errors[f"m{i}_{e.field}"] = e.message
        else:
            chosen.append((fields.name, fields.planned_on))
    return rows, chosen, errors


@page("project.manage")
def project_create(request: AuthedRequest) -> HttpResponse:
    values: dict[str, Any] = {"stage": ProjectStage.SIGNED}
    errors: dict[str, str] = {}
    rows, chosen, row_errors = _milestone_rows(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name in ProjectIn.model_fields}
        try:
            fields = parse(ProjectIn, request.POST)
            if row_errors:
                raise ValidationFailed("节点信息有误", [FieldError(k, v) for k, v in row_errors.items()])
            project = services.project_create(actor=request.user, **fields.model_dump(), milestones=chosen)
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors = {e.field: e.message for e in exc.errors} | row_errors
            messages.error(request, "请按提示修改标红的项目后再保存" if errors else exc.detail)
        else:
            messages.success(request, f"重点项目“{project.name}”已登记，共 {len(chosen)} 个节点。")
            return redirect("projects:detail", project_id=project.pk)
    return render(
        request,
        "projects/form.html",
        {
            "v": values,
            "errors": errors,
            "rows": rows,
            "stages": ProjectStage.choices,
            "enterprises": list(
                enterprise_list_for(request.user)
                .select_related(None)
                .prefetch_related(None)
                .order_by("name")
                .only("pk", "name")[:500]
            ),
            "departments": Department.objects.filter(is_active=True),
            "specialists": User.objects.filter(role=Role.SERVICE_OFFICER, is_active=True).order_by("username"),
        },
    )


def _milestone_view(m: Milestone, today: dt.date) -> dict[str, Any]:
    light = WORKFLOW.light(m)
    late_days = (today - m.planned_on).days if light == Light.OVERDUE else 0
    return {"m": m, "light": light, "late_days": late_days}


@page("project.view")
def project_detail(request: AuthedRequest, project_id: int) -> HttpResponse:
    user = request.user
    project = access_project_for(user, project_id)
    today = timezone.localdate()
    milestones = [_milestone_view(m, today) for m in project.milestones.all()]
    linked_applications = list(project.applications.select_related("item_version", "bundle").order_by("-id"))
    linked_demands = list(project.demands.order_by("-id"))
    editable = may_update(user, project)
    context: dict[str, Any] = {
        "p": project,
        "milestones": milestones,
        "stalled": any(m["light"] == Light.OVERDUE for m in milestones),
        "done": sum(1 for m in milestones if m["m"].status == MilestoneStatus.DONE),
        # The earliest milestone not done: its form is open, the others' folded.
        "next_id": next((m["m"].pk for m in milestones if m["m"].status == MilestoneStatus.PLANNED), None),
        "applications": linked_applications,
        "demands": linked_demands,
        "editable": editable,
        "today": today,
        "staff": role_of(user) != Role.ENTERPRISE,
    }
    if editable:
        mine = {"enterprise_id": project.enterprise_id}
        context["application_choices"] = list(
            applications_visible_to(user)
            .filter(**mine)
            .exclude(projects=project)
            .select_related("item_version", "bundle")
            .order_by("-id")[:100]
        )
        context["demand_choices"] = list(
            demands_visible_to(user).filter(**mine).exclude(projects=project).order_by("-id")[:100]
        )
        taken = {m["m"].name for m in milestones}
        context["missing_defaults"] = [n for n in DEFAULT_MILESTONES if n not in taken]
    return render(request, "projects/detail.html", context)


def _add(user: User, project_id: int, post: QueryDict) -> str:
    fields = parse(MilestoneIn, post)
    milestone = services.milestone_add(
        actor=user, project_id=project_id, name=fields.name, planned_on=fields.planned_on
    )
    return f"已新增节点“{milestone.name}”，计划 {milestone.planned_on:%Y-%m-%d} 完成。"


def _done(user: User, project_id: int, post: QueryDict) -> str:
    fields = parse(MilestoneDoneIn, post)
    milestone_id = parse_id("milestone_id", "节点", post.get("milestone_id"))
    if milestone_id is None:
        raise Http404
    milestone = services.milestone_done(
        actor=user, project_id=project_id, milestone_id=milestone_id, done_on=fields.done_on, note=fields.note
    )
    return f"节点“{milestone.name}”已完成（{milestone.done_on:%Y-%m-%d}）。"


def _link_application(user: User, project_id: int, post: QueryDict) -> str:
    fields = parse(ApplicationLinkIn, post)
    services.project_link_application(actor=user, project_id=project_id, application_id=fields.application_id)
    return "已关联办件。"


def _link_demand(user: User, project_id: int, post: QueryDict) -> str:
    fields = parse(DemandLinkIn, post)
    services.project_link_demand(actor=user, project_id=project_id, demand_id=fields.demand_id)
    return "已关联诉求。"


FORMS = {"milestone": _add, "done": _done, "application": _link_application, "demand": _link_demand}


@page("project.view")
@require_POST
def project_action(request: AuthedRequest, project_id: int, action: str) -> HttpResponse:
    access_project_for(request.user, project_id)
    form = FORMS.get(action)
    if form is None:
        raise Http404
    with flash_refusal(request):
        messages.success(request, form(request.user, project_id, request.POST))
    return redirect("projects:detail", project_id=project_id)
