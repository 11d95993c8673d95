"""The dashboard (驾驶舱): demand, application and policy figures for a chosen period."""

from __future__ import annotations

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from qifu.applications import stats as application_stats
from qifu.core.http import AuthedRequest
from qifu.core.ui import page
from qifu.demands import stats
from qifu.policies import selectors as policy_selectors


def _day(raw: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


@page("dashboard.view")
def dashboard(request: AuthedRequest) -> HttpResponse:
    today = timezone.localdate()
    start = _day(request.GET.get("start"), today.replace(day=1))
    end = _day(request.GET.get("end"), today)
    if end < start:
        start, end = end, start
    by = "category" if request.GET.get("by") == "category" else "department"
    rows = stats.figures(start, end, by=by)
    application_rows = application_stats.figures(start, end, by="item" if by == "category" else "department")
    return render(
        request,
        "dashboard/dashboard.html",
        {
            "rows": rows,
            "start": start,
            "end": end,
            "by": by,
            "application_rows": application_rows,
            "policy_rows": policy_selectors.department_figures(start, end),
        },
    )
