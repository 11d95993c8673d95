"""The service-day API of API.md, role by role: schedules, sessions with their units and people, registrations,
on-site records raising demands, closing with counts, the parks' lists and their classification, the roster,
designations and figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qifu.demands.models import Demand
from qifu.servicedays.models import DemandListRow, ServiceDay, ServiceDayRecord, ServiceDayRegistration
from tests.conftest import Cast
from tests.servicedays.helpers import MONDAY, at, schedule, session_on

pytestmark = pytest.mark.django_db


def test_schedules_are_created_by_the_centre_only_and_plan_the_coming_weeks(cast: Cast, api: Any) -> None:
    body = {
        "park_id": cast.park_b.pk,
        "weekday": 3,
        "start_time": "14:30",
        "place": "中德产业园综合服务中心",
        "department_ids": [cast.market.pk, cast.tax.pk],
    }
    with at(MONDAY):
        for user in (cast.handler, cast.liaison, cast.enterprise_user, cast.supervisor, cast.window):
            assert api(user).post("/service-day-schedules", body).status_code == 403
        assert api(None).post("/service-day-schedules", body).status_code == 401
        res = api(cast.admin).post("/service-day-schedules", body)
    assert res.status_code == 201, res.json()
    out = res.json()
    assert (out["weekday"], out["start_time"], out["department_ids"]) == (3, "14:30", sorted(body["department_ids"]))
    sessions = ServiceDay.objects.filter(schedule_id=out["id"]).order_by("date")
    assert sessions.count() == 8
    assert sessions[0].date == dt.date(2026, 9, 23)
    assert {s.date.isoweekday() for s in sessions} == {3}
    assert sessions[0].starts_at.isoformat() == "2026-09-23T06:30:00+00:00"  # 14:30 in Shanghai
    listed = api(cast.dispatcher).get("/service-day-schedules").json()["items"]
    assert [s["id"] for s in listed] == [out["id"]]


@pytest.mark.parametrize(
    ("field", "value"),
    [("weekday", 8), ("weekday", 0), ("start_time", "25:00"), ("start_time", 0), ("department_ids", [])],
)
def test_bad_schedule_input_names_the_field(cast: Cast, api: Any, field: str, value: Any) -> None:
    body = {"park_id": cast.park_a.pk, "weekday": 3, "start_time": "09:00", "place": "经开区", "department_ids": [1]}
    res = api(cast.admin).post("/service-day-schedules", {**body, field: value})
    assert res.status_code == 422
    assert field in {e["field"] for e in res.json()["errors"]}
    assert not ServiceDay.objects.exists()


def test_a_start_time_with_an_offset_is_the_district_s_time_of_day(cast: Cast, api: Any) -> None:
    body = {"park_id": cast.park_a.pk, "weekday": 3, "start_time": "09:00:00+08:00", "place": "经开区"}
    with at(MONDAY):
        res = api(cast.admin).post("/service-day-schedules", {**body, "department_ids": [cast.market.pk]})
    assert res.status_code == 201 and res.json()["start_time"] == "09:00"


def test_sessions_list_units_and_people_masked_for_those_who_only_read(cast: Cast, api: Any) -> None:
    sched = schedule(cast)
    schedule(cast, park=cast.park_b, hour=14, minute=30)
    params = {"from": "2026-09-23", "to": "2026-09-30"}
    items = api(cast.dispatcher).get("/service-days", **params).json()["items"]
    assert len(items) == 4
    mine = next(i for i in items if i["park_id"] == cast.park_a.pk and i["date"] == "2026-09-23")
    assert mine["starts_at"] == "2026-09-23T09:00:00+08:00" or mine["starts_at"].startswith("2026-09-23T01:00:00")
    assert (mine["status"], mine["registrations"]) == ("planned", 0)
    units = {d["name"]: d for d in mine["departments"]}
    assert units["市场监督管理局"]["liaison"] == {"name": "林伟东", "phone": "13902631101"}
    assert units["市场监督管理局"]["key_staff"]["name"] == "陈丽娜"
    masked = api(cast.enterprise_user).get("/service-days", **params).json()["items"]
    assert {i["park_id"] for i in masked} == {cast.park_a.pk}  # its own park's sessions
    assert masked[0]["departments"][0]["liaison"]["phone"] == "139****1101"
    assert {i["park_id"] for i in api(cast.liaison).get("/service-days", **params).json()["items"]} == {cast.park_a.pk}
    assert api(cast.window).get("/service-days").status_code == 403
    assert api(None).get("/service-days").status_code == 401
    assert api(cast.dispatcher).get("/service-days", park_id=cast.park_b.pk, **params).json()["items"][0][
        "park_id"
    ] == (cast.park_b.pk)
    assert api(cast.dispatcher).get("/service-days", **{"from": "2026-13-01"}).status_code == 422
    page = api(cast.dispatcher).get("/service-days", limit=3).json()
    rest = api(cast.dispatcher).get("/service-days", limit=3, cursor=page["next_cursor"]).json()
    assert len(page["items"]) == 3 and not {i["id"] for i in page["items"]} & {i["id"] for i in rest["items"]}
    assert session_on(sched, "2026-09-23").pk in {
        i["id"] for i in api(cast.handler).get("/service-days").json()["items"]
    }


def test_session_list_queries_do_not_grow_with_sessions(cast: Cast, api: Any) -> None:
    schedule(cast)
    client = api(cast.dispatcher)
    client.get("/service-days", limit=1)  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        client.get("/service-days", limit=2)
    with CaptureQueriesContext(connection) as many:
        client.get("/service-days", limit=8)
    assert len(many) == len(few)


def test_out_of_scope_sessions_answer_404(cast: Cast, api: Any) -> None:
    other = schedule(cast, park=cast.park_b)
    session = session_on(other, "2026-09-30")
    assert api(cast.dispatcher).get(f"/service-days/{session.pk}").status_code == 200
    assert api(cast.liaison).get(f"/service-days/{session.pk}").status_code == 404  # another park's
    assert api(cast.enterprise_user).get(f"/service-days/{session.pk}").status_code == 404
    assert api(cast.head).get(f"/service-days/{session.pk}").status_code == 200  # 市场监督管理局 goes
    session.departments.remove(cast.market)
    assert api(cast.head).get(f"/service-days/{session.pk}").status_code == 404
    assert api(cast.dispatcher).get("/service-days/999999").status_code == 404


def test_registration_once_per_enterprise_and_never_after_the_start(cast: Cast, api: Any) -> None:
    sched = schedule(cast)
    session = session_on(sched, "2026-09-30")
    url = f"/service-days/{session.pk}/registrations"
    body = {"enterprise_id": cast.ent.pk, "topic": "厂房扩建报建咨询", "needs": "了解施工许可办理流程"}
    with at("2026-09-29"):
        res = api(cast.enterprise_user).post(url, body)
        assert res.status_code == 201, res.json()
        assert res.json()["enterprise_name"] == cast.ent.name
        again = api(cast.liaison).post(url, body)
        assert again.status_code == 409
        other = api(cast.enterprise_user).post(url, {**body, "enterprise_id": cast.other_ent.pk})
        assert other.status_code == 422 and other.json()["errors"][0]["field"] == "enterprise_id"
        assert api(cast.handler).post(url, body).status_code == 403
        assert api(cast.window).post(url, body).status_code == 404  # no session in its scope
        detail = api(cast.dispatcher).get(f"/service-days/{session.pk}").json()
        assert [r["topic"] for r in detail["registrations"]] == ["厂房扩建报建咨询"]
    assert ServiceDayRegistration.objects.filter(service_day=session).count() == 1
    with at("2026-09-30", 9, 5):
        late = api(cast.dispatcher).post(url, {**body, "enterprise_id": cast.other_ent.pk})
    assert late.status_code == 409
    assert "已开始" in late.json()["detail"]


def test_records_on_site_raise_demands_linked_to_the_session(cast: Cast, api: Any) -> None:
    sched = schedule(cast)
    session = session_on(sched, "2026-09-30")
    url = f"/service-days/{session.pk}/records"
    body = {
        "enterprise_id": cast.ent.pk,
        "service": "guidance",
        "content": "指导准备食品经营许可延续材料",
        "demand": {"kind": "need", "category": "market", "title": "许可延续材料核对", "content": "需核对历史变更记录"},
    }
    with at("2026-09-29"):
        early = api(cast.handler).post(url, body)
        assert early.status_code == 409 and "尚未开始" in early.json()["detail"]
    with at("2026-09-30", 10):
        for user in (cast.enterprise_user, cast.liaison, cast.supervisor, cast.officer):
            assert api(user).post(url, body).status_code == 403
        res = api(cast.handler).post(url, body)
        assert res.status_code == 201, res.json()
        plain = api(cast.dispatcher).post(url, {**body, "service": "policy", "demand": None})
        assert plain.status_code == 201 and plain.json()["demand_id"] is None
        bad = api(cast.dispatcher).post(url, {**body, "service": "chat"})
        assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "service"
        wrong_unit = api(cast.handler).post(url, {**body, "department_id": cast.tax.pk, "demand": None})
        assert wrong_unit.status_code == 422 and wrong_unit.json()["errors"][0]["field"] == "department_id"
    demand = Demand.objects.get(pk=res.json()["demand_id"])
    assert (demand.channel, demand.status, demand.enterprise_id) == ("service_day", "registered", cast.ent.pk)
    record = ServiceDayRecord.objects.get(pk=res.json()["id"])
    assert (record.department_id, record.demand_id) == (cast.market.pk, demand.pk)
    detail = api(cast.dispatcher).get(f"/service-days/{session.pk}").json()
    assert [(d["number"], d["status"], d["source"]) for d in detail["demands"]] == [
        (demand.number, "registered", "record")
    ]
    assert len(detail["records"]) == 2
    # the other enterprise's user sees none of it
    assert api(cast.enterprise_user).get(f"/service-days/{session.pk}").json()["records"][0]["enterprise_id"] == (
        cast.ent.pk
    )
    # a raised demand is listed to the unit that raised it and to those who may see it as a demand, not to another
    # enterprise's officer
    assert [d["number"] for d in api(cast.handler).get(f"/service-days/{session.pk}").json()["demands"]] == [
        demand.number
    ]
    assert api(cast.other_officer).get(f"/service-days/{session.pk}").json()["demands"] == []


def test_close_keeps_the_summary_and_counts(cast: Cast, api: Any) -> None:
    sched = schedule(cast)
    session = session_on(sched, "2026-09-30")
    with at("2026-09-29"):
        assert api(cast.dispatcher).post(f"/service-days/{session.pk}/close", {"summary": "x"}).status_code == 409
    with at("2026-09-30", 11):
        api(cast.handler).post(
            f"/service-days/{session.pk}/records",
            {"enterprise_id": cast.ent.pk, "service": "consult", "content": "咨询"},
        )
        assert api(cast.handler).post(f"/service-days/{session.pk}/close", {"summary": "x"}).status_code == 403
        assert api(cast.dispatcher).post(f"/service-days/{session.pk}/close", {"summary": ""}).status_code == 422
        res = api(cast.dispatcher).post(f"/service-days/{session.pk}/close", {"summary": "进驻2个单位，服务企业1家"})
    assert res.status_code == 200
    out = res.json()
    assert (out["status"], out["summary"]) == ("held", "进驻2个单位，服务企业1家")
    assert out["counts"] == {
        "registrations": 0,
        "enterprises_served": 1,
        "records": 1,
        "demands_raised": 0,
        "demands_solved": 0,
    }
    session.refresh_from_db()
    assert (session.enterprises_served, session.records_count) == (1, 1)
    with at("2026-09-30", 12):
        late = api(cast.handler).post(
            f"/service-days/{session.pk}/records",
            {"enterprise_id": cast.ent.pk, "service": "consult", "content": "补录"},
        )
    assert late.status_code == 409


def test_the_park_list_is_pushed_by_its_liaison_and_classified_by_the_centre(cast: Cast, api: Any) -> None:
    sched = schedule(cast)
    session = session_on(sched, "2026-09-30")
    body = {
        "rows": [
            {"enterprise_id": cast.ent.pk, "title": "厂区用电增容", "content": "二期需增容至1250千伏安"},
            {
                "enterprise_id": cast.ent.pk,
                "title": "食品许可延续",
                "content": "下月到期",
                "contact_phone": "13800138000",
            },
        ],
        "note": "第39周清单",
    }
    url = f"/service-days/{session.pk}/demand-lists"
    with at("2026-09-28"):
        assert api(cast.enterprise_user).post(url, body).status_code == 403
        assert api(cast.dispatcher).post(url, body).status_code == 403
        outside = api(cast.liaison).post(url, {"rows": [{**body["rows"][0], "enterprise_id": cast.other_ent.pk}]})
        assert outside.status_code == 422 and "第1行" in outside.json()["errors"][0]["message"]
        res = api(cast.liaison).post(url, body)
    assert res.status_code == 201, res.json()
    pushed = res.json()
    assert [r["status"] for r in pushed["rows"]] == ["pending", "pending"]
    row = pushed["rows"][0]
    classify = f"/demand-lists/{pushed['id']}/rows/{row['id']}/classify"
    decision = {"category": "utilities", "department_id": cast.market.pk, "requirement": "一次性告知材料", "days": 10}
    with at("2026-09-28", 15):
        assert api(cast.liaison).post(classify, decision).status_code == 403
        assert api(cast.handler).post(classify, decision).status_code == 404
        assert api(cast.dispatcher).post(classify, {**decision, "category": "nope"}).status_code == 422
        done = api(cast.dispatcher).post(classify, decision)
        assert done.status_code == 200, done.json()
        assert api(cast.dispatcher).post(classify, decision).status_code == 409
    classified = done.json()["rows"][0]
    assert (classified["status"], classified["department_id"], classified["days"]) == ("classified", cast.market.pk, 10)
    demand = Demand.objects.get(pk=classified["demand_id"])
    assert (demand.channel, demand.status, demand.lead_department_id) == ("service_day", "assigned", cast.market.pk)
    assert DemandListRow.objects.get(pk=row["id"]).demand_id == demand.pk
    assert api(cast.liaison).get(f"/demand-lists/{pushed['id']}").status_code == 200
    assert api(cast.enterprise_user).get(f"/demand-lists/{pushed['id']}").status_code == 404
    detail = api(cast.dispatcher).get(f"/service-days/{session.pk}").json()
    assert detail["demand_list_ids"] == [pushed["id"]]
    assert [(d["number"], d["lead_department"], d["source"]) for d in detail["demands"]] == [
        (demand.number, "市场监督管理局", "list")
    ]


def test_roster_is_kept_by_the_centre(cast: Cast, api: Any) -> None:
    body = {
        "department_id": cast.tax.pk,
        "liaison_name": "郑国华",
        "liaison_phone": "13902631301",
        "key_staff_name": "吴思敏",
        "key_staff_phone": "13822631302",
    }
    assert api(cast.handler).post("/service-group", body).status_code == 403
    assert api(cast.dispatcher).post("/service-group", {**body, "liaison_name": ""}).status_code == 422
    assert api(cast.dispatcher).post("/service-group", body).status_code == 200
    renamed = api(cast.dispatcher).post("/service-group", {**body, "key_staff_name": "李嘉欣"})
    assert renamed.json()["key_staff"] == {"name": "李嘉欣", "phone": "13822631302"}
    seen = api(cast.enterprise_user).get("/service-group").json()["items"]
    assert seen == [
        {
            "department_id": cast.tax.pk,
            "department_name": "税务局",
            "liaison": {"name": "郑国华", "phone": "139****1301"},
            "key_staff": {"name": "李嘉欣", "phone": "138****1302"},
        }
    ]
    assert api(cast.window).get("/service-group").status_code == 403


def test_designations_by_the_park_with_its_liaison(cast: Cast, api: Any) -> None:
    body = {"enterprise_id": cast.ent.pk, "project_name": "二期厂房扩建", "liaison_id": cast.liaison.pk}
    assert api(cast.enterprise_user).post("/designations", body).status_code == 403
    assert api(cast.liaison).post("/designations", {**body, "enterprise_id": cast.other_ent.pk}).status_code == 422
    assert api(cast.admin).post("/designations", {**body, "liaison_id": cast.handler.pk}).status_code == 422
    res = api(cast.liaison).post("/designations", body)
    assert res.status_code == 201 and res.json()["liaison_name"] == "liaison"
    assert api(cast.liaison).post("/designations", body).status_code == 409
    assert [d["project_name"] for d in api(cast.liaison).get("/designations").json()["items"]] == ["二期厂房扩建"]


def test_figures_count_held_sessions_served_enterprises_and_solved_needs(cast: Cast, api: Any) -> None:
    sched = schedule(cast)
    session = session_on(sched, "2026-09-23")
    with at("2026-09-23", 10):
        client = api(cast.dispatcher)
        for ent in (cast.ent, cast.other_ent):
            client.post(
                f"/service-days/{session.pk}/records",
                {
                    "enterprise_id": ent.pk,
                    "service": "assist",
                    "content": "帮办",
                    "demand": {"category": "market", "title": "需跟踪", "content": "未能当场办结"},
                },
            )
        client.post(f"/service-days/{session.pk}/close", {"summary": "完成"})
    figures = api(cast.supervisor).get("/service-day-figures", **{"from": "2026-09-01", "to": "2026-09-30"}).json()
    assert figures == {"sessions_held": 1, "enterprises_served": 2, "needs_raised": 2, "needs_solved": 0}
