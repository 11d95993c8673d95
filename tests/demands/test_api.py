"""Demand API: intake (idempotent, from every channel), the record's shape, lists, extensions, concurrency."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import close_old_connections

from qifu.core.errors import DomainError
from qifu.demands import services
from qifu.demands.models import Demand
from tests.conftest import Cast
from tests.demands.helpers import in_state

BODY = {
    "kind": "complaint",
    "channel": "hotline",
    "category": "utilities",
    "title": "停电频繁",
    "content": "厂区本月已停电三次，影响生产。",
    "contact_name": "林晓东",
    "contact_phone": "13800138000",
}


@pytest.mark.django_db
def test_create_by_uscc_with_idempotency_key(cast: Cast, api: Any) -> None:
    client = api(cast.dispatcher)
    first = client.post("/demands", {**BODY, "uscc": cast.ent.uscc}, HTTP_IDEMPOTENCY_KEY="12345-0001")
    again = client.post("/demands", {**BODY, "uscc": cast.ent.uscc}, HTTP_IDEMPOTENCY_KEY="12345-0001")
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json() and Demand.objects.count() == 1
    body = first.json()
    assert body["number"].startswith("SQ") and body["status"] == "registered" and body["light"] is None
    assert body["enterprise"]["id"] == cast.ent.pk and body["timeline"][0]["action"] == "register"
    similar = client.post("/demands", {**BODY, "enterprise_id": cast.ent.pk}).json()
    assert similar["similar_open"] == [body["number"]]


@pytest.mark.django_db
def test_similar_open_names_only_demands_the_caller_may_see(cast: Cast, api: Any) -> None:
    theirs = api(cast.dispatcher).post("/demands", {**BODY, "enterprise_id": cast.ent.pk}).json()["number"]
    window = api(cast.window)
    own = window.post("/demands", {**BODY, "channel": "window", "enterprise_id": cast.ent.pk}).json()
    assert own["similar_open"] == []  # the dispatcher's demand is outside the window's scope
    again = window.post("/demands", {**BODY, "channel": "window", "enterprise_id": cast.ent.pk}).json()
    assert again["similar_open"] == [own["number"]]
    assert (
        theirs in api(cast.dispatcher).post("/demands", {**BODY, "enterprise_id": cast.ent.pk}).json()["similar_open"]
    )


@pytest.mark.django_db
def test_hotline_work_order_sent_twice_is_one_demand(cast: Cast, api: Any) -> None:
    client = api(cast.dispatcher)
    assert client.post("/demands", {**BODY, "uscc": cast.ent.uscc, "external_ref": "GD20261121001"}).status_code == 201
    res = client.post("/demands", {**BODY, "uscc": cast.ent.uscc, "external_ref": "GD20261121001"})
    assert res.status_code == 409 and res.json()["errors"][0]["field"] == "external_ref"


@pytest.mark.django_db
def test_bad_input_names_fields(cast: Cast, api: Any) -> None:
    client = api(cast.dispatcher)
    res = client.post("/demands", {**BODY, "enterprise_id": 99999, "category": "unknown", "content": ""})
    assert res.status_code == 422
    assert {e["field"] for e in res.json()["errors"]} == {"enterprise_id", "category", "content"}
    demand = in_state(cast, "registered")
    bad = client.post(f"/demands/{demand.pk}/assign", {"department_id": 99999, "complexity": "general", "days": 3})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "department_id"
    days = client.post(
        f"/demands/{demand.pk}/assign", {"department_id": cast.market.pk, "complexity": "general", "days": 20}
    )
    assert days.status_code == 422 and days.json()["errors"][0]["field"] == "days"
    assert Demand.objects.get(pk=demand.pk).status == "registered"


@pytest.mark.django_db
def test_record_shape_and_enterprise_view(cast: Cast, api: Any) -> None:
    demand = in_state(cast, "in_progress")
    services.demand_remind(actor=cast.dispatcher, demand_id=demand.pk, note="内部：请加快")
    staff = api(cast.dispatcher).get(f"/demands/{demand.pk}").json()
    for key in (
        "status",
        "lead_department",
        "handler",
        "complexity",
        "due_at",
        "light",
        "calendar_confirmed",
        "extensions",
        "reopen_count",
        "timeline",
    ):
        assert key in staff
    assert staff["lead_department"]["name"] == cast.market.name and staff["handler"]["id"] == cast.handler.pk
    assert staff["light"] == "normal" and [t["action"] for t in staff["timeline"]][-1] == "remind"
    own = api(cast.enterprise_user).get(f"/demands/{demand.pk}").json()
    assert "remind" not in [t["action"] for t in own["timeline"]]
    assert [t["action"] for t in own["timeline"]] == ["register", "assign", "accept"]


@pytest.mark.django_db
def test_extension_endpoints(cast: Cast, api: Any) -> None:
    demand = in_state(cast, "in_progress")
    res = api(cast.handler).post(
        f"/demands/{demand.pk}/extensions", {"days": 5, "reason": "需要专家论证", "progress": "已组织初审"}
    )
    assert res.status_code == 201 and res.json()["status"] == "pending"
    decided = api(cast.head).post(f"/demands/{demand.pk}/extensions/{res.json()['id']}/decide", {"approve": True})
    assert decided.status_code == 200
    assert decided.json()["days"] == 15 and decided.json()["extensions"][0]["status"] == "approved"
    assert (
        api(cast.handler)
        .post(f"/demands/{demand.pk}/extensions/{res.json()['id']}/decide", {"approve": True})
        .status_code
        == 403
    )


@pytest.mark.django_db
def test_list_filters_and_scope(cast: Cast, api: Any) -> None:
    assigned = in_state(cast, "assigned")
    in_state(cast, "registered")
    dispatcher = api(cast.dispatcher)
    assert [i["id"] for i in dispatcher.get("/demands", status="assigned").json()["items"]] == [assigned.pk]
    assert len(dispatcher.get("/demands", department_id=cast.market.pk).json()["items"]) == 1
    assert len(dispatcher.get("/demands", light="normal").json()["items"]) == 1
    assert len(api(cast.handler).get("/demands").json()["items"]) == 1  # only what is assigned to its department
    assert len(api(cast.enterprise_user).get("/demands").json()["items"]) == 2
    assert api(cast.other_officer).get("/demands").json()["items"] == []
    assert dispatcher.get("/demands", light="purple").status_code == 422


def _concurrently(*calls: Any) -> list[Any]:
    results: list[Any] = [None] * len(calls)
    barrier = threading.Barrier(len(calls))

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = calls[i]()
        except DomainError as exc:
            results[i] = exc
        finally:
            close_old_connections()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_two_conflicting_actions_exactly_one_wins(cast: Cast) -> None:
    for _ in range(3):
        demand = in_state(cast, "assigned")
        results = _concurrently(
            lambda d=demand: services.demand_accept(actor=cast.handler, demand_id=d.pk),
            lambda d=demand: services.demand_return(actor=cast.head, demand_id=d.pk, reason="不属于本部门"),
        )
        wins = [r for r in results if isinstance(r, Demand)]
        losses = [r for r in results if isinstance(r, DomainError)]
        assert len(wins) == 1 and len(losses) == 1 and losses[0].status == 409, results
        demand.refresh_from_db()
        assert demand.status == wins[0].status
