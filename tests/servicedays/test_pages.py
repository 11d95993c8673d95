"""The service-day pages that keep the standing data (schedules, designations, the roster) and the session page's
forms: what each role may do there, and bad input shown under its field with nothing written."""

from __future__ import annotations

from typing import Any

from django.test import Client

from qifu.orgs.models import ServiceGroupMember
from qifu.servicedays.models import Designation, ServiceDayRecord, ServiceDaySchedule
from tests.conftest import Cast
from tests.servicedays.helpers import MONDAY, at, schedule, session_on


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_centre_adds_a_schedule_on_its_page(cast: Cast) -> None:
    client = client_for(cast.admin)
    with at(MONDAY):
        page = client.get("/servicedays/schedules/")
        assert page.status_code == 200 and "新增排期" in page.content.decode()
        answer = client.post(
            "/servicedays/schedules/",
            {
                "park_id": cast.park_b.pk,
                "weekday": "3",
                "start_time": "14:30",
                "place": "中德产业园服务中心",
                "department_ids": [cast.center.pk, cast.tax.pk],
            },
        )
    assert answer.status_code == 302
    made = ServiceDaySchedule.objects.get()
    assert (made.park, made.weekday, made.start_time.strftime("%H:%M")) == (cast.park_b, 3, "14:30")
    assert set(made.departments.all()) == {cast.center, cast.tax}
    assert made.sessions.exists()  # the coming weeks are planned at once
    listed = client.get("/servicedays/schedules/").content.decode()
    assert "中德产业园服务中心" in listed and "税务局" in listed


def test_a_bad_schedule_names_its_fields_and_writes_nothing(cast: Cast) -> None:
    answer = client_for(cast.admin).post(
        "/servicedays/schedules/", {"park_id": "", "weekday": "9", "start_time": "25:00", "place": "服务中心"}
    )
    assert answer.status_code == 422
    body = answer.content.decode()
    assert body.count('class="text-danger small"') >= 3  # 园区, 星期, 开始时间 (and 成员单位) each under its input
    assert "服务中心" in body  # what was typed is kept
    assert not ServiceDaySchedule.objects.exists()


def test_only_the_centre_keeps_schedules(cast: Cast) -> None:
    for user in (cast.handler, cast.liaison, cast.officer):
        client = client_for(user)
        assert "新增排期" not in client.get("/servicedays/schedules/").content.decode()
        answer = client.post("/servicedays/schedules/", {"park_id": cast.park_a.pk})
        assert answer.status_code == 404
    assert client_for(cast.enterprise_user).get("/servicedays/schedules/").status_code in (200, 403)
    assert not ServiceDaySchedule.objects.exists()


def test_the_park_designates_its_own_enterprises_on_its_page(cast: Cast) -> None:
    client = client_for(cast.liaison)
    page = client.get("/servicedays/designations/").content.decode()
    assert cast.ent.name in page and cast.other_ent.name not in page  # only its own park's enterprises offered
    answer = client.post(
        "/servicedays/designations/",
        {"enterprise_id": cast.ent.pk, "project_name": "年产5万吨不锈钢制品扩建项目", "liaison_id": cast.liaison.pk},
    )
    assert answer.status_code == 302
    designation = Designation.objects.get()
    assert designation.enterprise == cast.ent and designation.liaison == cast.liaison
    assert "年产5万吨不锈钢制品扩建项目" in client.get("/servicedays/designations/").content.decode()
    again = client.post(
        "/servicedays/designations/",
        {"enterprise_id": cast.ent.pk, "project_name": "年产5万吨不锈钢制品扩建项目", "liaison_id": cast.liaison.pk},
    )
    assert again.status_code == 200 and "该企业（项目）已认定为服务对象" in again.content.decode()
    assert Designation.objects.count() == 1


def test_a_bad_designation_names_its_field(cast: Cast) -> None:
    answer = client_for(cast.liaison).post("/servicedays/designations/", {"enterprise_id": cast.ent.pk})
    assert answer.status_code == 422
    assert "固定联络员" in answer.content.decode()
    assert not Designation.objects.exists()


def test_designations_are_not_the_business_of_departments_or_enterprises(cast: Cast) -> None:
    Designation.objects.create(
        park=cast.park_a, enterprise=cast.ent, liaison=cast.liaison, designated_on="2026-09-01", project_name="甲"
    )
    for user in (cast.handler, cast.officer):
        client = client_for(user)
        assert cast.ent.name not in client.get("/servicedays/designations/").content.decode()
        answer = client.post(
            "/servicedays/designations/", {"enterprise_id": cast.ent.pk, "liaison_id": cast.liaison.pk}
        )
        assert answer.status_code == 404
    assert Designation.objects.count() == 1


def test_a_bad_roster_entry_names_its_field(cast: Cast) -> None:
    answer = client_for(cast.admin).post(
        "/servicedays/roster/",
        {"department_id": cast.tax.pk, "liaison_name": "", "liaison_phone": "12", "key_staff_name": "李明"},
    )
    assert answer.status_code == 422
    assert "is-invalid" in answer.content.decode() and "李明" in answer.content.decode()
    assert not ServiceGroupMember.objects.filter(department=cast.tax).exists()


def test_a_bad_on_site_record_is_shown_again_under_its_fields(cast: Cast) -> None:
    sched = schedule(cast)
    session = session_on(sched, "2026-09-23")
    with at("2026-09-23", 10):
        answer = client_for(cast.admin).post(
            f"/servicedays/{session.pk}/record/",
            {
                "enterprise_id": cast.ent.pk,
                "service": "assist",
                "content": "",
                "raise_demand": "1",
                "demand_title": "厂房消防验收咨询",
            },
        )
    assert answer.status_code == 422
    body = answer.content.decode()
    assert "厂房消防验收咨询" in body  # the typed title is kept
    assert body.count('class="text-danger small"') >= 2  # 服务内容 and the demand's missing fields
    assert not ServiceDayRecord.objects.exists()


def test_a_classification_without_its_window_names_the_field(cast: Cast, api: Any) -> None:
    sched = schedule(cast)
    session = session_on(sched, "2026-09-23")
    with at(MONDAY, 10):
        pushed = api(cast.liaison).post(
            f"/service-days/{session.pk}/demand-lists",
            {"rows": [{"enterprise_id": cast.ent.pk, "title": "用电增容", "content": "新增生产线需增容"}]},
        )
        assert pushed.status_code == 201, pushed.content
        row_id = pushed.json()["rows"][0]["id"]
        answer = client_for(cast.admin).post(
            f"/servicedays/lists/{pushed.json()['id']}/rows/{row_id}/classify/",
            {"days": "5", "requirement": "现场踏勘"},
        )
    assert answer.status_code == 422
    body = answer.content.decode()
    assert "现场踏勘" in body and 'class="text-danger small"' in body
