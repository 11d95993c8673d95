"""Ratings and rectification API (API.md "Ratings (好差评) and rectification (差评整改)")."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Router, Status
from ninja.params import functions as params

from qifu.core.access import sees_internal
from qifu.core.api_support import ErrorOut, idempotent
from qifu.core.cleaning import parse_day, parse_id
from qifu.core.errors import NotFound, PermissionDenied, ValidationFailed
from qifu.core.http import AuthedRequest
from qifu.core.pagination import keyset_page
from qifu.evaluations import selectors, services
from qifu.evaluations.choices import RectificationStatus, reason_options
from qifu.evaluations.models import Rectification
from qifu.evaluations.permissions import access_rectification_for, may_read_figures, sees_all_figures
from qifu.evaluations.schemas import (
    AppealIn,
    CallbackIn,
    DecideAppealIn,
    RatingIn,
    RatingOut,
    ReasonListOut,
    RectificationOut,
    RectificationPageOut,
    RectifyIn,
    ReportIn,
    SummaryOut,
)
from qifu.evaluations.transitions import WORKFLOW

router = Router(tags=["好差评与整改"])
ERRORS: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.get("/rating-reasons", response={200: ReasonListOut, 422: ErrorOut}, summary="评价原因选项（按等级）")
def rating_reasons(
    request: AuthedRequest,
    level: int = params.Query(..., ge=1, le=5),
    channel: Literal["", "online", "onsite"] = "",
) -> dict[str, Any]:
    """The options for `level` (1 非常不满意 … 5 非常满意), of one channel (online, onsite) or of both."""
    return {"items": [{"code": c, "label": label} for c, label in reason_options(level, channel)]}


@router.post("/ratings", response={201: RatingOut, **ERRORS}, summary="评价一项服务（好差评）")
def rating_create(request: AuthedRequest, payload: RatingIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        rating = services.rating_create(actor=request.user, **payload.model_dump())
        return 201, RatingOut.of(rating).model_dump(mode="json")

    return Status(*idempotent(request, "ratings.create", create))


@router.get(
    "/ratings/summary", response={200: SummaryOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}, summary="好差评统计"
)
def rating_summary(
    request: AuthedRequest,
    date_from: str = params.Query("", alias="from"),
    date_to: str = params.Query("", alias="to"),
    department_id: str = "",
) -> dict[str, Any]:
    """The centre and the supervisor any unit's figures; a department's staff their own unit's only."""
    user = request.user
    if not may_read_figures(user):
        raise PermissionDenied()
    start = parse_day("from", "开始日期", date_from)
    end = parse_day("to", "结束日期", date_to)
    department = parse_id("department_id", "部门", department_id)
    if not sees_all_figures(user):
        if user.department_id is None:
            raise PermissionDenied()
        if department is not None and department != user.department_id:
            raise NotFound()
        department = user.department_id
    return selectors.rating_summary(start=start, end=end, department_id=department)


def _out(request: AuthedRequest, case: Rectification) -> RectificationOut:
    return RectificationOut.of(
        case,
        selectors.timeline_for(request.user, case),
        staff=sees_internal(request.user),
        light=WORKFLOW.light(case),
    )


@router.get(
    "/rectifications", response={200: RectificationPageOut, 404: ErrorOut, 422: ErrorOut}, summary="差评整改台账"
)
def rectification_list(
    request: AuthedRequest, status: str = "", department_id: str = "", cursor: str = "", limit: int = 50
) -> dict[str, Any]:
    if status and status not in RectificationStatus.values:
        raise ValidationFailed.field("status", "状态不在可选范围内")
    rows, next_cursor = keyset_page(
        selectors.rectification_list_for(
            request.user, status=status, department_id=parse_id("department_id", "部门", department_id)
        ),
        cursor=cursor,
        limit=limit,
    )
    return {"items": [_out(request, c) for c in rows], "next_cursor": next_cursor}


@router.get("/rectifications/{case_id}", response={200: RectificationOut, 404: ErrorOut}, summary="差评整改详情")
def rectification_detail(request: AuthedRequest, case_id: int) -> RectificationOut:
    return _out(request, access_rectification_for(request.user, case_id))


@router.post("/rectifications/{case_id}/callback", response={200: RectificationOut, **ERRORS}, summary="回访核实")
def rectification_callback(request: AuthedRequest, case_id: int, payload: CallbackIn) -> RectificationOut:
    case = services.rectification_callback(actor=request.user, case_id=case_id, note=payload.note)
    return _out(request, case)


@router.post("/rectifications/{case_id}/rectify", response={200: RectificationOut, **ERRORS}, summary="整改")
def rectification_rectify(request: AuthedRequest, case_id: int, payload: RectifyIn) -> RectificationOut:
    case = services.rectification_rectify(actor=request.user, case_id=case_id, measures=payload.measures)
    return _out(request, case)


@router.post(
    "/rectifications/{case_id}/report", response={200: RectificationOut, **ERRORS}, summary="向企业反馈整改结果（办结）"
)
def rectification_report(request: AuthedRequest, case_id: int, payload: ReportIn) -> RectificationOut:
    case = services.rectification_report(actor=request.user, case_id=case_id, result=payload.result)
    return _out(request, case)


@router.post("/rectifications/{case_id}/appeal", response={200: RectificationOut, **ERRORS}, summary="申诉")
def rectification_appeal(request: AuthedRequest, case_id: int, payload: AppealIn) -> RectificationOut:
    case = services.rectification_appeal(actor=request.user, case_id=case_id, reason=payload.reason)
    return _out(request, case)


@router.post(
    "/rectifications/{case_id}/decide_appeal",
    response={200: RectificationOut, **ERRORS},
    summary="申诉复核（政务服务中心）",
)
def rectification_decide_appeal(request: AuthedRequest, case_id: int, payload: DecideAppealIn) -> RectificationOut:
    case = services.rectification_decide_appeal(
        actor=request.user, case_id=case_id, exclude=payload.exclude, note=payload.note
    )
    return _out(request, case)
