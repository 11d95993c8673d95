"""Appointments at a hall window (预约办事): who may book for whom, working days and slots only, capacity and
double bookings (409), cancel / arrive / miss at the right moment, scope of the lists, and the page."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import override_settings

from qifu.applications.models import Appointment, AppointmentSlot
from qifu.core.models import AuditEvent
from qifu.core.workcalendar import SHANGHAI
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

# Thursday 2026-09-24, 8 am. Friday 2026-09-25 is 中秋, 2026-10-01 to 10-07 the National Day holiday, and
# Saturday 2026-10-10 a make-up working day.
THURSDAY = dt.datetime(2026, 9, 24, 8, 0, tzinfo=SHANGHAI)


def at(moment: dt.datetime) -> Any:
    return time_machine.travel(moment, tick=False)


def body(cast: Cast, **extra: Any) -> dict[str, Any]:
    return {
        "enterprise_id": cast.ent.pk,
        "window": "comprehensive",
        "day": "2026-09-28",
        "slot": "09:30",
        "purpose": "提交食品经营许可申请材料",
        "visitor_name": "林晓东",
        "visitor_phone": "13800138000",
        **extra,
    }


def test_enterprise_books_a_slot_and_sees_it(cast: Cast, api: Any) -> None:
    with at(THURSDAY):
        res = api(cast.enterprise_user).post("/appointments", body(cast))
        assert res.status_code == 201, res.content
        booked = res.json()
        assert booked["number"].startswith("YY20260924")
        assert booked["status"] == "booked" and booked["window_label"] == "综合受理窗口"
        assert AuditEvent.objects.filter(action="appointment.book").count() == 1
        mine = api(cast.enterprise_user).get("/appointments").json()["items"]
        assert [a["id"] for a in mine] == [booked["id"]]
        slots = api(cast.enterprise_user).get("/appointments/slots", window="comprehensive").json()
        monday = next(d for d in slots if d["day"] == "2026-09-28")
        assert monday["slots"]["09:30"] == 2 and monday["slots"]["09:00"] == 3


def test_only_working_days_within_ten_are_offered(cast: Cast, api: Any) -> None:
    with at(THURSDAY):
        days = [d["day"] for d in api(cast.enterprise_user).get("/appointments/slots", window="startup").json()]
        assert days[0] == "2026-09-24" and days[1] == "2026-09-28" and len(days) == 11
        assert "2026-09-25" not in days and "2026-10-01" not in days and "2026-09-26" not in days
        assert "2026-10-10" in days  # the make-up working day
        for day, field in (("2026-09-25", "day"), ("2026-09-26", "day"), ("2026-12-01", "day")):
            res = api(cast.enterprise_user).post("/appointments", body(cast, day=day))
            assert res.status_code == 422 and res.json()["errors"][0]["field"] == field
        res = api(cast.enterprise_user).post("/appointments", body(cast, slot="12:00", visitor_name=" "))
        assert res.status_code == 422
        assert {e["field"] for e in res.json()["errors"]} == {"slot", "visitor_name"}
        assert not Appointment.objects.exists() and not AppointmentSlot.objects.exists()


def test_a_passed_slot_today_cannot_be_booked(cast: Cast, api: Any) -> None:
    with at(THURSDAY.replace(hour=10, minute=5)):
        res = api(cast.enterprise_user).post("/appointments", body(cast, day="2026-09-24", slot="10:00"))
        assert res.status_code == 422 and res.json()["errors"][0]["field"] == "slot"
        res = api(cast.enterprise_user).post("/appointments", body(cast, day="2026-09-24", slot="10:30"))
        assert res.status_code == 201


@override_settings(QIFU_APPOINTMENT_CAPACITY=2)
def test_capacity_and_double_booking_are_conflicts(cast: Cast, api: Any) -> None:
    with at(THURSDAY):
        assert api(cast.enterprise_user).post("/appointments", body(cast)).status_code == 201
        again = api(cast.enterprise_user).post("/appointments", body(cast, window="assistance"))
        assert again.status_code == 409 and "已有预约" in again.json()["detail"]
        assert not AppointmentSlot.objects.filter(window="assistance", booked__gt=0).exists()  # nothing left
        other = api(cast.other_officer).post("/appointments", body(cast, enterprise_id=cast.other_ent.pk))
        assert other.status_code == 201
        third = api(cast.window).post("/appointments", body(cast, enterprise_id=cast.other_ent.pk, slot="09:30"))
        assert third.status_code == 409 and "约满" in third.json()["detail"]
        assert Appointment.objects.count() == 2


def test_who_may_book_for_whom(cast: Cast, api: Any) -> None:
    with at(THURSDAY):
        # The officer books for its own enterprise, the window for anyone; not the other officer's enterprise.
        assert api(cast.officer).post("/appointments", body(cast, slot="09:00")).status_code == 201
        assert api(cast.window).post("/appointments", body(cast, slot="10:00")).status_code == 201
        res = api(cast.officer).post("/appointments", body(cast, enterprise_id=cast.other_ent.pk, slot="10:30"))
        assert res.status_code == 422 and res.json()["errors"][0]["field"] == "enterprise_id"
        for user in (cast.handler, cast.head, cast.supervisor, cast.dispatcher):
            assert api(user).post("/appointments", body(cast, slot="11:00")).status_code == 403
        assert (
            api(cast.outsider).post("/appointments", body(cast, slot="11:00")).status_code == 401
        )  # a role-less account gets no token access
        assert api(None).post("/appointments", body(cast, slot="11:00")).status_code == 401
        assert Appointment.objects.count() == 2


def test_lists_are_scoped(cast: Cast, api: Any) -> None:
    with at(THURSDAY):
        api(cast.enterprise_user).post("/appointments", body(cast))
        api(cast.window).post("/appointments", body(cast, enterprise_id=cast.other_ent.pk))
        assert len(api(cast.enterprise_user).get("/appointments").json()["items"]) == 1
        assert len(api(cast.other_officer).get("/appointments").json()["items"]) == 1
        assert len(api(cast.liaison).get("/appointments").json()["items"]) == 1  # park A only
        assert len(api(cast.guide).get("/appointments", day="2026-09-28").json()["items"]) == 2
        assert len(api(cast.supervisor).get("/appointments").json()["items"]) == 2
        assert api(cast.handler).get("/appointments").json()["items"] == []


def test_cancel_arrive_and_miss(cast: Cast, api: Any) -> None:
    with at(THURSDAY):
        first = api(cast.enterprise_user).post("/appointments", body(cast)).json()
        second = api(cast.enterprise_user).post("/appointments", body(cast, slot="10:00")).json()
        third = api(cast.enterprise_user).post("/appointments", body(cast, slot="10:30")).json()
        assert api(cast.enterprise_user).post(f"/appointments/{first['id']}/arrive").status_code == 403
        assert api(cast.window).post(f"/appointments/{first['id']}/arrive").status_code == 409  # not the day yet
        assert api(cast.window).post(f"/appointments/{first['id']}/miss").status_code == 409  # not started yet
        res = api(cast.enterprise_user).post(f"/appointments/{first['id']}/cancel")
        assert res.status_code == 200 and res.json()["status"] == "cancelled"
        assert AppointmentSlot.objects.get(slot="09:30").booked == 0  # the half hour is free again
        assert api(cast.enterprise_user).post(f"/appointments/{first['id']}/cancel").status_code == 409
        assert api(cast.other_officer).post(f"/appointments/{second['id']}/cancel").status_code == 404
        assert api(cast.window).post(f"/appointments/{second['id']}/dance").status_code == 404
    with at(dt.datetime(2026, 9, 28, 10, 10, tzinfo=SHANGHAI)):
        assert api(cast.enterprise_user).post(f"/appointments/{second['id']}/cancel").status_code == 409  # started
        assert api(cast.window).post(f"/appointments/{second['id']}/arrive").json()["status"] == "arrived"
        assert api(cast.guide).post(f"/appointments/{second['id']}/miss").status_code == 409
    with at(dt.datetime(2026, 9, 28, 11, 0, tzinfo=SHANGHAI)):
        assert api(cast.guide).post(f"/appointments/{third['id']}/miss").json()["status"] == "missed"
    actions = set(AuditEvent.objects.filter(action__startswith="appointment.").values_list("action", flat=True))
    assert actions == {"appointment.book", "appointment.cancel", "appointment.arrive", "appointment.miss"}


def test_page_books_and_the_hall_checks_in(cast: Cast, page_client: Any) -> None:
    with at(THURSDAY):
        enterprise = page_client(cast.enterprise_user)
        page = enterprise.get("/applications/appointments/?window=startup").content.decode()
        assert "预约到大厅办事" in page and "企业开办专区" in page and "余3" in page
        res = enterprise.post(
            "/applications/appointments/",
            {"window": "startup", "when": "2026-09-28 14:30", "enterprise_id": cast.ent.pk, "purpose": ""},
        )
        page = res.content.decode()
        assert res.status_code == 200 and "办理事由" in page and "不能为空" in page  # the form comes back, red
        assert not Appointment.objects.exists()
        res = enterprise.post(
            "/applications/appointments/",
            {
                "window": "startup",
                "when": "2026-09-28 14:30",
                "enterprise_id": cast.ent.pk,
                "purpose": "领取营业执照",
                "visitor_name": "林晓东",
                "visitor_phone": "13800138000",
            },
            follow=True,
        )
        assert "预约成功" in res.content.decode() and "余2" in res.content.decode()
        # The same half hour again, at another window: the real conflict, in the message and under the grid.
        res = enterprise.post(
            "/applications/appointments/",
            {
                "window": "assistance",
                "when": "2026-09-28 14:30",
                "enterprise_id": cast.ent.pk,
                "purpose": "咨询",
                "visitor_name": "林晓东",
                "visitor_phone": "13800138000",
            },
        )
        page = res.content.decode()
        assert page.count("该企业在 09月28日 14:30 已有预约") == 2 and "标红" not in page
        assert Appointment.objects.count() == 1
        workbench = enterprise.get("/").content.decode()
        assert "我的预约（待到场）" in workbench
    with at(dt.datetime(2026, 9, 28, 14, 20, tzinfo=SHANGHAI)):
        hall = page_client(cast.window)
        queue = hall.get("/applications/appointments/").content.decode()
        assert "领取营业执照" in queue and "签到" in queue
        booked = Appointment.objects.get()
        res = hall.post(f"/applications/appointments/{booked.pk}/arrive/", follow=True)
        assert "已到场" in res.content.decode()
        assert page_client(cast.handler).get("/applications/appointments/").status_code == 200
        assert page_client(cast.outsider).get("/applications/appointments/").status_code == 403
