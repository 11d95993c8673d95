"""Every write on enterprise service days: schedules and the sessions generated from them (following the
working-day calendar), registrations, the parks' demand lists and their classification into demands, on-site
records, cancelling and closing a session, and the designation of service objects.

Demands are raised only through the demands app's own services (`demand_register`, `demand_assign`), with
channel `service_day`; the link to the session is kept here (`DemandListRow.demand`, `ServiceDayRecord.demand`).
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.core import hooks
from qifu.core.access import DEPARTMENT_ROLES, require, role_of
from qifu.core.audit import audit_record, register_action_labels
from qifu.core.choices import DayKind
from qifu.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from qifu.core.models import CalendarDay
from qifu.core.workcalendar import SHANGHAI
from qifu.core.workflow import Notice
from qifu.demands import services as demand_services
from qifu.demands.choices import Channel
from qifu.demands.schemas import DemandIn
from qifu.enterprises.models import Enterprise
from qifu.enterprises.permissions import access_enterprise_for
from qifu.orgs.models import Department, Park
from qifu.servicedays.choices import ListRowStatus, ServiceDayStatus
from qifu.servicedays.models import (
    DemandList,
    DemandListRow,
    Designation,
    ServiceDay,
    ServiceDayRecord,
    ServiceDayRegistration,
    ServiceDaySchedule,
)
from qifu.servicedays.permissions import access_demand_list_for, access_service_day_for
from qifu.servicedays.schemas import (
    ClassifyIn,
    DemandListIn,
    DesignationIn,
    RecordIn,
    RegistrationIn,
    ScheduleIn,
)
from qifu.servicedays.selectors import counts
from qifu.servicedays.transitions import ROW_WORKFLOW, WORKFLOW

register_action_labels(
    {
        "service_day.schedule_create": "企业服务日 新建安排",
        "service_day.designate": "企业服务日 认定服务对象",
    }
)


def _weeks() -> int:
    return int(getattr(settings, "QIFU_SERVICE_DAY_WEEKS", 8))


def _centre_staff() -> list[User]:
    return list(User.objects.filter(role=Role.DISPATCHER, is_active=True))


def _enterprise(actor: User, field: str, enterprise_id: int) -> Enterprise:
    try:
        return access_enterprise_for(actor, enterprise_id, related=False)
    except NotFound:
        raise ValidationFailed.field(field, "企业不存在或不在您的服务范围内") from None


# ---------------------------------------------------------------- schedules and sessions


def holidays_between(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    """The statutory holidays of the confirmed years between two dates, with their names (the calendar)."""
    found = CalendarDay.objects.filter(date__range=(start, end), kind=DayKind.HOLIDAY, year__confirmed=True)
    return {day: name or "法定节假日" for day, name in found.values_list("date", "name")}


def _holiday_note(name: str) -> str:
    return f"{name}（法定节假日），本次企业服务日取消"


@transaction.atomic
def schedule_create(*, actor: User, payload: ScheduleIn) -> ServiceDaySchedule:
    """A park's weekly service day; its sessions for the coming weeks are planned at once."""
    require(actor, "serviceday.manage")
    errors: list[FieldError] = []
    park = Park.objects.filter(pk=payload.park_id).first()
    if park is None:
        errors.append(FieldError("park_id", "园区不存在"))
    wanted = set(payload.department_ids)
    departments = list(Department.objects.filter(pk__in=wanted, is_active=True))
    if len(departments) != len(wanted):
        errors.append(FieldError("department_ids", "成员单位不存在或已停用"))
    if errors or park is None:
        raise ValidationFailed("排期信息有误：" + "；".join(e.message for e in errors), errors)
    schedule = ServiceDaySchedule.objects.create(
        park=park, weekday=payload.weekday, start_time=payload.start_time, place=payload.place, created_by=actor
    )
    schedule.departments.set(departments)
    audit_record(
        actor=actor,
        action="service_day.schedule_create",
        obj=schedule,
        summary=f"企业服务日排期：{park.name} 每{schedule.weekday_label} {schedule.start_time:%H:%M} {schedule.place}",
        data={"department_ids": sorted(wanted)},
    )
    _generate(schedule, timezone.localdate(), _weeks())
    return schedule


def _dates(schedule: ServiceDaySchedule, start: dt.date, weeks: int) -> list[dt.date]:
    first = start + dt.timedelta(days=(schedule.weekday - start.isoweekday()) % 7)
    return [first + dt.timedelta(weeks=n) for n in range(weeks)]


def _generate(schedule: ServiceDaySchedule, start: dt.date, weeks: int) -> int:
    """Plan the schedule's sessions from `start` for `weeks` weeks (those not planned yet); a statutory holiday
    cancels its session with the holiday's name."""
    dates = _dates(schedule, start, weeks)
    if not dates:
        return 0
    existing = set(schedule.sessions.filter(date__in=dates).values_list("date", flat=True))
    holidays = holidays_between(dates[0], dates[-1])
    department_ids = list(schedule.departments.values_list("pk", flat=True))
    created = 0
    for day in dates:
        if day in existing:
            continue
        starts_at = dt.datetime.combine(day, schedule.start_time, tzinfo=SHANGHAI)
        try:
            with transaction.atomic():
                session = ServiceDay.objects.create(
                    schedule=schedule, park_id=schedule.park_id, date=day, starts_at=starts_at, place=schedule.place
                )
        except IntegrityError:  # planned meanwhile by another runner
            continue
        session.departments.set(department_ids)
        WORKFLOW.record(session, actor=None, action="plan", public=f"{day:%Y-%m-%d} {schedule.place}")
        if day in holidays:
            _cancel_for_holiday(session, holidays[day])
        created += 1
    return created


def _cancel_for_holiday(session: ServiceDay, name: str) -> None:
    note = _holiday_note(name)
    WORKFLOW.act(session, actor=None, action="cancel", public=note, updates={"note": note, "holiday": name})


def sessions_generate(today: dt.date | None = None) -> int:
    """The periodic job: plan every active schedule's sessions for the coming weeks, and follow the calendar."""
    today = today or timezone.localdate()
    created = 0
    for schedule in ServiceDaySchedule.objects.filter(is_active=True):
        with transaction.atomic():
            created += _generate(schedule, today, _weeks())
    follow_calendar(today)
    return created


def follow_calendar(today: dt.date | None = None) -> int:
    """After the holiday arrangement changed (core.workcalendar.on_calendar_change): a planned session that now
    falls on a statutory holiday is cancelled with its name; one cancelled for a holiday that no longer is one is
    planned again. Past sessions stay as they were."""
    today = today or timezone.localdate()
    coming = ServiceDay.objects.filter(date__gte=today)
    last = coming.order_by("-date").values_list("date", flat=True).first()
    if last is None:
        return 0
    holidays = holidays_between(today, last)
    moved = 0
    for session in coming.filter(status=ServiceDayStatus.PLANNED, date__in=list(holidays)):
        with transaction.atomic():
            _cancel_for_holiday(session, holidays[session.date])
        moved += 1
    for session in coming.filter(status=ServiceDayStatus.CANCELLED).exclude(holiday=""):
        if session.date in holidays:
            continue
        with transaction.atomic():
            WORKFLOW.act(
                session,
                actor=None,
                action="restore",
                public=f"节假日安排调整，{session.date:%Y-%m-%d}为工作日，企业服务日照常举行",
                updates={"note": "", "holiday": ""},
            )
        moved += 1
    return moved


@transaction.atomic
def service_day_cancel(*, actor: User, service_day_id: int, reason: str) -> ServiceDay:
    session = access_service_day_for(actor, service_day_id)
    return WORKFLOW.act(
        session,
        actor=actor,
        action="cancel",
        note=reason,
        public=f"本次企业服务日取消：{reason}",
        updates={"note": reason},
    )


# ---------------------------------------------------------------- before the day


@transaction.atomic
def registration_create(*, actor: User, service_day_id: int, payload: RegistrationIn) -> ServiceDayRegistration:
    """An enterprise signs up with its topic and needs: once per session, and only before the session starts."""
    session = access_service_day_for(actor, service_day_id)
    require(actor, "serviceday.register")
    if role_of(actor) == Role.ENTERPRISE and payload.enterprise_id != actor.enterprise_id:
        raise ValidationFailed.field("enterprise_id", "只能为本企业报名")
    enterprise = _enterprise(actor, "enterprise_id", payload.enterprise_id)
    if session.status != ServiceDayStatus.PLANNED:
        raise Conflict(f"该企业服务日{session.get_status_display()}，不能报名")
    if timezone.now() >= session.starts_at:
        raise Conflict("该企业服务日已开始，不能再报名")
    if session.registrations.filter(enterprise=enterprise).exists():
        raise Conflict(f"{enterprise.name}已报名本次企业服务日", [FieldError("enterprise_id", "已报名，不能重复报名")])
    try:
        with transaction.atomic():
            registration = ServiceDayRegistration.objects.create(
                service_day=session,
                enterprise=enterprise,
                topic=payload.topic,
                needs=payload.needs,
                registered_by=actor,
            )
    except IntegrityError:
        raise Conflict(f"{enterprise.name}已报名本次企业服务日") from None
    WORKFLOW.record(
        session,
        actor=actor,
        action="registration",
        note=f"{enterprise.name}：{payload.topic}",
        internal=True,
        data={"registration_id": registration.pk, "enterprise_id": enterprise.pk},
    )
    return registration


@transaction.atomic
def demand_list_push(*, actor: User, service_day_id: int, payload: DemandListIn) -> DemandList:
    """The park liaison pushes its enterprises' needs as one list before the session; the centre classifies it."""
    session = access_service_day_for(actor, service_day_id)
    require(actor, "serviceday.push")
    if role_of(actor) == Role.PARK_LIAISON and actor.park_id != session.park_id:
        raise NotFound()
    if session.status != ServiceDayStatus.PLANNED:
        raise Conflict(f"该企业服务日{session.get_status_display()}，不能推送需求清单")
    errors: list[FieldError] = []
    enterprises: dict[int, Enterprise] = {}
    for n, row in enumerate(payload.rows, start=1):
        try:
            enterprises[n] = _enterprise(actor, "rows.enterprise_id", row.enterprise_id)
        except ValidationFailed:
            errors.append(FieldError("rows.enterprise_id", f"第{n}行：企业不存在或不在本园区"))
    if errors:
        raise ValidationFailed("需求清单有误：" + "；".join(e.message for e in errors), errors)
    demand_list = DemandList.objects.create(
        service_day=session, park_id=session.park_id, note=payload.note, pushed_by=actor
    )
    DemandListRow.objects.bulk_create(
        [
            DemandListRow(
                demand_list=demand_list,
                position=n,
                enterprise=enterprises[n],
                title=row.title,
                content=row.content,
                contact_name=row.contact_name,
                contact_phone=row.contact_phone,
            )
            for n, row in enumerate(payload.rows, start=1)
        ]
    )
    WORKFLOW.record(
        session,
        actor=actor,
        action="demand_list",
        note=f"{session.park.name}推送企业需求清单{len(payload.rows)}条",
        internal=True,
        data={"demand_list_id": demand_list.pk, "rows": len(payload.rows)},
        notices=[Notice(_centre_staff(), "园区企业需求清单待分类", f"共{len(payload.rows)}条")],
    )
    return demand_list


@transaction.atomic
def demand_list_row_classify(*, actor: User, list_id: int, row_id: int, payload: ClassifyIn) -> DemandListRow:
    """The centre classifies one row (window, requirement, time limit): it becomes a demand with channel
    `service_day`, registered and assigned to the window at once."""
    demand_list = access_demand_list_for(actor, list_id)
    require(actor, "serviceday.manage")
    row = DemandListRow.objects.select_for_update().filter(pk=row_id, demand_list=demand_list).first()
    if row is None:
        raise NotFound()
    if row.status != ListRowStatus.PENDING:
        raise Conflict(f"第{row.position}行已分类交办，不能重复分类")
    ROW_WORKFLOW.check(row, actor, "classify")
    demand = demand_services.demand_register(
        actor=actor,
        payload=DemandIn.model_validate(
            {
                "enterprise_id": row.enterprise_id,
                "kind": payload.kind,
                "channel": Channel.SERVICE_DAY,
                "category": payload.category,
                "title": row.title,
                "content": row.content,
                "contact_name": row.contact_name,
                "contact_phone": row.contact_phone,
            }
        ),
    )
    demand = demand_services.demand_assign(
        actor=actor,
        demand_id=demand.pk,
        department_id=payload.department_id,
        complexity=payload.complexity,
        days=payload.days,
        note=f"办理要求：{payload.requirement}",
    )
    ROW_WORKFLOW.act(
        row,
        actor=actor,
        action="classify",
        checked=True,
        internal=True,
        note=f"交办{demand.lead_department}，诉求{demand.number}",
        updates={
            "department_id": payload.department_id,
            "requirement": payload.requirement,
            "days": demand.days_total,
            "demand": demand,
            "classified_by": actor,
            "classified_at": timezone.now(),
        },
    )
    WORKFLOW.record(
        demand_list.service_day,
        actor=actor,
        action="classify",
        note=f"清单第{row.position}行“{row.title}”交办{demand.lead_department}，诉求{demand.number}",
        internal=True,
        data={"row_id": row.pk, "demand_id": demand.pk},
    )
    return row


# ---------------------------------------------------------------- on the day


def _not_yet(session: ServiceDay) -> bool:
    return session.date > timezone.localdate()


@transaction.atomic
def record_create(*, actor: User, service_day_id: int, payload: RecordIn) -> ServiceDayRecord:
    """A service given on site; a need that cannot be settled there becomes a demand linked to the session."""
    session = access_service_day_for(actor, service_day_id)
    require(actor, "serviceday.record")
    if session.status != ServiceDayStatus.PLANNED:
        raise Conflict(f"该企业服务日{session.get_status_display()}，不能再登记现场服务")
    if _not_yet(session):
        raise Conflict(f"该企业服务日在{session.date:%Y-%m-%d}举行，尚未开始，不能登记现场服务")
    enterprise = _enterprise(actor, "enterprise_id", payload.enterprise_id)
    department_id = payload.department_id
    if role_of(actor) in DEPARTMENT_ROLES:
        if department_id not in (None, actor.department_id):
            raise ValidationFailed.field("department_id", "只能登记本单位提供的服务")
        department_id = actor.department_id
    if department_id is not None and not Department.objects.filter(pk=department_id).exists():
        raise ValidationFailed.field("department_id", "服务单位不存在")
    demand = None
    if payload.demand is not None:
        demand = demand_services.demand_register(
            actor=actor,
            payload=DemandIn.model_validate(
                {
                    "enterprise_id": enterprise.pk,
                    "kind": payload.demand.kind,
                    "channel": Channel.SERVICE_DAY,
                    "category": payload.demand.category,
                    "title": payload.demand.title,
                    "content": payload.demand.content,
                }
            ),
        )
    record = ServiceDayRecord.objects.create(
        service_day=session,
        enterprise=enterprise,
        service=payload.service,
        department_id=department_id,
        content=payload.content,
        demand=demand,
        recorded_by=actor,
    )
    WORKFLOW.record(
        session,
        actor=actor,
        action="record",
        note=f"{enterprise.name}：{record.get_service_display()}" + (f"，形成诉求{demand.number}" if demand else ""),
        internal=True,
        data={"record_id": record.pk, "demand_id": demand.pk if demand else None},
    )
    hooks.service_result(subject_type="service_day_record", subject_id=record.pk)  # the rating link (好差评)
    return record


@transaction.atomic
def service_day_close(*, actor: User, service_day_id: int, summary: str) -> ServiceDay:
    """Close a session that has taken place with its summary; its counts are kept with it."""
    session = access_service_day_for(actor, service_day_id)
    WORKFLOW.check(session, actor, "close")
    if _not_yet(session):
        raise Conflict(f"该企业服务日在{session.date:%Y-%m-%d}举行，尚未开始，不能结束")
    figures = counts(session)
    return WORKFLOW.act(
        session,
        actor=actor,
        action="close",
        note=summary,
        public=f"服务企业{figures['enterprises_served']}家，形成诉求{figures['demands_raised']}件",
        data=figures,
        updates={
            "summary": summary,
            "enterprises_served": figures["enterprises_served"],
            "records_count": figures["records"],
            "demands_raised": figures["demands_raised"],
            "closed_at": timezone.now(),
            "closed_by": actor,
        },
        checked=True,
    )


# ---------------------------------------------------------------- service objects


@transaction.atomic
def designation_create(*, actor: User, payload: DesignationIn) -> Designation:
    """服务对象认定: the park committee names an enterprise (or its project) as a service object with its liaison."""
    require(actor, "serviceday.designate")
    enterprise = _enterprise(actor, "enterprise_id", payload.enterprise_id)
    if enterprise.park_id is None:
        raise ValidationFailed.field("enterprise_id", "该企业不在园区内，不能由园区认定")
    liaison = User.objects.filter(
        pk=payload.liaison_id, role=Role.PARK_LIAISON, park_id=enterprise.park_id, is_active=True
    ).first()
    if liaison is None:
        raise ValidationFailed.field("liaison_id", "固定联络员应为该企业所在园区的联络员")
    if Designation.objects.filter(enterprise=enterprise, project_name=payload.project_name).exists():
        raise Conflict("该企业（项目）已认定为服务对象", [FieldError("enterprise_id", "已认定")])
    designation = Designation.objects.create(
        park_id=enterprise.park_id,
        enterprise=enterprise,
        project_name=payload.project_name,
        liaison=liaison,
        designated_by=actor,
        designated_on=timezone.localdate(),
    )
    audit_record(
        actor=actor,
        action="service_day.designate",
        obj=designation,
        summary=f"服务对象认定：{enterprise.name} {payload.project_name}，固定联络员{liaison.label}".strip(),
    )
    return designation
