"""Sessions follow the working-day calendar: a Wednesday that is a statutory holiday is cancelled with the
holiday's name, and a change of the arrangement cancels or restores planned sessions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qifu.core.choices import DayKind
from qifu.core.periodic import periodic_jobs
from qifu.core.services import calendar_set_year
from qifu.core.workcalendar import calendar_change_hooks
from qifu.servicedays import services
from qifu.servicedays.models import ServiceDay
from tests.conftest import Cast
from tests.servicedays.helpers import MONDAY, at, schedule, session_on

pytestmark = pytest.mark.django_db

NATIONAL_DAY = [(dt.date(2026, 10, d), DayKind.HOLIDAY, "国庆节") for d in range(1, 8)]
SPRING = [(dt.date(2026, 2, 17), DayKind.HOLIDAY, "春节")]


def set_2026(cast: Cast, days: list[Any]) -> None:
    with at(MONDAY):
        calendar_set_year(actor=cast.admin, year=2026, days=days, confirmed=True)


def test_a_wednesday_holiday_cancels_its_session_and_a_changed_calendar_moves_sessions(cast: Cast, api: Any) -> None:
    set_2026(cast, SPRING + NATIONAL_DAY)
    sched = schedule(cast)
    holiday = session_on(sched, "2026-10-07")
    assert (holiday.status, holiday.note, holiday.holiday) == (
        "cancelled",
        "国庆节（法定节假日），本次企业服务日取消",
        "国庆节",
    )
    assert session_on(sched, "2026-09-30").status == "planned"
    listed = api(cast.enterprise_user).get("/service-days", **{"from": "2026-10-07", "to": "2026-10-07"}).json()
    assert [(i["status"], i["note"]) for i in listed["items"]] == [
        ("cancelled", "国庆节（法定节假日），本次企业服务日取消")
    ]
    with at("2026-10-05"):
        refused = api(cast.enterprise_user).post(
            f"/service-days/{holiday.pk}/registrations", {"enterprise_id": cast.ent.pk, "topic": "咨询"}
        )
    assert refused.status_code == 409

    # The arrangement is corrected: 10-07 becomes a working day, 10-14 a holiday; saving it queues the hook.
    assert services.follow_calendar in calendar_change_hooks()
    with at("2026-09-24"):
        calendar_set_year(
            actor=cast.admin,
            year=2026,
            days=[*SPRING, *NATIONAL_DAY[:6], (dt.date(2026, 10, 14), DayKind.HOLIDAY, "调整假日")],
            confirmed=True,
        )
        assert services.follow_calendar() == 2
    restored, moved = session_on(sched, "2026-10-07"), session_on(sched, "2026-10-14")
    assert (restored.status, restored.note, restored.holiday) == ("planned", "", "")
    assert (moved.status, moved.holiday) == ("cancelled", "调整假日")


def test_past_sessions_stay_as_they_were(cast: Cast) -> None:
    set_2026(cast, SPRING)
    sched = schedule(cast)
    past = session_on(sched, "2026-09-23")
    with at("2026-10-01"):
        calendar_set_year(
            actor=cast.admin, year=2026, days=[(dt.date(2026, 9, 23), DayKind.HOLIDAY, "补假")], confirmed=True
        )
        assert services.follow_calendar() == 0
    past.refresh_from_db()
    assert past.status == "planned"


def test_the_periodic_job_plans_the_coming_weeks_once(cast: Cast) -> None:
    assert "qifu.servicedays.services.sessions_generate" in {j.task for j in periodic_jobs()}
    set_2026(cast, NATIONAL_DAY)
    sched = schedule(cast)
    with at("2026-10-19"):
        created = services.sessions_generate()
        assert services.sessions_generate() == 0
    assert created == 4  # 11-18 … 12-09 join 10-21 … 11-11
    assert ServiceDay.objects.filter(schedule=sched, date__gte="2026-10-19").count() == 8
