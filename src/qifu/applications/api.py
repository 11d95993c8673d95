"""Applications API (API.md "Catalogue and applications"): file, pre-review, correct, hand over, decide,
deliver, terminate; plus entrustments, clock pauses and extensions; the printable one-time notice."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.shortcuts import render
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict

from qifu.applications import selectors, services
from qifu.applications.choices import Window
from qifu.applications.models import Appointment
from qifu.applications.schemas import ApplicationIn, ApplicationOut, MaterialIn, application_out
from qifu.core.api_support import ErrorOut, idempotent
from qifu.core.errors import NotFound, ValidationFailed
from qifu.core.http import AuthedRequest

router = Router(tags=["办件"])
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class Body(Schema):
    model_config = ConfigDict(extra="forbid")


class ProblemIn(Body):
    requirement_id: int
    problem: str


class PreReviewIn(Body):
    result: str
    problems: list[ProblemIn] = []
    deferred: list[int] = []
    received: list[int] = []  # materials handed over on paper at the window during pre-review
    commitment_due: dt.date | None = None
    signed_by: str = ""
    reason: str = ""


class CorrectIn(Body):
    materials: list[MaterialIn]


class NoteIn(Body):
    note: str = ""


class DecideIn(Body):
    approved: bool
    note: str = ""


class DeliverIn(Body):
    method: str
    collected_by: str = ""
    tracking_number: str = ""


class TerminateIn(Body):
    reason_code: str
    note: str


class ReasonIn(Body):
    reason: str


class ExtendIn(Body):
    days: int
    reason: str


class SupplyIn(Body):
    requirement_id: int


class EntrustmentIn(Body):
    enterprise_id: int
    agent_name: str
    agent_phone: str
    agent_id_number: str
    scope: str
    valid_until: dt.date


class EntrustmentOut(Schema):
    id: int
    agent_name: str
    scope: str
    valid_until: dt.date


class AppointmentIn(Body):
    enterprise_id: int
    window: str
    day: dt.date
    slot: str
    purpose: str
    visitor_name: str
    visitor_phone: str
    item_id: int | None = None
    bundle_id: int | None = None
    application_id: int | None = None


class AppointmentOut(Schema):
    id: int
    number: str
    enterprise_id: int
    enterprise_name: str
    window: str
    window_label: str
    day: dt.date
    slot: str
    purpose: str
    status: str
    status_label: str
    item_id: int | None
    bundle_id: int | None
    application_id: int | None

    @staticmethod
    def of(a: Appointment) -> AppointmentOut:
        return AppointmentOut(
            id=a.pk,
            number=a.number,
            enterprise_id=a.enterprise_id,
            enterprise_name=a.enterprise.name,
            window=a.window,
            window_label=a.get_window_display(),
            day=a.day,
            slot=a.slot,
            purpose=a.purpose,
            status=a.status,
            status_label=a.get_status_display(),
            item_id=a.item_id,
            bundle_id=a.bundle_id,
            application_id=a.application_id,
        )


class SlotsOut(Schema):
    day: dt.date
    slots: dict[str, int]


def _out(request: AuthedRequest, application_id: int) -> ApplicationOut:
    application = selectors.application_get_for(request.user, application_id)
    return application_out(application, selectors.timeline_for(request.user, application))


@router.post("/entrustments", response={201: EntrustmentOut, **ERRORS}, summary="登记委托书（代办）")
def entrustment_create(request: AuthedRequest, payload: EntrustmentIn) -> Status[Any]:
    return Status(201, services.entrustment_register(actor=request.user, data=payload.model_dump()))


@router.get("/appointments", response=list[AppointmentOut], summary="预约列表（窗口按日，企业看未来的预约）")
def appointment_list(request: AuthedRequest, day: dt.date | None = None, window: str = "") -> list[AppointmentOut]:
    rows = selectors.appointment_list_for(request.user, day=day, window=window, upcoming=day is None)
    return [AppointmentOut.of(a) for a in rows[:500]]


@router.get("/appointments/slots", response={200: list[SlotsOut], 422: ErrorOut}, summary="可预约时段（余量）")
def appointment_slots(request: AuthedRequest, window: str) -> list[SlotsOut]:
    if window not in Window.values:
        raise ValidationFailed.field("window", "没有这个窗口")
    left = selectors.slots_left(window, services.booking_days(), settings.QIFU_APPOINTMENT_CAPACITY)
    return [SlotsOut(day=day, slots=slots) for day, slots in left.items()]


@router.post("/appointments", response={201: AppointmentOut, **ERRORS}, summary="预约窗口办事")
def appointment_create(request: AuthedRequest, payload: AppointmentIn) -> Status[Any]:
    return Status(201, AppointmentOut.of(services.appointment_book(actor=request.user, data=payload.model_dump())))


@router.post(
    "/appointments/{appointment_id}/{action}",
    response={200: AppointmentOut, **ERRORS},
    summary="取消预约（cancel）、到场签到（arrive）、登记未到场（miss）",
)
def appointment_action(request: AuthedRequest, appointment_id: int, action: str) -> AppointmentOut:
    return AppointmentOut.of(services.appointment_act(actor=request.user, appointment_id=appointment_id, action=action))


@router.post("/applications", response={201: ApplicationOut, **ERRORS}, summary="提交办件（自办、帮办、代办）")
def application_create(request: AuthedRequest, payload: ApplicationIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        data = payload.model_dump()
        application = services.application_submit(actor=request.user, data=data)
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
    services.application_pre_review(
        actor=request.user,
        application_id=application_id,
        result=payload.result,
        problems=[p.model_dump() for p in payload.problems],
        deferred=payload.deferred,
        received=payload.received,
        commitment_due=payload.commitment_due,
        signed_by=payload.signed_by,
        reason=payload.reason,
    )
    return _out(request, application_id)


@router.post("/applications/{application_id}/correct", response={200: ApplicationOut, **ERRORS}, summary="补正")
def correct(request: AuthedRequest, application_id: int, payload: CorrectIn) -> ApplicationOut:
    services.application_correct(
        actor=request.user, application_id=application_id, materials=[m.model_dump() for m in payload.materials]
    )
    return _out(request, application_id)


@router.post("/applications/{application_id}/handover", response={200: ApplicationOut, **ERRORS}, summary="流转")
def handover(request: AuthedRequest, application_id: int, payload: NoteIn | None = None) -> ApplicationOut:
    services.application_handover(
        actor=request.user, application_id=application_id, note=payload.note if payload else ""
    )
    return _out(request, application_id)


@router.post("/applications/{application_id}/pause", response={200: ApplicationOut, **ERRORS}, summary="暂停计时")
def pause(request: AuthedRequest, application_id: int, payload: ReasonIn) -> ApplicationOut:
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
def decide(request: AuthedRequest, application_id: int, payload: DecideIn) -> ApplicationOut:
    services.application_decide(
        actor=request.user, application_id=application_id, approved=payload.approved, note=payload.note
    )
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
