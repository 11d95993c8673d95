"""The dashboard (驾驶舱): charts and tables of demand, application and policy figures for a chosen period, each
table exportable to .xlsx. The charts are drawn by static/qifu/dashboard.js from the rows embedded as JSON."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpResponse
from django.shortcuts import render

from qifu.core.cleaning import parse_day
from qifu.core.errors import ValidationFailed
from qifu.core.http import AuthedRequest
from qifu.core.ui import page
from qifu.core.xlsx import table_xlsx, xlsx_response
from qifu.dashboard.figures import RATE, TABLES, Period, table_rows


def _period(request: AuthedRequest) -> Period:
    try:
        start = parse_day("start", "开始日期", request.GET.get("start"))
        end = parse_day("end", "结束日期", request.GET.get("end"))
    except ValidationFailed:
        start = end = None
    return Period.of(start, end)


@page("dashboard.view")
def dashboard(request: AuthedRequest) -> HttpResponse:
    period = _period(request)
    tables: list[dict[str, Any]] = []
    for key, table in TABLES.items():
        rows = table_rows(key, period)
        tables.append(
            {
                "key": key,
                "title": table.title,
                "note": table.note,
                "columns": table.columns,
                "rows": [[(row.get(c.key), c.kind) for c in table.columns] + [row["url"]] for row in rows],
                "data": rows,
            }
        )
    charts = {t["key"]: t["data"] for t in tables}
    return render(
        request,
        "dashboard/dashboard.html",
        {"period": period, "tables": tables, "charts": charts, "RATE": RATE},
    )


@page("dashboard.view")
def dashboard_export(request: AuthedRequest, key: str) -> HttpResponse:
    """One table of the dashboard as .xlsx, with the figures the page shows (rates in percent)."""
    table = TABLES.get(key)
    if table is None:
        raise Http404
    period = _period(request)
    headers = [f"{c.label}(%)" if c.kind == RATE else c.label for c in table.columns]
    rows = ([row.get(c.key) for c in table.columns] for row in table_rows(key, period))
    name = f"驾驶舱-{table.title}-{period.start:%Y%m%d}至{period.end:%Y%m%d}.xlsx"
    return xlsx_response(table_xlsx(table.title, headers, rows), name)
