"""Demand API (API.md "Demands"): intake from every channel, the loop's actions, extensions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import FileResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from qifu.core.api_support import ErrorOut, idempotent
from qifu.core.http import AuthedRequest
from qifu.core.pagination import keyset_page
from qifu.demands import hotline, selectors, services
from qifu.demands.filters import DemandFilter
from qifu.demands.models import Demand
from qifu.demands.permissions import sees_internal
from qifu.demands.schemas import (
    CategoryList,
    ConsultationIn,
    DemandAcceptIn,
    DemandAddInfoIn,
    DemandAssignIn,
    DemandEditIn,
    DemandEscalateIn,
    DemandIn,
    DemandList,
    DemandMergeIn,
    DemandOut,
    DemandRemindIn,
    DemandReplyIn,
    DemandReturnIn,
    DemandSuperviseIn,
    DemandVisitIn,
    DemandWithdrawIn,
    ExtensionDecideIn,
    ExtensionIn,
    ExtensionOut,
    category_out,
    demand_item,
    demand_out,
)

router = Router(tags=["诉求"])
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _out(request: AuthedRequest, demand: Demand, similar: list[str] | None = None, new: bool = False) -> DemandOut:
    """The whole record after an action (reached through scope before it: a returned demand leaves the
    department's scope, but the department still gets the answer to its own action)."""
    return demand_out(
        demand,
        selectors.timeline_for(request.user, demand),
        personal=selectors.sees_contact(request.user, demand),
        staff=sees_internal(request.user),
        similar=similar,
        new=new,
    )


@router.get("/demand-categories", response=CategoryList, summary="派单目录（诉求类别）")
def categories(request: AuthedRequest) -> dict[str, Any]:
    return {"items": [category_out(c) for c in selectors.categories()]}


@router.post("/demands", response={201: DemandOut, **ERRORS}, summary="登记诉求（支持 Idempotency-Key）")
def demand_create(request: AuthedRequest, payload: DemandIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        demand = services.demand_register(actor=request.user, payload=payload)
        similar = selectors.similar_open_numbers(request.user, demand)
        return 201, _out(request, demand, similar, new=True).model_dump(mode="json")

    return Status(*idempotent(request, "demands.create", create))


class AttachmentOut(Schema):
    id: int
    name: str
    size: int
    created_at: dt.datetime


@router.post("/demands/{demand_id}/attachments", response={201: AttachmentOut, **ERRORS}, summary="上传附件")
def attachment_upload(request: AuthedRequest, demand_id: int, file: File[UploadedFile]) -> Status[Any]:
    attachment = services.attachment_add(
        actor=request.user, demand_id=demand_id, name=file.name or "", content=file.read()
    )
    return Status(201, attachment)


@router.get(
    "/demands/{demand_id}/attachments/{attachment_id}",
    response={200: None, 404: ErrorOut},
    summary="下载附件（仅企业本身和办理人员；每次下载留痕）",
)
def attachment_download(request: AuthedRequest, demand_id: int, attachment_id: int) -> FileResponse:
    attachment = services.attachment_download(actor=request.user, demand_id=demand_id, attachment_id=attachment_id)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


class ImportOut(Schema):
    created: list[str]
    skipped: list[str]
    errors: list[dict[str, Any]]


@router.post(
    "/demands/import",
    response={200: ImportOut, 422: ImportOut | ErrorOut, 403: ErrorOut},
    summary="批量导入12345工单（.xlsx；已导入的工单编号自动跳过；有错误则全部不导入）",
)
def hotline_import(request: AuthedRequest, file: File[UploadedFile]) -> Status[Any]:
    result = hotline.hotline_import(actor=request.user, content=file.read())
    status = 422 if result.errors else 200
    return Status(status, {"created": result.created, "skipped": result.skipped, "errors": result.errors})


@router.get("/demands", response={200: DemandList, 422: ErrorOut}, summary="诉求列表（游标分页）")
def demand_list(
    request: AuthedRequest,
    status: str = "",
    kind: str = "",
    channel: str = "",
    category: str = "",
    department_id: str = "",
    park_id: str = "",
    enterprise_id: str = "",
    light: str = "",
    date_from: str = "",
    date_to: str = "",
    q: str = "",
    cursor: str | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    filters = DemandFilter.parse(
        {
            "status": status,
            "kind": kind,
            "channel": channel,
            "category": category,
            "department_id": department_id,
            "park_id": park_id,
            "enterprise_id": enterprise_id,
            "light": light,
            "date_from": date_from,
            "date_to": date_to,
            "q": q,
        }
    )
    qs = selectors.demand_list_for(request.user, filters)
    rows, next_cursor = keyset_page(qs, cursor=cursor, limit=limit, ids_first=filters.needs_ids_first)
    return {"items": [demand_item(d) for d in rows], "next_cursor": next_cursor}


@router.get("/demands/{demand_id}", response={200: DemandOut, 404: ErrorOut}, summary="诉求详情（含办理过程）")
def demand_detail(request: AuthedRequest, demand_id: int) -> DemandOut:
    return _out(request, selectors.demand_get_for(request.user, demand_id))


@router.post("/demands/{demand_id}/assign", response={200: DemandOut, **ERRORS}, summary="交办")
def assign(request: AuthedRequest, demand_id: int, payload: DemandAssignIn) -> DemandOut:
    demand = services.demand_assign(
        actor=request.user,
        demand_id=demand_id,
        department_id=payload.department_id,
        complexity=payload.complexity,
        days=payload.days,
        co_department_ids=payload.co_department_ids,
        note=payload.note,
    )
    return _out(request, demand)


@router.post("/demands/{demand_id}/return", response={200: DemandOut, **ERRORS}, summary="退回（交办后1个工作日内）")
def return_(request: AuthedRequest, demand_id: int, payload: DemandReturnIn) -> DemandOut:
    return _out(request, services.demand_return(actor=request.user, demand_id=demand_id, reason=payload.reason))


@router.post("/demands/{demand_id}/accept", response={200: DemandOut, **ERRORS}, summary="签收")
def accept(request: AuthedRequest, demand_id: int, payload: DemandAcceptIn) -> DemandOut:
    return _out(request, services.demand_accept(actor=request.user, demand_id=demand_id, handler_id=payload.handler_id))


@router.post("/demands/{demand_id}/reply", response={200: DemandOut, **ERRORS}, summary="答复")
def reply(request: AuthedRequest, demand_id: int, payload: DemandReplyIn) -> DemandOut:
    return _out(request, services.demand_reply(actor=request.user, demand_id=demand_id, content=payload.content))


@router.post("/demands/{demand_id}/visit", response={200: DemandOut, **ERRORS}, summary="回访（满意销号，不满意重办）")
def visit(request: AuthedRequest, demand_id: int, payload: DemandVisitIn) -> DemandOut:
    demand = services.demand_visit(
        actor=request.user,
        demand_id=demand_id,
        satisfaction=payload.satisfaction,
        resolved=payload.resolved,
        comment=payload.comment,
        method=payload.method,
        visited_on=payload.visited_on,
    )
    return _out(request, demand)


@router.post("/demands/{demand_id}/withdraw", response={200: DemandOut, **ERRORS}, summary="撤回")
def withdraw(request: AuthedRequest, demand_id: int, payload: DemandWithdrawIn) -> DemandOut:
    return _out(request, services.demand_withdraw(actor=request.user, demand_id=demand_id, reason=payload.reason))


@router.post("/demands/{demand_id}/remind", response={200: DemandOut, **ERRORS}, summary="催办")
def remind(request: AuthedRequest, demand_id: int, payload: DemandRemindIn) -> DemandOut:
    services.demand_remind(actor=request.user, demand_id=demand_id, note=payload.note)
    return _out(request, selectors.demand_get_for(request.user, demand_id))


@router.post("/demands/{demand_id}/supervise", response={200: DemandOut, **ERRORS}, summary="督办")
def supervise(request: AuthedRequest, demand_id: int, payload: DemandSuperviseIn) -> DemandOut:
    services.demand_supervise(actor=request.user, demand_id=demand_id, note=payload.note)
    return _out(request, selectors.demand_get_for(request.user, demand_id))


@router.post("/demands/{demand_id}/escalate", response={200: DemandOut, **ERRORS}, summary="上报区政府")
def escalate(request: AuthedRequest, demand_id: int, payload: DemandEscalateIn) -> DemandOut:
    return _out(request, services.demand_escalate(actor=request.user, demand_id=demand_id, reason=payload.reason))


@router.post("/demands/{demand_id}/archive", response={200: DemandOut, **ERRORS}, summary="归档")
def archive(request: AuthedRequest, demand_id: int) -> DemandOut:
    return _out(request, services.demand_archive(actor=request.user, demand_id=demand_id))


@router.post("/demands/{demand_id}/merge", response={200: DemandOut, **ERRORS}, summary="并单")
def merge(request: AuthedRequest, demand_id: int, payload: DemandMergeIn) -> DemandOut:
    return _out(request, services.demand_merge(actor=request.user, demand_id=demand_id, into_id=payload.into_id))


@router.post("/demands/{demand_id}/add-info", response={200: DemandOut, **ERRORS}, summary="企业补充信息")
def add_info(request: AuthedRequest, demand_id: int, payload: DemandAddInfoIn) -> DemandOut:
    return _out(request, services.demand_add_info(actor=request.user, demand_id=demand_id, content=payload.content))


@router.post("/demands/{demand_id}/edit", response={200: DemandOut, **ERRORS}, summary="更正诉求（保留原文）")
def edit(request: AuthedRequest, demand_id: int, payload: DemandEditIn) -> DemandOut:
    demand = services.demand_edit(actor=request.user, demand_id=demand_id, payload=payload)
    return _out(request, demand)


@router.post("/demands/{demand_id}/consultations", response={201: DemandOut, **ERRORS}, summary="记录会商")
def consult(request: AuthedRequest, demand_id: int, payload: ConsultationIn) -> Status[Any]:
    services.consultation_record(
        actor=request.user,
        demand_id=demand_id,
        held_on=payload.held_on,
        department_ids=payload.department_ids,
        participants=payload.participants,
        minutes=payload.minutes,
        conclusion=payload.conclusion,
    )
    return Status(201, _out(request, selectors.demand_get_for(request.user, demand_id)))


@router.post("/demands/{demand_id}/extensions", response={201: ExtensionOut, **ERRORS}, summary="申请延期")
def extension_create(request: AuthedRequest, demand_id: int, payload: ExtensionIn) -> Status[Any]:
    extension = services.extension_request(
        actor=request.user, demand_id=demand_id, days=payload.days, reason=payload.reason, progress=payload.progress
    )
    return Status(201, extension)


@router.post(
    "/demands/{demand_id}/extensions/{extension_id}/decide", response={200: DemandOut, **ERRORS}, summary="审批延期"
)
def extension_decide(
    request: AuthedRequest, demand_id: int, extension_id: int, payload: ExtensionDecideIn
) -> DemandOut:
    demand = services.extension_decide(
        actor=request.user, demand_id=demand_id, extension_id=extension_id, approve=payload.approve, note=payload.note
    )
    return _out(request, demand)
