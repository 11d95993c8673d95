"""Dashboard API (驾驶舱): the figures of each table of the dashboard page, for the roles that see the page.
Period tables take `start` and `end` (default: this month to today); each row's `url` is the filtered list the
page opens for it; the last row of a by-department (category, park) table is the total (`id` null)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Query, Router, Schema

from qifu.core.access import require
from qifu.core.api_support import ErrorOut
from qifu.core.http import AuthedRequest
from qifu.core.schema_types import Day
from qifu.dashboard.figures import Period, table_rows

router = Router(tags=["数据看板"])
ERRORS: dict[int, Any] = {403: ErrorOut}


class PeriodIn(Schema):
    start: Day | None = None
    end: Day | None = None


class WeekRow(Schema):
    week_start: dt.date
    week_end: dt.date
    registered: int
    closed: int
    url: str


class WeekList(Schema):
    start: dt.date
    end: dt.date
    items: list[WeekRow]


class DemandFigureRow(Schema):
    id: int | None
    label: str
    registered: int
    assigned: int
    accepted: int
    accepted_in_time: int
    replied: int
    replied_on_time: int
    visited: int
    satisfied: int
    resolved: int
    reopened: int
    closed: int
    response_rate: float | None
    on_time_rate: float | None
    resolution_rate: float | None
    satisfaction_rate: float | None
    reopen_rate: float | None
    url: str


class DemandFigureList(Schema):
    start: dt.date
    end: dt.date
    items: list[DemandFigureRow]


class CategoryFigureRow(DemandFigureRow):
    code: str


class CategoryFigureList(Schema):
    start: dt.date
    end: dt.date
    items: list[CategoryFigureRow]


class LightRow(Schema):
    id: int | None
    label: str
    normal: int
    warning: int
    overdue: int
    running: int
    url: str


class LightList(Schema):
    items: list[LightRow]


class ApplicationFigureRow(Schema):
    id: int
    label: str
    accepted: int
    decided: int
    on_time: int
    on_time_rate: float | None
    delivered: int
    terminated: int
    url: str


class ApplicationFigureList(Schema):
    start: dt.date
    end: dt.date
    items: list[ApplicationFigureRow]


class PolicyFigureRow(Schema):
    label: str
    policies: int
    matched: int
    pushed: int
    read: int
    claimed: int
    approved: int
    paid: int
    amount: Decimal
    avg_days: float | None
    overdue: int
    url: str


class PolicyFigureList(Schema):
    start: dt.date
    end: dt.date
    items: list[PolicyFigureRow]


def _rows(request: AuthedRequest, key: str, params: PeriodIn) -> dict[str, Any]:
    require(request.user, "dashboard.view")
    period = Period.of(params.start, params.end)
    return {"start": period.start, "end": period.end, "items": table_rows(key, period)}


@router.get("/weekly", response={200: WeekList, **ERRORS}, summary="每周诉求受理与办结")
def weekly(request: AuthedRequest, params: Query[PeriodIn]) -> dict[str, Any]:
    return _rows(request, "weekly", params)


@router.get("/departments", response={200: DemandFigureList, **ERRORS}, summary="诉求办理情况与三率（按主办部门）")
def departments(request: AuthedRequest, params: Query[PeriodIn]) -> dict[str, Any]:
    return _rows(request, "departments", params)


@router.get("/categories", response={200: CategoryFigureList, **ERRORS}, summary="诉求热点（按诉求类别）")
def categories(request: AuthedRequest, params: Query[PeriodIn]) -> dict[str, Any]:
    return _rows(request, "categories", params)


@router.get("/parks", response={200: DemandFigureList, **ERRORS}, summary="诉求办理情况（按园区）")
def parks(request: AuthedRequest, params: Query[PeriodIn]) -> dict[str, Any]:
    return _rows(request, "parks", params)


@router.get("/lights", response={200: LightList, **ERRORS}, summary="在办诉求亮灯情况（按主办部门，当前）")
def lights(request: AuthedRequest) -> dict[str, Any]:
    require(request.user, "dashboard.view")
    return {"items": table_rows("lights", Period.of(None, None))}


@router.get("/applications", response={200: ApplicationFigureList, **ERRORS}, summary="办件办理情况（按审批部门）")
def applications(request: AuthedRequest, params: Query[PeriodIn]) -> dict[str, Any]:
    return _rows(request, "applications", params)


@router.get("/policies", response={200: PolicyFigureList, **ERRORS}, summary="惠企政策兑现情况（按出台部门）")
def policies(request: AuthedRequest, params: Query[PeriodIn]) -> dict[str, Any]:
    return _rows(request, "policies", params)


class RatingFigureRow(Schema):
    id: int | None
    label: str
    count: int
    satisfaction_rate: float | None
    bad_count: int
    callback_rate: float | None
    rectification_rate: float | None
    rectified_on_time_rate: float | None
    url: str


class RatingFigureList(Schema):
    start: dt.date
    end: dt.date
    items: list[RatingFigureRow]


@router.get("/ratings", response={200: RatingFigureList, **ERRORS}, summary="好差评（按服务部门）")
def ratings(request: AuthedRequest, params: Query[PeriodIn]) -> dict[str, Any]:
    return _rows(request, "ratings", params)
