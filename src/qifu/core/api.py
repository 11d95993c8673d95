"""Working-day calendar API: add working days, count them, list a year's special days; a case's public progress."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema

from qifu.core import tracking
from qifu.core.api_support import ErrorOut
from qifu.core.errors import NotFound, ValidationFailed
from qifu.core.models import CalendarDay, CalendarYear
from qifu.core.workcalendar import FIRST_DAY, LAST_DAY, CalendarRangeError, get_calendar

router = Router(tags=["工作日历"])
track_router = Router(tags=["办理进度"])


class AddIn(Schema):
    start: dt.date
    days: int


class AddOut(Schema):
    start: dt.date
    days: int
    due_date: dt.date
    calendar_confirmed: bool


class BetweenIn(Schema):
    start: dt.date
    end: dt.date


class BetweenOut(Schema):
    workdays: int
    calendar_confirmed: bool


class DayOut(Schema):
    date: dt.date
    kind: str
    name: str


class YearOut(Schema):
    year: int
    confirmed: bool
    notice: str
    days: list[DayOut]


@router.get("/add-workdays", response=AddOut, summary="起始日之后第N个工作日（起始日不计）")
def add_workdays(request: HttpRequest, params: Query[AddIn]) -> AddOut:
    if not 0 <= params.days <= 3650:
        raise ValidationFailed.field("days", "工作日数应在0到3650之间")
    calendar = get_calendar()
    try:
        due = calendar.add_workdays(params.start, params.days)
    except CalendarRangeError as exc:
        field = "start" if not FIRST_DAY <= params.start <= LAST_DAY else "days"
        raise ValidationFailed.field(field, str(exc)) from None
    return AddOut(
        start=params.start, days=params.days, due_date=due, calendar_confirmed=calendar.is_confirmed(params.start, due)
    )


@router.get("/workdays-between", response=BetweenOut, summary="起始日之后至结束日（含）的工作日数")
def workdays_between(request: HttpRequest, params: Query[BetweenIn]) -> BetweenOut:
    calendar = get_calendar()
    try:
        count = calendar.workdays_between(params.start, params.end)
    except CalendarRangeError as exc:
        field = "start" if not FIRST_DAY <= params.start <= LAST_DAY else "end"
        raise ValidationFailed.field(field, str(exc)) from None
    return BetweenOut(workdays=count, calendar_confirmed=calendar.is_confirmed(params.start, params.end))


@router.get("/days", response=YearOut, summary="某年的法定节假日与调休上班日")
def year_days(request: HttpRequest, year: int) -> YearOut:
    if not 2000 <= year <= 2099:
        raise ValidationFailed.field("year", "年份应在2000到2099之间")
    record = CalendarYear.objects.filter(year=year).first()
    days = CalendarDay.objects.filter(year_id=year).order_by("date") if record else []
    return YearOut(
        year=year,
        confirmed=bool(record and record.confirmed),
        notice=record.notice if record else "",
        days=[DayOut(date=d.date, kind=d.kind, name=d.name) for d in days],
    )


class TrackStepOut(Schema):
    at: dt.datetime
    label: str


class TrackOut(Schema):
    number: str
    kind: str
    status: str
    status_label: str
    due_at: dt.datetime | None
    steps: list[TrackStepOut]


@track_router.get(
    "/{token}", auth=None, response={200: TrackOut, 404: ErrorOut}, summary="办理进度（扫码查询，无需登录）"
)
def track(request: HttpRequest, token: str) -> TrackOut:
    found = tracking.progress(token[:64])
    if found is None:
        raise NotFound("查询码无效")
    return TrackOut(
        number=found.number,
        kind=found.kind,
        status=found.status,
        status_label=found.status_label,
        due_at=found.due_at,
        steps=[TrackStepOut(at=s.at, label=s.label) for s in found.steps],
    )
