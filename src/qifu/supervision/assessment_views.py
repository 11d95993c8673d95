"""The department assessment's pages: the month's ranked scorecards with each department's figures and its
formula written out, their .xlsx export, and the weights page (the centre)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from qifu.core.access import role_of
from qifu.core.choices import Role
from qifu.core.errors import DomainError
from qifu.core.http import AuthedRequest, xlsx_download
from qifu.core.ui import page
from qifu.core.xlsx import table_xlsx
from qifu.supervision import assessment


def _month(request: AuthedRequest) -> dt.date:
    """The month asked for (?month=2026-10), else this month so far."""
    text = request.GET.get("month", "")
    match = re.fullmatch(r"(\d{4})-(\d{2})", text)
    if match and 2000 <= int(match.group(1)) <= 2100 and 1 <= int(match.group(2)) <= 12:
        return dt.date(int(match.group(1)), int(match.group(2)), 1)
    return timezone.localdate().replace(day=1)


def _centre(request: AuthedRequest) -> bool:
    return role_of(request.user) in (Role.ADMIN, Role.DISPATCHER)


@page("assessment.view")
def scorecard_page(request: AuthedRequest) -> HttpResponse:
    month = _month(request)
    cards = assessment.scorecards(month)
    return render(
        request,
        "supervision/assessment/scorecards.html",
        {
            "month": month,
            "month_value": f"{month:%Y-%m}",
            "so_far": month == timezone.localdate().replace(day=1),
            "cards": cards,
            "measures": assessment.measures(),
            "weights": assessment.weights(),
            "own": request.user.department_id,
            "can_weigh": _centre(request),
        },
    )


@page("assessment.view")
def scorecard_export(request: AuthedRequest) -> HttpResponse:
    month = _month(request)
    cards = assessment.scorecards(month)
    measures = assessment.measures()
    headers = ["名次", "部门"]
    for m in measures:
        headers += [f"{m.label}（分子）", f"{m.label}（分母）", f"{m.label}（权重）"]
    headers += ["得分", "计算式"]
    rows: list[list[Any]] = []
    for card in cards:
        row: list[Any] = [card.rank or None, card.department.name]
        for line in card.lines:
            row += [line.fraction.numerator, line.fraction.denominator, line.weight]
        row += [card.score, card.formula]
        rows.append(row)
    return xlsx_download(table_xlsx(f"{month:%Y年%m月}绩效考核", headers, rows), f"绩效考核-{month:%Y%m}", dated=False)


@page("assessment.manage")
def weights_page(request: AuthedRequest) -> HttpResponse:
    measures = assessment.measures()
    values: dict[str, str] = {m.code: str(w) for m, w in zip(measures, assessment.weights().values(), strict=True)}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {m.code: request.POST.get(m.code, "").strip() for m in measures}
        parsed: dict[str, Decimal | None] = {}
        for code, text in values.items():
            try:
                parsed[code] = Decimal(text)
            except InvalidOperation:
                parsed[code] = None  # weights_set names it
        try:
            assessment.weights_set(actor=request.user, values=parsed)
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors = {e.field: e.message for e in exc.errors} or {"": exc.detail}
        if errors:
            messages.error(request, "请按提示修改标红的权重后再保存")
        else:
            messages.success(request, "考核指标权重已保存，本页及各月记分卡按新权重计算。")
            return redirect("reform:assessment")
    return render(
        request,
        "supervision/assessment/weights.html",
        {"rows": [{"m": m, "value": values[m.code], "error": errors.get(m.code, "")} for m in measures]},
    )
