"""The classes of problems' pages: the month's analysis (classes of 3+ similar demands) with the centre's form to
record a class's root cause and systemic measure, the recorded classes ranked by size (容缺 catalogue candidates),
and a class's page with its demands and the effect of its measure."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from qifu.core.access import role_of
from qifu.core.choices import Role
from qifu.core.errors import DomainError
from qifu.core.http import AuthedRequest
from qifu.core.inputs import parse
from qifu.core.ui import flash_refusal, page
from qifu.supervision import problem_classes as classes
from qifu.supervision.models import MeasureKind
from qifu.supervision.reform_schemas import ProblemClassIn


def _month(request: AuthedRequest) -> dt.date:
    text = request.GET.get("month", "")
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if match and 2000 <= int(match.group(1)) <= 2100 and 1 <= int(match.group(2)) <= 12:
        return dt.date(int(match.group(1)), int(match.group(2)), 1)
    return timezone.localdate().replace(day=1)


def _centre(request: AuthedRequest) -> bool:
    return role_of(request.user) in (Role.ADMIN, Role.DISPATCHER)


@page("problemclass.view")
@require_http_methods(["GET", "POST"])
def classes_page(request: AuthedRequest) -> HttpResponse:
    month = _month(request)
    centre = _centre(request)
    errors: dict[str, str] = {}
    posted: dict[str, Any] = {}
    if request.method == "POST":
        posted = {k: request.POST.get(k, "").strip() for k in ProblemClassIn.model_fields}
        posted["demand_ids"] = request.POST.getlist("demand_ids")
        try:
            fields = parse(ProblemClassIn, request.POST)
            record = classes.problem_class_create(actor=request.user, **fields.model_dump())
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors = {e.field: e.message for e in exc.errors}
            messages.error(request, "请按提示修改标红的项目后再保存" if errors else exc.detail)
        else:
            messages.success(request, f"已登记一类问题“{record.title}”，关联 {record.demands.count()} 件诉求。")
            return redirect("reform:class_detail", class_id=record.pk)
    groups = classes.analyse(month) if centre else []
    return render(
        request,
        "supervision/classes/index.html",
        {
            "month": month,
            "month_value": f"{month:%Y-%m}",
            "groups": groups,
            "recorded": list(classes.frequent_classes(request.user, limit=20)),
            "centre": centre,
            "kinds": MeasureKind.choices,
            "errors": errors,
            "posted": posted,
            "posted_ids": ",".join(posted.get("demand_ids", [])),
            "today": timezone.localdate(),
            "min_demands": classes.MIN_DEMANDS,
        },
    )


@page("problemclass.view")
@require_http_methods(["GET", "POST"])
def class_detail(request: AuthedRequest, class_id: int) -> HttpResponse:
    record = classes.access_class_for(request.user, class_id)
    if request.method == "POST":
        with flash_refusal(request):
            classes.problem_class_offer(actor=request.user, class_id=record.pk)
            messages.success(request, "已推荐为容缺受理目录候选，并通知该部门负责人。")
        return redirect("reform:class_detail", class_id=record.pk)
    months = classes.effect(record)
    peak = max((m.count for m in months), default=0) or 1
    return render(
        request,
        "supervision/classes/detail.html",
        {
            "c": record,
            "demands": list(record.demands.select_related("lead_department").order_by("-id")[:200]),
            "months": [{"m": m, "width": round(100 * m.count / peak)} for m in months],
            "centre": _centre(request),
        },
    )
