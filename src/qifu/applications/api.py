"""Applications API (API.md "Catalogue and applications"): file, pre-review, correct, hand over, decide,
deliver, terminate; plus entrustments, clock pauses and extensions; the printable one-time notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from ninja import File, Router, Status
from ninja.files import UploadedFile

from qifu.applications import selectors, services
from qifu.applications.choices import Window
from qifu.applications.permissions import sees_internal
from qifu.applications.schemas import (
    ApplicationDecideIn,
    ApplicationIn,
    ApplicationOut,
    AppointmentIn,
    AppointmentOut,
    AppointmentPageOut,
    CorrectIn,
    DeliverIn,
    EntrustmentIn,
    EntrustmentOut,
    ExtendIn,
    HandoverIn,
    PauseIn,
    PreReviewIn,
    SlotsOut,
    SupplyIn,
    TerminateIn,
    application_out,
)
from qifu.core.api_support import ErrorOut, idempotent
from qifu.core.errors import NotFound, ValidationFailed
from qifu.core.http import AuthedRequest
from qifu.core.pagination import keyset_page

router = Router(tags=["办件"])
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _out(request: AuthedRequest, application_id: int) -> ApplicationOut:
    application = selectors.application_get_for(request.user, application_id)
    return application_out(
        application, selectors.timeline_for(request.user, application), staff=sees_internal(request.user)
    )


@router.post("/entrustments", response={201: EntrustmentOut, **ERRORS}, summary="登记委托书（代办）")
def entrustment_create(request: AuthedRequest, payload: EntrustmentIn) -> Status[Any]:
    return Status(201, services.entrustment_register(actor=request.user, **payload.model_dump()))


@router.get(
    "/appointments",
    response={200: AppointmentPageOut, 422: ErrorOut},
    summary="预约列表（窗口按日，企业看未来的预约），最新的在前",
)
def appointment_list(
    request: AuthedRequest, day: dt.date | None = None, window: str = "", cursor: str | None = None, limit: int = 50
) -> dict[str, Any]:
    qs = selectors.appointment_list_for(request.user, day=day, window=window, upcoming=day is None)
    rows, next_cursor = keyset_page(qs, cursor=cursor, limit=limit)
    return {"items": [AppointmentOut.of(a) for a in rows], "next_cursor": next_cursor}


@router.get("/appointments/slots", response={200: list[SlotsOut], 422: ErrorOut}, summary="可预约时段（余量）")
def appointment_slots(request: AuthedRequest, window: str) -> list[SlotsOut]:
    if window not in Window.values:
        raise ValidationFailed.field("window", "没有这个窗口")
    left = selectors.slots_left(window, services.booking_days(), settings.QIFU_APPOINTMENT_CAPACITY)
    return [SlotsOut(day=day, slots=slots) for day, slots in left.items()]


@router.post("/appointments", response={201: AppointmentOut, **ERRORS}, summary="预约窗口办事")
def appointment_create(request: AuthedRequest, payload: AppointmentIn) -> Status[Any]:
    return Status(201, AppointmentOut.of(services.appointment_book(actor=request.user, **payload.model_dump())))


@router.post("/appointments/{appointment_id}/cancel", response={200: AppointmentOut, **ERRORS}, summary="取消预约")
def appointment_cancel(request: AuthedRequest, appointment_id: int) -> AppointmentOut:
    return AppointmentOut.of(services.appointment_cancel(actor=request.user, appointment_id=appointment_id))


@router.post("/appointments/{appointment_id}/arrive", response={200: AppointmentOut, **ERRORS}, summary="到场签到")
def appointment_arrive(request: AuthedRequest, appointment_id: int) -> AppointmentOut:
    return AppointmentOut.of(services.appointment_arrive(actor=request.user, appointment_id=appointment_id))


@router.post("/appointments/{appointment_id}/miss", response={200: AppointmentOut, **ERRORS}, summary="登记未到场")
def appointment_miss(request: AuthedRequest, appointment_id: int) -> AppointmentOut:
    return AppointmentOut.of(services.appointment_miss(actor=request.user, appointment_id=appointment_id))


@router.post("/applications", response={201: ApplicationOut, **ERRORS}, summary="提交办件（自办、帮办、代办）")
def application_create(request: AuthedRequest, payload: ApplicationIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        application = services.application_submit(
            actor=request.user,
            enterprise_id=payload.enterprise_id,
            item_id=payload.item_id,
            bundle_id=payload.bundle_id,
            mode=payload.mode,
            agent_id_number=payload.agent.id_number if payload.agent else "",
            green_channel=payload.green_channel,
            provided=[m.requirement_id for m in payload.materials if m.provided],
        )
        return 201, _out(request, application.pk).model_dump(mode="json")

    return Status(*idempotent(request, "applications.create", create))


@router.get("/applications/{application_id}", response={200: ApplicationOut, 404: ErrorOut}, summary="办件详情")
def application_detail(request: AuthedRequest, application_id: int) -> ApplicationOut:
    return _out(request, application_id)


@router.post(
    "/applications/{application_id}/pre_review",
    response={200: ApplicationOut, **ERRORS},
    summary="预审：受理（可容缺）、一次性告知补正或不予受理",
)
def pre_review(request: AuthedRequest, application_id: int, payload: PreReviewIn) -> ApplicationOut:
    if payload.result == "accept":
        services.application_accept(
            actor=request.user,
            application_id=application_id,
            deferred=payload.deferred,
            received=payload.received,
            commitment_due=payload.commitment_due,
            signed_by=payload.signed_by,
        )
    elif payload.result == "correct":
        problems = [(p.requirement_id, p.problem) for p in payload.problems]
        services.application_request_correction(actor=request.user, application_id=application_id, problems=problems)
    else:
        services.application_refuse(actor=request.user, application_id=application_id, reason=payload.reason)
    return _out(request, application_id)


@router.post("/applications/{application_id}/correct", response={200: ApplicationOut, **ERRORS}, summary="补正")
def correct(request: AuthedRequest, application_id: int, payload: CorrectIn) -> ApplicationOut:
    supplied = [m.requirement_id for m in payload.materials if m.provided]
    services.application_correct(actor=request.user, application_id=application_id, supplied=supplied)
    return _out(request, application_id)


@router.post("/applications/{application_id}/handover", response={200: ApplicationOut, **ERRORS}, summary="流转")
def handover(request: AuthedRequest, application_id: int, payload: HandoverIn | None = None) -> ApplicationOut:
    services.application_handover(
        actor=request.user, application_id=application_id, note=payload.note if payload else ""
    )
    return _out(request, application_id)


@router.post("/applications/{application_id}/pause", response={200: ApplicationOut, **ERRORS}, summary="暂停计时")
def pause(request: AuthedRequest, application_id: int, payload: PauseIn) -> ApplicationOut:
    services.application_pause(actor=request.user, application_id=application_id, reason=payload.reason)
    return _out(request, application_id)


@router.post("/applications/{application_id}/resume", response={200: ApplicationOut, **ERRORS}, summary="恢复计时")
def resume(request: AuthedRequest, application_id: int) -> ApplicationOut:
    services.application_resume(actor=request.user, application_id=application_id)
    return _out(request, application_id)


@router.post(
    "/applications/{application_id}/extend",
    response={200: ApplicationOut, **ERRORS},
    summary="延长审批时限（部门负责人）",
)
def extend(request: AuthedRequest, application_id: int, payload: ExtendIn) -> ApplicationOut:
    services.application_extend(
        actor=request.user, application_id=application_id, days=payload.days, reason=payload.reason
    )
    return _out(request, application_id)


@router.post("/applications/{application_id}/decide", response={200: ApplicationOut, **ERRORS}, summary="审批决定")
def decide(request: AuthedRequest, application_id: int, payload: ApplicationDecideIn) -> ApplicationOut:
    decide = services.application_approve if payload.approved else services.application_deny
    decide(actor=request.user, application_id=application_id, note=payload.note)
    return _out(request, application_id)


@router.post("/applications/{application_id}/deliver", response={200: ApplicationOut, **ERRORS}, summary="统一出件")
def deliver(request: AuthedRequest, application_id: int, payload: DeliverIn) -> ApplicationOut:
    services.application_deliver(
        actor=request.user,
        application_id=application_id,
        method=payload.method,
        collected_by=payload.collected_by,
        tracking_number=payload.tracking_number,
    )
    return _out(request, application_id)


@router.post("/applications/{application_id}/terminate", response={200: ApplicationOut, **ERRORS}, summary="终止")
def terminate(request: AuthedRequest, application_id: int, payload: TerminateIn) -> ApplicationOut:
    services.application_terminate(
        actor=request.user, application_id=application_id, reason_code=payload.reason_code, note=payload.note
    )
    return _out(request, application_id)


@router.post(
    "/applications/{application_id}/supply_deferred", response={200: ApplicationOut, **ERRORS}, summary="补交容缺材料"
)
def supply(request: AuthedRequest, application_id: int, payload: SupplyIn) -> ApplicationOut:
    services.supply_deferred(actor=request.user, application_id=application_id, requirement_id=payload.requirement_id)
    return _out(request, application_id)


@router.post(
    "/applications/{application_id}/materials/{requirement_id}/file",
    response={200: ApplicationOut, **ERRORS},
    summary="上传材料文件（按内容校验格式，≤20MB）",
)
def material_upload(
    request: AuthedRequest, application_id: int, requirement_id: int, file: File[UploadedFile]
) -> ApplicationOut:
    services.material_upload(
        actor=request.user,
        application_id=application_id,
        requirement_id=requirement_id,
        name=file.name or "",
        content=file.read(),
    )
    return _out(request, application_id)


@router.get(
    "/applications/{application_id}/materials/{requirement_id}/file",
    response={200: None, 404: ErrorOut},
    summary="下载材料文件（仅窗口、审批部门和申请企业；每次下载留痕）",
)
def material_download(request: AuthedRequest, application_id: int, requirement_id: int) -> FileResponse:
    material = services.material_download(
        actor=request.user, application_id=application_id, requirement_id=requirement_id
    )
    suffix = material.file.name[material.file.name.rfind(".") :]
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=f"{material.requirement.name}{suffix}")


@router.get(
    "/applications/{application_id}/notice", response={200: None, 404: ErrorOut}, summary="一次性告知单（可打印 HTML）"
)
def notice(request: AuthedRequest, application_id: int) -> HttpResponse:
    application = selectors.application_get_for(request.user, application_id)
    latest = application.notices.select_related("issued_by").first()
    if latest is None:
        raise NotFound("该办件没有一次性告知单")
    return render(request, "applications/notice.html", {"a": application, "notice": latest})
