"""Enterprise service day API (API.md "Enterprise service days"): schedules, sessions, registrations, on-site
records, closing; the parks' demand lists and their classification; the roster, designations and figures."""

from __future__ import annotations

from typing import Any

from ninja import Router, Status
from ninja.params import functions as params

from qifu.core.access import require
from qifu.core.api_support import ErrorOut, idempotent
from qifu.core.cleaning import parse_day, parse_id
from qifu.core.http import AuthedRequest
from qifu.core.pagination import keyset_page
from qifu.orgs.schemas import ServiceGroupMemberIn
from qifu.orgs.services import service_group_member_save
from qifu.servicedays import selectors, services
from qifu.servicedays.models import DemandList, DemandListRow, Designation, ServiceDay, ServiceDaySchedule
from qifu.servicedays.permissions import access_demand_list_for, access_service_day_for
from qifu.servicedays.schemas import (
    CancelIn,
    ClassifyIn,
    CloseIn,
    DemandListIn,
    DemandListOut,
    DesignationIn,
    DesignationList,
    DesignationOut,
    FiguresOut,
    RecordCreatedOut,
    RecordIn,
    RegistrationIn,
    RegistrationOut,
    RosterList,
    RosterMemberOut,
    ScheduleIn,
    ScheduleList,
    ScheduleOut,
    ServiceDayDetailOut,
    ServiceDayList,
)

router = Router(tags=["企业服务日"])
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def schedule_out(s: ServiceDaySchedule) -> dict[str, Any]:
    return {
        "id": s.pk,
        "park_id": s.park_id,
        "weekday": s.weekday,
        "start_time": f"{s.start_time:%H:%M}",
        "place": s.place,
        "department_ids": sorted(d.pk for d in s.departments.all()),
    }


def _session_base(request: AuthedRequest, s: ServiceDay) -> dict[str, Any]:
    return {
        "id": s.pk,
        "date": s.date,
        "park_id": s.park_id,
        "park_name": s.park.name,
        "starts_at": s.starts_at,
        "place": s.place,
        "status": s.status,
        "status_label": s.get_status_display(),
        "note": s.note,
        "departments": selectors.session_departments(request.user, s),
    }


def registration_out(r: Any) -> dict[str, Any]:
    return {
        "id": r.pk,
        "enterprise_id": r.enterprise_id,
        "enterprise_name": r.enterprise.name,
        "topic": r.topic,
        "needs": r.needs,
        "created_at": r.created_at,
    }


def detail_out(request: AuthedRequest, s: ServiceDay) -> dict[str, Any]:
    user = request.user
    return {
        **_session_base(request, s),
        "summary": s.summary,
        "registrations": [registration_out(r) for r in selectors.registrations(user, s)],
        "records": [
            {
                "id": r.pk,
                "enterprise_id": r.enterprise_id,
                "enterprise_name": r.enterprise.name,
                "service": r.service,
                "service_label": r.get_service_display(),
                "department_id": r.department_id,
                "department_name": r.department.name if r.department else "",
                "content": r.content,
                "demand_id": r.demand_id,
                "created_at": r.created_at,
            }
            for r in selectors.records(user, s)
        ],
        "demands": [
            {
                "id": x.demand.pk,
                "number": x.demand.number,
                "enterprise_id": x.demand.enterprise_id,
                "enterprise_name": x.demand.enterprise.name,
                "title": x.demand.title,
                "status": x.demand.status,
                "status_label": x.demand.get_status_display(),
                "lead_department": x.demand.lead_department.name if x.demand.lead_department else "",
                "source": x.source,
            }
            for x in selectors.raised_demands(user, s)
        ],
        "demand_list_ids": [d.pk for d in selectors.demand_lists(user, s)],
        "counts": selectors.counts(s),
    }


def demand_list_out(d: DemandList) -> dict[str, Any]:
    rows: list[DemandListRow] = list(d.rows.select_related("enterprise"))
    return {
        "id": d.pk,
        "service_day_id": d.service_day_id,
        "park_id": d.park_id,
        "note": d.note,
        "pushed_at": d.pushed_at,
        "rows": [
            {
                "id": r.pk,
                "position": r.position,
                "enterprise_id": r.enterprise_id,
                "enterprise_name": r.enterprise.name,
                "title": r.title,
                "content": r.content,
                "contact_name": r.contact_name,
                "contact_phone": r.contact_phone,
                "status": r.status,
                "department_id": r.department_id,
                "requirement": r.requirement,
                "days": r.days,
                "demand_id": r.demand_id,
            }
            for r in rows
        ],
    }


def designation_out(d: Designation) -> dict[str, Any]:
    return {
        "id": d.pk,
        "park_id": d.park_id,
        "enterprise_id": d.enterprise_id,
        "enterprise_name": d.enterprise.name,
        "project_name": d.project_name,
        "liaison_id": d.liaison_id,
        "liaison_name": d.liaison.label,
        "designated_on": d.designated_on,
    }


# ---------------------------------------------------------------- schedules


@router.get("/service-day-schedules", response={200: ScheduleList, 403: ErrorOut}, summary="企业服务日排期")
def schedule_list(request: AuthedRequest) -> dict[str, Any]:
    require(request.user, "serviceday.view")
    return {"items": [schedule_out(s) for s in selectors.schedules()], "next_cursor": None}


@router.post(
    "/service-day-schedules",
    response={201: ScheduleOut, **ERRORS},
    summary="新建排期（weekday 1 周一 … 7 周日；随即生成未来几周的场次）",
)
def schedule_create(request: AuthedRequest, payload: ScheduleIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        return 201, schedule_out(services.schedule_create(actor=request.user, payload=payload))

    return Status(*idempotent(request, "service_day_schedules.create", create))


# ---------------------------------------------------------------- sessions


@router.get("/service-days", response={200: ServiceDayList, 403: ErrorOut, 422: ErrorOut}, summary="企业服务日场次")
def service_day_list(
    request: AuthedRequest,
    date_from: str = params.Query("", alias="from"),
    date_to: str = params.Query("", alias="to"),
    park_id: str = "",
    cursor: str | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    require(request.user, "serviceday.view")
    rows, next_cursor = selectors.service_day_list_for(
        request.user,
        start=parse_day("from", "开始日期", date_from),
        end=parse_day("to", "结束日期", date_to),
        park_id=parse_id("park_id", "园区", park_id),
        cursor=cursor,
        limit=limit,
    )
    items = [{**_session_base(request, s), "registrations": s.registration_count} for s in rows]  # type: ignore[attr-defined]
    return {"items": items, "next_cursor": next_cursor}


@router.get("/service-day-figures", response={200: FiguresOut, 403: ErrorOut, 422: ErrorOut}, summary="企业服务日成效")
def figures(
    request: AuthedRequest,
    date_from: str = params.Query("", alias="from"),
    date_to: str = params.Query("", alias="to"),
    park_id: str = "",
) -> dict[str, int]:
    require(request.user, "serviceday.view")
    return selectors.figures(
        request.user,
        start=parse_day("from", "开始日期", date_from),
        end=parse_day("to", "结束日期", date_to),
        park_id=parse_id("park_id", "园区", park_id),
    )


@router.get("/service-days/{service_day_id}", response={200: ServiceDayDetailOut, 404: ErrorOut}, summary="场次详情")
def service_day_detail(request: AuthedRequest, service_day_id: int) -> dict[str, Any]:
    return detail_out(request, access_service_day_for(request.user, service_day_id))


@router.post(
    "/service-days/{service_day_id}/registrations",
    response={201: RegistrationOut, **ERRORS},
    summary="企业报名（每场一次；开始后不能报名）",
)
def registration_create(request: AuthedRequest, service_day_id: int, payload: RegistrationIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        r = services.registration_create(actor=request.user, service_day_id=service_day_id, payload=payload)
        return 201, registration_out(r)

    return Status(*idempotent(request, f"service_days.{service_day_id}.registrations", create))


@router.post(
    "/service-days/{service_day_id}/records",
    response={201: RecordCreatedOut, **ERRORS},
    summary="现场服务记录（未能当场办结的形成诉求）",
)
def record_create(request: AuthedRequest, service_day_id: int, payload: RecordIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        r = services.record_create(actor=request.user, service_day_id=service_day_id, payload=payload)
        return 201, {"id": r.pk, "demand_id": r.demand_id}

    return Status(*idempotent(request, f"service_days.{service_day_id}.records", create))


@router.post(
    "/service-days/{service_day_id}/close", response={200: ServiceDayDetailOut, **ERRORS}, summary="结束并小结"
)
def close(request: AuthedRequest, service_day_id: int, payload: CloseIn) -> dict[str, Any]:
    s = services.service_day_close(actor=request.user, service_day_id=service_day_id, summary=payload.summary)
    return detail_out(request, s)


@router.post("/service-days/{service_day_id}/cancel", response={200: ServiceDayDetailOut, **ERRORS}, summary="取消场次")
def cancel(request: AuthedRequest, service_day_id: int, payload: CancelIn) -> dict[str, Any]:
    s = services.service_day_cancel(actor=request.user, service_day_id=service_day_id, reason=payload.reason)
    return detail_out(request, s)


# ---------------------------------------------------------------- demand lists


@router.post(
    "/service-days/{service_day_id}/demand-lists",
    response={201: DemandListOut, **ERRORS},
    summary="园区推送企业需求清单",
)
def demand_list_push(request: AuthedRequest, service_day_id: int, payload: DemandListIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        d = services.demand_list_push(actor=request.user, service_day_id=service_day_id, payload=payload)
        return 201, demand_list_out(d)

    return Status(*idempotent(request, f"service_days.{service_day_id}.demand_lists", create))


@router.get("/demand-lists/{list_id}", response={200: DemandListOut, 404: ErrorOut}, summary="企业需求清单")
def demand_list_detail(request: AuthedRequest, list_id: int) -> dict[str, Any]:
    return demand_list_out(access_demand_list_for(request.user, list_id))


@router.post(
    "/demand-lists/{list_id}/rows/{row_id}/classify",
    response={200: DemandListOut, **ERRORS},
    summary="分类交办清单中的一条（办理窗口、办理要求、落实时限）：形成诉求",
)
def classify(request: AuthedRequest, list_id: int, row_id: int, payload: ClassifyIn) -> dict[str, Any]:
    row = services.demand_list_row_classify(actor=request.user, list_id=list_id, row_id=row_id, payload=payload)
    return demand_list_out(row.demand_list)


# ---------------------------------------------------------------- roster and service objects


@router.get("/service-group", response={200: RosterList, 403: ErrorOut}, summary="区级政务服务小组名单")
def roster(request: AuthedRequest) -> dict[str, Any]:
    require(request.user, "serviceday.view")
    return {"items": selectors.roster(request.user), "next_cursor": None}


@router.post("/service-group", response={200: RosterMemberOut, **ERRORS}, summary="设置成员单位的联络员和业务骨干")
def roster_save(request: AuthedRequest, payload: ServiceGroupMemberIn) -> dict[str, Any]:
    member = service_group_member_save(actor=request.user, payload=payload)
    return {
        "department_id": member.department_id,
        "department_name": member.department.name,
        "liaison": {"name": member.liaison_name, "phone": member.liaison_phone},
        "key_staff": {"name": member.key_staff_name, "phone": member.key_staff_phone},
    }


@router.get("/designations", response={200: DesignationList, 403: ErrorOut, 422: ErrorOut}, summary="服务对象认定")
def designation_list(request: AuthedRequest, cursor: str | None = None, limit: int = 50) -> dict[str, Any]:
    require(request.user, "serviceday.designate")
    rows, next_cursor = keyset_page(selectors.designations_for(request.user), cursor=cursor, limit=limit)
    return {"items": [designation_out(d) for d in rows], "next_cursor": next_cursor}


@router.post(
    "/designations", response={201: DesignationOut, **ERRORS}, summary="认定服务对象（企业或项目，指定固定联络员）"
)
def designation_create(request: AuthedRequest, payload: DesignationIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        return 201, designation_out(services.designation_create(actor=request.user, payload=payload))

    return Status(*idempotent(request, "designations.create", create))
