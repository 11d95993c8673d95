"""Service-day pages: the calendar-like list with the figures, one session with its units and people, its
registrations, lists, on-site records and raised demands, and the forms each role may use there; the park's list
push (rows or .xlsx) and the centre's classification; the printable session record; the roster."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from itertools import groupby
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.core.access import can, role_of
from qifu.core.cleaning import parse_day, parse_id
from qifu.core.errors import DomainError, FieldError, ValidationFailed
from qifu.core.http import AuthedRequest
from qifu.core.inputs import parse
from qifu.core.ui import FormState, page, submit
from qifu.demands.choices import Complexity, DemandKind
from qifu.demands.selectors import categories
from qifu.enterprises.selectors import enterprise_list_for
from qifu.orgs.models import Department, Park
from qifu.orgs.schemas import ServiceGroupMemberIn
from qifu.orgs.services import service_group_member_save
from qifu.servicedays import selectors, services, spreadsheets
from qifu.servicedays.choices import WEEKDAYS, ServiceKind
from qifu.servicedays.models import ServiceDay
from qifu.servicedays.permissions import access_demand_list_for, access_service_day_for
from qifu.servicedays.schemas import (
    CancelIn,
    ClassifyIn,
    CloseIn,
    DemandListIn,
    DemandListRowIn,
    DesignationIn,
    RecordIn,
    RegistrationIn,
    ScheduleIn,
)
from qifu.servicedays.transitions import WORKFLOW

LIST_ROWS = 6  # empty rows on the push form
ENTERPRISE_CHOICES = 500


def _enterprises(user: Any, park_id: int | None = None) -> list[Any]:
    qs = enterprise_list_for(user).select_related(None).prefetch_related(None)
    if park_id is not None:
        qs = qs.filter(park_id=park_id)
    return list(qs.order_by("name").only("pk", "name")[:ENTERPRISE_CHOICES])


@page("serviceday.view")
def service_day_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    try:
        start = parse_day("from", "开始日期", request.GET.get("from")) or today - dt.timedelta(weeks=6)
        end = parse_day("to", "结束日期", request.GET.get("to")) or today + dt.timedelta(weeks=8)
        park_id = parse_id("park_id", "园区", request.GET.get("park_id"))
    except ValidationFailed as exc:
        messages.error(request, exc.detail)
        start, end, park_id = today - dt.timedelta(weeks=6), today + dt.timedelta(weeks=8), None
    sessions, _ = selectors.service_day_list_for(user, start=start, end=end, park_id=park_id, limit=200)
    sessions.sort(key=lambda s: (s.date, s.starts_at))
    weeks = [
        {"monday": monday, "sessions": list(items)}
        for monday, items in groupby(sessions, key=lambda s: s.date - dt.timedelta(days=s.date.weekday()))
    ]
    return render(
        request,
        "servicedays/list.html",
        {
            "weeks": weeks,
            "today": today,
            "start": start,
            "end": end,
            "park_id": park_id,
            "parks": Park.objects.all(),
            "figures": selectors.figures(user, start=start, end=end, park_id=park_id),
            "schedules": selectors.schedules(),
            "can_manage": can(user, "serviceday.manage"),
            "may_designate": can(user, "serviceday.designate"),
        },
    )


def _detail_context(request: AuthedRequest, session: ServiceDay) -> dict[str, Any]:
    user = request.user
    role = role_of(user)
    planned = session.status == "planned"
    started = timezone.now() >= session.starts_at
    on_day = session.date <= timezone.localdate()
    liaison_here = role == Role.PARK_LIAISON and user.park_id == session.park_id
    return {
        "s": session,
        "departments": selectors.session_departments(user, session),
        "registrations": selectors.registrations(user, session),
        "records": selectors.records(user, session),
        "demands": selectors.raised_demands(user, session),
        "lists": selectors.demand_lists(user, session),
        "counts": selectors.counts(session),
        "may_register": planned and not started and can(user, "serviceday.register"),
        "may_push": planned and can(user, "serviceday.push") and (liaison_here or role == Role.ADMIN),
        "may_record": planned and on_day and can(user, "serviceday.record"),
        "may_close": on_day and WORKFLOW.may(user, session, "close"),
        "may_cancel": WORKFLOW.may(user, session, "cancel"),
        "may_classify": can(user, "serviceday.manage"),
        "enterprise_user": role == Role.ENTERPRISE,
        "enterprises": [] if role == Role.ENTERPRISE else _enterprises(user),
        "services": ServiceKind.choices,
        "kinds": DemandKind.choices,
        "categories": categories(),
        "complexities": Complexity.choices,
        "all_departments": Department.objects.filter(is_active=True),
        "record_departments": session.departments.all(),
        "own_department": user.department_id if role in (Role.DEPARTMENT_HANDLER, Role.DEPARTMENT_HEAD) else None,
        "weekday": WEEKDAYS[session.date.isoweekday()],
    }


@page("serviceday.view")
def service_day_detail(request: AuthedRequest, service_day_id: int) -> HttpResponse:
    session = access_service_day_for(request.user, service_day_id)
    return render(request, "servicedays/detail.html", _detail_context(request, session))


@page("serviceday.view")
def service_day_print(request: AuthedRequest, service_day_id: int) -> HttpResponse:
    session = access_service_day_for(request.user, service_day_id)
    return render(request, "servicedays/print.html", _detail_context(request, session))


# ---------------------------------------------------------------- actions on a session


def _register(request: AuthedRequest, s: ServiceDay) -> str:
    values = request.POST.dict()
    if role_of(request.user) == Role.ENTERPRISE:
        values["enterprise_id"] = str(request.user.enterprise_id or "")
    payload = parse(RegistrationIn, values)
    services.registration_create(actor=request.user, service_day_id=s.pk, payload=payload)
    return "已报名本次企业服务日"


def _record(request: AuthedRequest, s: ServiceDay) -> str:
    values: dict[str, Any] = {
        k: request.POST.get(k, "") for k in ("enterprise_id", "service", "department_id", "content")
    }
    if request.POST.get("raise_demand"):
        values["demand"] = {
            k: request.POST.get(f"demand_{k}", "").strip() for k in ("kind", "category", "title", "content")
        }
    record = services.record_create(actor=request.user, service_day_id=s.pk, payload=parse(RecordIn, values))
    if record.demand is not None:
        return f"已登记现场服务，未能当场办结的事项已形成诉求 {record.demand.number}"
    return "已登记现场服务"


def _close(request: AuthedRequest, s: ServiceDay) -> str:
    payload = parse(CloseIn, request.POST)
    services.service_day_close(actor=request.user, service_day_id=s.pk, summary=payload.summary)
    return "本次企业服务日已结束并小结，可打印活动记录"


def _cancel(request: AuthedRequest, s: ServiceDay) -> str:
    payload = parse(CancelIn, request.POST)
    services.service_day_cancel(actor=request.user, service_day_id=s.pk, reason=payload.reason)
    return "已取消本次企业服务日"


ACTIONS: dict[str, Callable[[AuthedRequest, ServiceDay], str]] = {
    "register": _register,
    "record": _record,
    "close": _close,
    "cancel": _cancel,
}


@page("serviceday.view")
@require_POST
def service_day_action(request: AuthedRequest, service_day_id: int, action: str) -> HttpResponseBase:
    handler = ACTIONS.get(action)
    if handler is None:
        raise Http404
    session = access_service_day_for(request.user, service_day_id)
    done = reverse("servicedays:detail", args=[service_day_id])
    form = submit(request, allowed=True, save=lambda: handler(request, session), done_url=done)
    if isinstance(form, FormState) and form.errors:  # the form again, each problem under its input
        context = _detail_context(request, session) | {"errors": {action: form.errors}, "values": {action: form.values}}
        return render(request, "servicedays/detail.html", context, status=422)
    return form if not isinstance(form, FormState) else redirect(done)


# ---------------------------------------------------------------- the park's demand list


@page("serviceday.push")
def demand_list_push(request: AuthedRequest, service_day_id: int) -> HttpResponse:
    user = request.user
    session = access_service_day_for(user, service_day_id)
    if role_of(user) == Role.PARK_LIAISON and user.park_id != session.park_id:
        raise Http404
    rows: list[dict[str, str]] = [{} for _ in range(LIST_ROWS)]
    note = ""
    errors: list[str] = []
    if request.method == "POST":
        note = request.POST.get("note", "")
        upload = request.FILES.get("file")
        try:
            if upload is not None:
                values = spreadsheets.rows_from_xlsx(upload.name or "", upload.read(), session.park_id)
            else:
                fields = ("enterprise_id", "title", "content", "contact_name", "contact_phone")
                columns = {f: request.POST.getlist(f) for f in fields}
                count = max(len(v) for v in columns.values())
                rows = [{f: (columns[f][i] if i < len(columns[f]) else "") for f in fields} for i in range(count)]
                values = [r for r in rows if any(v.strip() for v in r.values())]
            demand_list = services.demand_list_push(
                actor=user, service_day_id=session.pk, payload=_list_payload(values, note)
            )
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors = [e.message for e in exc.errors] or [exc.detail]
        else:
            messages.success(request, f"需求清单已推送（{demand_list.rows.count()}条），等待区政数局分类交办")
            return redirect("servicedays:detail", service_day_id=session.pk)
        rows = rows + [{} for _ in range(max(0, LIST_ROWS - len(rows)))]
    return render(
        request,
        "servicedays/push.html",
        {
            "s": session,
            "rows": rows,
            "note": note,
            "errors": errors,
            "enterprises": _enterprises(user, session.park_id),
        },
    )


def _list_payload(values: list[dict[str, Any]], note: str) -> DemandListIn:
    """The list's rows checked one by one, so that each problem names its row."""
    if not values:
        raise ValidationFailed.field("rows", "请至少填写一条需求")
    rows: list[DemandListRowIn] = []
    errors: list[FieldError] = []
    for n, value in enumerate(values, start=1):
        try:
            rows.append(parse(DemandListRowIn, value))
        except ValidationFailed as exc:
            errors.extend(FieldError(e.field, f"第{n}行：{e.message}") for e in exc.errors)
    if errors:
        raise ValidationFailed("需求清单有误：" + "；".join(e.message for e in errors), errors)
    return parse(DemandListIn, {"rows": [r.model_dump() for r in rows], "note": note})


@page("serviceday.push")
def demand_list_template(request: AuthedRequest) -> HttpResponse:
    response = HttpResponse(
        spreadsheets.template_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''demand-list.xlsx"
    return response


@page("serviceday.manage")
@require_POST
def demand_list_classify(request: AuthedRequest, list_id: int, row_id: int) -> HttpResponseBase:
    demand_list = access_demand_list_for(request.user, list_id)

    def save() -> str:
        row = services.demand_list_row_classify(
            actor=request.user, list_id=list_id, row_id=row_id, payload=parse(ClassifyIn, request.POST)
        )
        assert row.demand is not None
        return f"第{row.position}行已交办{row.demand.lead_department}，诉求编号 {row.demand.number}"

    done = f"/servicedays/{demand_list.service_day_id}/#list-{list_id}"
    form = submit(request, allowed=True, save=save, done_url=done)
    if isinstance(form, FormState) and form.errors:
        session = access_service_day_for(request.user, demand_list.service_day_id)
        context = _detail_context(request, session) | {
            "errors": {"classify": form.errors},
            "values": {"classify": form.values},
            "classify_row": row_id,
        }
        return render(request, "servicedays/detail.html", context, status=422)
    return form if not isinstance(form, FormState) else redirect(done)


# ---------------------------------------------------------------- roster


@page("serviceday.view")
def roster(request: AuthedRequest) -> HttpResponseBase:
    user = request.user

    def save() -> str:
        member = service_group_member_save(actor=user, payload=parse(ServiceGroupMemberIn, request.POST))
        return f"已更新{member.department.name}的联络员和业务骨干"

    form = submit(request, allowed=can(user, "serviceday.manage"), save=save, done_url=reverse("servicedays:roster"))
    if not isinstance(form, FormState):
        return form
    edit = parse_id("department_id", "成员单位", request.GET.get("edit")) if request.GET.get("edit") else None
    return render(
        request,
        "servicedays/roster.html",
        {
            "members": selectors.roster(user),
            "can_manage": can(user, "serviceday.manage"),
            "departments": Department.objects.filter(is_active=True),
            "edit": str(edit or form.values.get("department_id", "")),
            "form": form,
        },
        status=form.status,
    )


# ---------------------------------------------------------------- schedules and service objects


@page("serviceday.view")
def schedules(request: AuthedRequest) -> HttpResponseBase:
    """The parks' weekly service days; the centre adds one (its sessions for the coming weeks follow at once)."""
    user = request.user

    def save() -> str:
        schedule = services.schedule_create(actor=user, payload=parse(ScheduleIn, request.POST))
        return f"已排期：{schedule.park.name} 每{schedule.weekday_label} {schedule.start_time:%H:%M}，近期各场次已生成"

    form = submit(request, allowed=can(user, "serviceday.manage"), save=save, done_url=reverse("servicedays:schedules"))
    if not isinstance(form, FormState):
        return form
    return render(
        request,
        "servicedays/schedules.html",
        {
            "schedules": selectors.schedules(),
            "can_manage": can(user, "serviceday.manage"),
            "parks": Park.objects.all(),
            "weekdays": WEEKDAYS.items(),
            "departments": Department.objects.filter(is_active=True),
            "form": form,
            "chosen": form.values.getlist("department_ids") if form.values else [],
        },
        status=form.status,
    )


@page("serviceday.view")
def designations(request: AuthedRequest) -> HttpResponseBase:
    """服务对象认定: the enterprises and projects a park has designated, each with its fixed liaison."""
    user = request.user
    may_designate = can(user, "serviceday.designate")

    def save() -> str:
        designation = services.designation_create(actor=user, payload=parse(DesignationIn, request.POST))
        return f"已认定{designation.enterprise.name}为服务对象"

    form = submit(request, allowed=may_designate, save=save, done_url=reverse("servicedays:designations"))
    if not isinstance(form, FormState):
        return form
    park_id = user.park_id if role_of(user) == Role.PARK_LIAISON else None
    liaisons = User.objects.filter(role=Role.PARK_LIAISON, is_active=True).select_related("park")
    return render(
        request,
        "servicedays/designations.html",
        {
            "designations": selectors.designations_for(user).order_by("park__name", "enterprise__name"),
            "may_designate": may_designate,
            "enterprises": _enterprises(user, park_id) if may_designate else [],
            "liaisons": liaisons.filter(park_id=park_id) if park_id else liaisons.exclude(park=None),
            "form": form,
        },
        status=form.status,
    )
