"""Ratings and rectification pages: the one-click rating page (phone first, no login), the enterprise's own
ratings and the services waiting for one, the staff's figures and ratings, the unit's rectification ledger and
case page with its actions, and the public monthly results. Rules live in the services."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qifu.core.access import role_of, sees_internal
from qifu.core.choices import Role
from qifu.core.cleaning import parse_day, parse_id
from qifu.core.errors import DomainError, NotFound
from qifu.core.http import AuthedRequest
from qifu.core.inputs import parse
from qifu.core.pagination import keyset_page
from qifu.core.ui import page
from qifu.evaluations import selectors, services
from qifu.evaluations.choices import DIMENSIONS, Level, RectificationStatus, reason_label, reason_options
from qifu.evaluations.permissions import (
    access_rectification_for,
    sees_all_figures,
)
from qifu.evaluations.schemas import AppealIn, CallbackIn, DecideAppealIn, LinkRatingIn, RectifyIn, ReportIn
from qifu.evaluations.transitions import WORKFLOW
from qifu.orgs.models import Department

PAGE_SIZE = 30
LEVELS = [(level.value, level.label) for level in reversed(Level)]


def _reason_table(channel: str) -> list[dict[str, Any]]:
    """Each offered reason with its dimension and its wording as praise, as a point to improve and as a fault
    (the page shows the wording of the level chosen, in CSS alone)."""
    return [
        {
            "code": code,
            "dimension": DIMENSIONS[code],
            "good": reason_label(Level.GOOD, code),
            "fair": reason_label(Level.FAIR, code),
            "bad": reason_label(Level.BAD, code),
        }
        for code, _ in reason_options(5, channel)
    ]


# ------------------------------------------------------------ the one-click rating page


def rate_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The result notification's link and the prints' QR code open this page: rate without logging in."""
    try:
        target = services.link_target(token[:400])
    except NotFound as exc:
        return render(request, "evaluations/rate.html", {"invalid": exc.detail}, status=404)
    errors: dict[str, str] = {}
    values: dict[str, Any] = {"level": "", "reasons": [], "comment": ""}
    if request.method == "POST" and target.rating is None:
        values = {
            "level": request.POST.get("level", ""),
            "reasons": request.POST.getlist("reasons"),
            "comment": request.POST.get("comment", ""),
        }
        try:
            fields = parse(LinkRatingIn, request.POST)
            services.rating_by_link(
                token=token[:400], level=fields.level, reasons=fields.reasons, comment=fields.comment
            )
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors = {e.field: e.message for e in exc.errors} or {"level": exc.detail}
        else:
            return redirect("rate_by_link", token=token)
    rating = target.rating
    case = getattr(rating, "rectification", None) if rating is not None else None
    return render(
        request,
        "evaluations/rate.html",
        {
            "s": target.served,
            "channel": target.channel,
            "rating": rating,
            "rating_reasons": [reason_label(rating.level, c) for c in rating.reasons] if rating else [],
            "case": case,
            "levels": LEVELS,
            "reasons": _reason_table(target.channel),
            "v": values,
            "errors": errors,
            "rectify_days": settings.QIFU_RECTIFY_DAYS,
        },
    )


# ------------------------------------------------------------ ratings


def _period(request: HttpRequest) -> tuple[dt.date, dt.date]:
    today = timezone.localdate()
    first, last = selectors.month_bounds(today)
    try:
        start = parse_day("from", "开始日期", request.GET.get("from", "")) or first
        end = parse_day("to", "结束日期", request.GET.get("to", "")) or last
    except DomainError as exc:
        messages.error(request, exc.detail)
        return first, last
    return start, end


@page("rating.view")
def ratings(request: AuthedRequest) -> HttpResponse:
    """Staff: the figures of a period and the ratings they may see; the enterprise: its ratings and outcomes, and
    its services waiting for a rating."""
    user = request.user
    if role_of(user) == Role.ENTERPRISE:
        return _enterprise_ratings(request)
    start, end = _period(request)
    department_id = None
    if sees_all_figures(user):
        try:
            department_id = parse_id("department_id", "部门", request.GET.get("department_id", ""))
        except DomainError:
            department_id = None
    elif role_of(user) in (Role.DEPARTMENT_HANDLER, Role.DEPARTMENT_HEAD):
        department_id = user.department_id
    summary = (
        selectors.rating_summary(start=start, end=end, department_id=department_id)
        if sees_all_figures(user) or department_id is not None
        else None
    )
    qs = selectors.rating_list_for(user).filter(created_at__date__gte=start, created_at__date__lte=end)
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    rows, next_cursor = keyset_page(qs, cursor=request.GET.get("cursor"), limit=PAGE_SIZE)
    query = {"from": start.isoformat(), "to": end.isoformat(), "department_id": department_id or ""}
    return render(
        request,
        "evaluations/ratings.html",
        {
            "summary": summary,
            "by_level": [(label, summary["by_level"][str(level)]) for level, label in LEVELS] if summary else [],
            "rows": rows,
            "start": start,
            "end": end,
            "department_id": department_id,
            "departments": Department.objects.filter(is_active=True).order_by("name") if sees_all_figures(user) else [],
            "next_url": "?" + urlencode({**query, "cursor": next_cursor}) if next_cursor else "",
        },
    )


def _enterprise_ratings(request: AuthedRequest) -> HttpResponse:
    user = request.user
    mine = list(selectors.rating_list_for(user)[:50])
    for r in mine:
        found = services.served(r.subject_type, r.subject_id)
        r.title = found.title if found else r.get_subject_type_display()  # type: ignore[attr-defined]
    waiting = [
        {"s": s, "url": services.rating_url(s.subject_type, s.subject_id)}
        for s in services.waiting_for_rating(user.enterprise_id, limit=20)
    ]
    return render(request, "evaluations/mine.html", {"rows": mine, "waiting": waiting})


# ------------------------------------------------------------ rectification


@page("rating.rectify")
def rectifications(request: AuthedRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in RectificationStatus.values:
        status = ""
    qs = selectors.rectification_list_for(request.user, status=status)
    rows, next_cursor = keyset_page(qs, cursor=request.GET.get("cursor"), limit=PAGE_SIZE)
    return render(
        request,
        "evaluations/rectifications.html",
        {
            "rows": [{"c": c, "light": WORKFLOW.light(c)} for c in rows],
            "status": status,
            "statuses": RectificationStatus.choices,
            "next_url": "?" + urlencode({"status": status, "cursor": next_cursor}) if next_cursor else "",
        },
    )


ACTIONS: dict[str, Any] = {
    "callback": (CallbackIn, lambda u, pk, f: services.rectification_callback(actor=u, case_id=pk, note=f.note)),
    "rectify": (RectifyIn, lambda u, pk, f: services.rectification_rectify(actor=u, case_id=pk, measures=f.measures)),
    "report": (ReportIn, lambda u, pk, f: services.rectification_report(actor=u, case_id=pk, result=f.result)),
    "appeal": (AppealIn, lambda u, pk, f: services.rectification_appeal(actor=u, case_id=pk, reason=f.reason)),
    "decide_appeal": (
        DecideAppealIn,
        lambda u, pk, f: services.rectification_decide_appeal(actor=u, case_id=pk, exclude=f.exclude, note=f.note),
    ),
}
DONE = {
    "callback": "已记录回访核实情况",
    "rectify": "已记录整改措施",
    "report": "已向企业反馈整改结果，整改办结",
    "appeal": "申诉已提交，等待政务服务中心复核",
    "decide_appeal": "复核意见已记录",
}


def _detail(
    request: AuthedRequest, case_id: int, *, errors: dict[str, str] | None = None, form: str = "", values: Any = None
) -> HttpResponse:
    user = request.user
    case = access_rectification_for(user, case_id)
    may = {
        "callback": WORKFLOW.may(user, case, "callback"),
        "rectify": WORKFLOW.may(user, case, "rectify"),
        "report": WORKFLOW.may(user, case, "report"),
        "appeal": WORKFLOW.may(user, case, "appeal"),
        "decide_appeal": WORKFLOW.may(user, case, "exclude"),
    }
    rating = case.rating
    return render(
        request,
        "evaluations/rectification.html",
        {
            "c": case,
            "rating": rating,
            "rating_reasons": [reason_label(rating.level, code) for code in rating.reasons],
            "light": WORKFLOW.light(case),
            "timeline": [
                {"e": e, "label": WORKFLOW.label(e.action), "text": e.text_for(sees_internal(user))}
                for e in selectors.timeline_for(user, case)
            ],
            "may": may,
            "staff": sees_internal(user),
            "errors": errors or {},
            "form": form,
            "v": values or {},
        },
        status=422 if errors else 200,
    )


@page("rating.view")
def rectification_detail(request: AuthedRequest, case_id: int) -> HttpResponse:
    return _detail(request, case_id)


@require_POST
@page("rating.rectify")
def rectification_action(request: AuthedRequest, case_id: int, action: str) -> HttpResponse:
    if action not in ACTIONS:
        raise NotFound()
    schema, run = ACTIONS[action]
    try:
        fields = parse(schema, request.POST)
        run(request.user, case_id, fields)
    except DomainError as exc:
        if exc.status == 404:
            raise
        errors = {e.field: e.message for e in exc.errors}
        if not errors:
            messages.error(request, exc.detail)
            return redirect("evaluations:rectification", case_id=case_id)
        return _detail(request, case_id, errors=errors, form=action, values=request.POST)
    messages.success(request, DONE[action])
    return redirect("evaluations:rectification", case_id=case_id)


# ------------------------------------------------------------ published results


def public_results(request: HttpRequest) -> HttpResponse:
    """评价结果公开 (no login): each department's satisfaction rate, bad reviews and rectification rate."""
    today = timezone.localdate()
    month = today.replace(day=1)
    text = request.GET.get("month", "")
    if text:
        try:
            month = dt.date.fromisoformat(f"{text}-01")
        except ValueError:
            month = today.replace(day=1)
        if not dt.date(2000, 1, 1) <= month <= today:
            month = today.replace(day=1)
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "evaluations/public.html",
        {
            "month": month,
            "rows": selectors.public_results(month),
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m") if following <= today else "",
        },
    )
