"""Pages of the core app: workbench, notification inbox, working-day calendar, audit log, public progress."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views import defaults
from django.views.decorators.http import require_POST

from qifu.core import tracking
from qifu.core.access import can, role_of
from qifu.core.audit import action_choices, verify_chain
from qifu.core.choices import DayKind, Role
from qifu.core.errors import DomainError, ValidationFailed
from qifu.core.http import AuthedRequest
from qifu.core.models import CalendarDay, CalendarYear, Notification
from qifu.core.pagination import keyset_page, total
from qifu.core.selectors import AuditFilter, audit_events, audit_rows, object_types
from qifu.core.services import audit_export, calendar_set_year, notification_mark_read, parse_arrangement
from qifu.core.ui import open_cases_for, page, todos_for
from qifu.core.workcalendar import get_calendar
from qifu.core.xlsx import xlsx_response


@login_required
def workbench(request: AuthedRequest) -> HttpResponse:
    recent = request.user.notifications.all()[:5]
    context: dict[str, Any] = {"sections": todos_for(request.user), "recent": recent}
    if role_of(request.user) == Role.ENTERPRISE:
        # The enterprise's workbench leads with its main actions and the cases it has under way.
        context.update(enterprise_user=True, open_cases=open_cases_for(request.user))
    return render(request, "core/workbench.html", context)


@login_required
def notifications(request: AuthedRequest) -> HttpResponse:
    mine = Notification.objects.filter(recipient=request.user)
    rows, next_cursor = keyset_page(mine, cursor=request.GET.get("cursor"), limit=30)
    return render(request, "core/notifications.html", {"rows": rows, "next_cursor": next_cursor, "total": total(mine)})


@login_required
@require_POST
def notifications_read(request: AuthedRequest) -> HttpResponse:
    raw = request.POST.get("id", "")
    notification_mark_read(actor=request.user, notification_id=int(raw) if raw.isdigit() else None)
    return redirect(request.POST.get("next") or "notifications")


@page("calendar.view")
def calendar(request: AuthedRequest) -> HttpResponse:
    years = CalendarYear.objects.annotate(
        holidays=Count("days", filter=Q(days__kind=DayKind.HOLIDAY)),
        makeups=Count("days", filter=Q(days__kind=DayKind.MAKEUP_WORKDAY)),
    ).order_by("-year")
    today = timezone.localdate()
    return render(
        request,
        "core/calendar.html",
        {
            "years": years,
            "today": today,
            "next_year": today.year + 1,
            "can_manage": can(request.user, "calendar.manage"),
            "is_workday_today": get_calendar().is_workday(today),
        },
    )


@page("calendar.view")
def calendar_year(request: AuthedRequest, year: int) -> HttpResponse:
    record = CalendarYear.objects.filter(year=year).first()
    days = list(CalendarDay.objects.filter(year_id=year).order_by("date"))
    can_manage = can(request.user, "calendar.manage")
    text = "\n".join(f"{d.date},{'放假' if d.kind == DayKind.HOLIDAY else '上班'},{d.name}" for d in days)
    error = ""
    if request.method == "POST":
        if not can_manage:
            return HttpResponse("无权修改节假日安排", status=403)
        text = request.POST.get("days", "")
        upload = request.FILES.get("file")
        if upload is not None:
            text = upload.read().decode("utf-8-sig", errors="replace")
        try:
            parsed = parse_arrangement(year, text)
            calendar_set_year(
                actor=request.user,
                year=year,
                days=parsed,
                confirmed=bool(request.POST.get("confirmed")),
                notice=request.POST.get("notice", ""),
            )
        except DomainError as exc:
            error = exc.detail
        else:
            messages.success(request, f"{year}年节假日安排已保存")
            return redirect("calendar_year", year=year)
    months = _months(year, {d.date: d for d in days}) if 2000 <= year <= 2099 else []
    return render(
        request,
        "core/calendar_year.html",
        {
            "year": year,
            "record": record,
            "days": days,
            "text": text,
            "error": error,
            "can_manage": can_manage,
            "months": months,
            "confirmed": bool(record and record.confirmed),
        },
    )


def _months(year: int, special: dict[dt.date, CalendarDay]) -> list[dict[str, object]]:
    """A printable month grid; unconfirmed years show Monday-Friday, as deadlines count them."""
    calendar = get_calendar()
    months = []
    for month in range(1, 13):
        first = dt.date(year, month, 1)
        weeks: list[list[dict[str, object] | None]] = [[None] * first.weekday()]
        day = first
        while day.month == month:
            if len(weeks[-1]) == 7:
                weeks.append([])
            entry = special.get(day)
            weeks[-1].append(
                {
                    "day": day.day,
                    "work": calendar.is_workday(day),
                    "kind": entry.kind if entry else "",
                    "name": entry.name if entry else "",
                }
            )
            day += dt.timedelta(days=1)
        weeks[-1] += [None] * (7 - len(weeks[-1]))
        months.append({"month": month, "weeks": weeks})
    return months


@page("audit.view")
def audit(request: AuthedRequest) -> HttpResponse:
    """The audit log, filtered by person, action, object and period, newest first, with its total."""
    error = ""
    try:
        filters = AuditFilter.parse(request.GET)
        qs = audit_events(filters)
        rows, next_cursor = keyset_page(qs, cursor=request.GET.get("cursor"), limit=50)
        count = total(qs)
    except ValidationFailed as exc:
        error, filters, rows, next_cursor, count = exc.detail, AuditFilter(), [], None, 0
    report = verify_chain() if request.GET.get("verify") else None
    return render(
        request,
        "core/audit.html",
        {
            "rows": audit_rows(rows),
            "next_cursor": next_cursor,
            "total": count,
            "report": report,
            "filters": filters,
            "query": urlencode(filters.as_query()),
            "actions": action_choices(),
            "object_types": object_types(),
            "error": error,
        },
    )


@page("audit.view")
def audit_download(request: AuthedRequest) -> HttpResponse:
    content, _ = audit_export(actor=request.user, filters=AuditFilter.parse(request.GET))
    return xlsx_response(content, f"审计日志-{timezone.localtime():%Y%m%d-%H%M}.xlsx")


def track(request: HttpRequest, token: str) -> HttpResponse:
    """A case's public progress, opened without login by the QR code on its printed documents."""
    found = tracking.progress(token[:64])
    return render(request, "core/track.html", {"p": found}, status=200 if found else 404)


def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler404: a path no route serves is the JSON error body under /api/, the Chinese page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "接口不存在", "errors": []}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """handler400 (e.g. a Host header outside ALLOWED_HOSTS): JSON under /api/."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "请求无效", "errors": []}, status=400)
    return defaults.bad_request(request, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500, for errors outside a view (the API's own views answer theirs): JSON under /api/."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "服务器内部错误", "errors": []}, status=500)
    return defaults.server_error(request)
