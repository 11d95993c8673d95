"""Officers' service API (API.md "Officers' service"): visits and the demands they raise, the visits due, service
plans and their termination for a reason of DB4106/T 98 §6, for the right roles only."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import override_settings
from django.utils import timezone

from qifu.core.models import AuditEvent
from qifu.demands.models import Demand
from qifu.enterprises.models import LedgerEntry
from qifu.lifecycle.models import PlanTask, ServicePlan, Visit
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def visit_body(**extra: Any) -> dict[str, Any]:
    return {
        "visited_on": str(TODAY - dt.timedelta(days=1)),
        "mode": "onsite",
        "situation": "订单饱满，二期厂房设备调试中",
        "difficulties": "临时用电报装慢",
        "plans": "年底投产",
        **extra,
    }


DEMAND = {"kind": "need", "category": "utilities", "title": "二期厂房临时用电报装慢", "content": "已申请一个月未接入"}


def plan_body(**extra: Any) -> dict[str, Any]:
    return {
        "stage": "operation",
        "goals": "稳定生产，申报高新技术企业",
        "tasks": [
            {"title": "5.3.2 应定期走访企业", "due_on": str(TODAY + dt.timedelta(days=30))},
            {"title": "5.3.5 应为企业提供政策宣传", "due_on": str(TODAY + dt.timedelta(days=60))},
        ],
        **extra,
    }


def test_an_officers_visit_enters_the_ledger_and_raises_demands(cast: Cast, api: Any) -> None:
    res = api(cast.officer).post(f"/enterprises/{cast.ent.pk}/visits", visit_body(demands=[DEMAND]))
    assert res.status_code == 201, res.content
    body = res.json()
    visit = Visit.objects.get(pk=body["id"])
    assert visit.visitor == cast.officer and visit.mode == "onsite"
    demand = Demand.objects.get(pk=body["demand_ids"][0])
    assert len(body["demand_ids"]) == 1 and list(visit.demands.all()) == [demand]
    assert demand.channel == "visit" and demand.enterprise == cast.ent and demand.status == "registered"
    assert demand.category.code == "utilities" and demand.title == DEMAND["title"]
    entry = visit.ledger_entry
    assert entry.category == "visit" and entry.enterprise == cast.ent and entry.entry_date == visit.visited_on
    assert "【实地走访】" in entry.content and "临时用电报装慢" in entry.content
    assert AuditEvent.objects.filter(action="visit.record", object_id=str(visit.pk)).exists()


def test_the_park_liaison_may_record_a_visit_too(cast: Cast, api: Any) -> None:
    res = api(cast.liaison).post(f"/enterprises/{cast.ent.pk}/visits", visit_body(mode="phone"))
    assert res.status_code == 201 and res.json()["demand_ids"] == []
    assert Visit.objects.get().visitor == cast.liaison


def test_a_visit_cannot_be_in_the_future_and_names_bad_fields(cast: Cast, api: Any) -> None:
    client = api(cast.officer)
    late = client.post(f"/enterprises/{cast.ent.pk}/visits", visit_body(visited_on=str(TODAY + dt.timedelta(days=1))))
    assert late.status_code == 422 and late.json()["errors"][0]["field"] == "visited_on"
    bad = client.post(
        f"/enterprises/{cast.ent.pk}/visits", visit_body(mode="walk", demands=[{**DEMAND, "category": "nope"}])
    )
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"mode", "demands.category"}
    assert not Visit.objects.exists() and not LedgerEntry.objects.exists() and not Demand.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("other_officer", 404),  # not its enterprise
        ("dispatcher", 403),  # sees it, but visits are the officer's and the liaison's
        ("supervisor", 403),
        ("department_handler", 404),
        ("window_staff", 404),
        ("enterprise", 404),
        ("outsider", 401),
    ],
)
def test_who_may_not_record_a_visit(cast: Cast, api: Any, role: str, status: int) -> None:
    user = cast.other_officer if role == "other_officer" else cast.by_role()[role]
    res = api(user).post(f"/enterprises/{cast.ent.pk}/visits", visit_body(demands=[DEMAND]))
    assert res.status_code == status
    assert not Visit.objects.exists() and not Demand.objects.exists()


def test_a_visit_repeated_with_the_same_idempotency_key_is_recorded_once(cast: Cast, api: Any) -> None:
    client = api(cast.officer)
    first = client.post(f"/enterprises/{cast.ent.pk}/visits", visit_body(), HTTP_IDEMPOTENCY_KEY="v-1")
    again = client.post(f"/enterprises/{cast.ent.pk}/visits", visit_body(), HTTP_IDEMPOTENCY_KEY="v-1")
    assert first.status_code == again.status_code == 201 and first.json() == again.json()
    assert Visit.objects.count() == 1


@override_settings(QIFU_VISIT_CADENCE_DAYS=90)
def test_visits_due_lists_the_callers_enterprises_not_visited_within_the_cadence(cast: Cast, api: Any) -> None:
    officer = api(cast.officer)
    never = officer.get("/visits/due").json()["items"]
    assert never == [{"enterprise_id": cast.ent.pk, "name": cast.ent.name, "last_visit_on": None, "days_since": None}]
    long_ago = str(TODAY - dt.timedelta(days=91))
    assert officer.post(f"/enterprises/{cast.ent.pk}/visits", visit_body(visited_on=long_ago)).status_code == 201
    due = officer.get("/visits/due").json()
    assert due["items"][0]["last_visit_on"] == long_ago and due["items"][0]["days_since"] == 91
    assert due["next_cursor"] is None
    edge = str(TODAY - dt.timedelta(days=90))
    assert officer.post(f"/enterprises/{cast.ent.pk}/visits", visit_body(visited_on=edge)).status_code == 201
    assert officer.get("/visits/due").json()["items"] == []
    # The centre sees every enterprise due; the other officer only its own.
    assert [i["enterprise_id"] for i in api(cast.dispatcher).get("/visits/due").json()["items"]] == [cast.other_ent.pk]
    assert [i["enterprise_id"] for i in api(cast.other_officer).get("/visits/due").json()["items"]] == [
        cast.other_ent.pk
    ]
    with override_settings(QIFU_VISIT_CADENCE_DAYS=30):
        assert [i["enterprise_id"] for i in officer.get("/visits/due").json()["items"]] == [cast.ent.pk]


@pytest.mark.parametrize("role", ["department_handler", "department_head", "window_staff", "enterprise"])
def test_visits_due_is_not_for_departments_the_hall_or_the_enterprise(cast: Cast, api: Any, role: str) -> None:
    assert api(cast.by_role()[role]).get("/visits/due").status_code == 403


def test_a_service_plan_takes_its_stage_tasks_and_deadlines(cast: Cast, api: Any) -> None:
    res = api(cast.officer).post(f"/enterprises/{cast.ent.pk}/service-plans", plan_body())
    assert res.status_code == 201, res.content
    body = res.json()
    assert body["status"] == "active" and body["stage"] == "operation" and body["enterprise_id"] == cast.ent.pk
    assert [t["title"][:5] for t in body["tasks"]] == ["5.3.2", "5.3.5"]
    assert {t["light"] for t in body["tasks"]} == {"normal"} and {t["status"] for t in body["tasks"]} == {"open"}
    task = PlanTask.objects.get(pk=body["tasks"][0]["id"])
    assert task.due_on == TODAY + dt.timedelta(days=30)
    assert timezone.localtime(task.due_at).date() == task.due_on and task.warning_at <= task.due_at
    # One running plan per stage.
    again = api(cast.officer).post(f"/enterprises/{cast.ent.pk}/service-plans", plan_body())
    assert again.status_code == 409
    # The centre may draw one up too.
    assert (
        api(cast.dispatcher).post(f"/enterprises/{cast.ent.pk}/service-plans", plan_body(stage="upgrading")).status_code
        == 201
    )


def test_a_plan_refuses_bad_input_naming_the_field(cast: Cast, api: Any) -> None:
    client = api(cast.officer)
    url = f"/enterprises/{cast.ent.pk}/service-plans"
    cases = [
        (plan_body(stage="retirement"), "stage"),
        (plan_body(tasks=[]), "tasks"),
        (plan_body(goals=""), "goals"),
        (plan_body(tasks=[{"title": "5.3.2", "due_on": str(TODAY - dt.timedelta(days=1))}]), "tasks"),
        (plan_body(stage="deregistration"), "deregistration_reason"),  # 5.5.1: the reason is recorded
        (plan_body(extra="x"), "extra"),
    ]
    for body, field in cases:
        res = client.post(url, body)
        assert res.status_code == 422, (field, res.content)
        assert field in {e["field"] for e in res.json()["errors"]}
    assert not ServicePlan.objects.exists()
    ok = client.post(url, plan_body(stage="deregistration", deregistration_reason="股东决议停止经营"))
    assert ok.status_code == 201 and ok.json()["deregistration_reason"] == "股东决议停止经营"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("other_officer", 404),
        ("park_liaison", 403),
        ("supervisor", 403),
        ("department_head", 404),
        ("enterprise", 404),
        ("outsider", 401),
    ],
)
def test_who_may_not_draw_up_a_plan(cast: Cast, api: Any, role: str, status: int) -> None:
    user = cast.other_officer if role == "other_officer" else cast.by_role()[role]
    assert api(user).post(f"/enterprises/{cast.ent.pk}/service-plans", plan_body()).status_code == status
    assert not ServicePlan.objects.exists()


def test_terminating_a_plan_takes_a_reason_of_section_6(cast: Cast, api: Any) -> None:
    plan_id = api(cast.officer).post(f"/enterprises/{cast.ent.pk}/service-plans", plan_body()).json()["id"]
    client = api(cast.officer)
    bad = client.post(f"/service-plans/{plan_id}/terminate", {"reason_code": "f", "note": "x"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason_code"
    empty = client.post(f"/service-plans/{plan_id}/terminate", {"reason_code": "a", "note": ""})
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "note"
    res = client.post(f"/service-plans/{plan_id}/terminate", {"reason_code": "a", "note": "企业主动要求终止"})
    assert res.status_code == 200, res.content
    body = res.json()
    assert body["status"] == "terminated" and body["termination_reason"] == "a"
    assert body["termination_note"] == "企业主动要求终止"
    assert {t["status"] for t in body["tasks"]} == {"cancelled"} and {t["light"] for t in body["tasks"]} == {None}
    assert ServicePlan.objects.get(pk=plan_id).get_termination_reason_display() == "a) 服务对象主动要求终止"
    twice = client.post(f"/service-plans/{plan_id}/terminate", {"reason_code": "e", "note": "再次"})
    assert twice.status_code == 409 and "已终止" in twice.json()["detail"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("other_officer", 404),
        ("park_liaison", 403),  # sees the plan of its park's enterprise, may not end it
        ("supervisor", 403),
        ("department_handler", 404),
        ("enterprise", 404),
        ("outsider", 401),
    ],
)
def test_who_may_not_terminate_a_plan(cast: Cast, api: Any, role: str, status: int) -> None:
    plan_id = api(cast.officer).post(f"/enterprises/{cast.ent.pk}/service-plans", plan_body()).json()["id"]
    user = cast.other_officer if role == "other_officer" else cast.by_role()[role]
    res = api(user).post(f"/service-plans/{plan_id}/terminate", {"reason_code": "a", "note": "终止"})
    assert res.status_code == status
    assert ServicePlan.objects.get(pk=plan_id).status == "active"


def test_the_openapi_document_lists_the_officers_service(cast: Cast, api: Any) -> None:
    paths = api(None).client.get("/api/v1/openapi.json").json()["paths"]
    for path in [
        "/api/v1/enterprises/{enterprise_id}/visits",
        "/api/v1/visits/due",
        "/api/v1/enterprises/{enterprise_id}/service-plans",
        "/api/v1/service-plans/{plan_id}/terminate",
    ]:
        assert path in paths
