"""API.md "Supervision": every late case in the caller's scope (and nobody else's), supervision orders sent from
the view and answered by the department, and the 电子监察 cards with their counts and notes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from qifu.accounts.models import User
from qifu.core.models import Notification
from qifu.supervision.measures import orders_received, red_cards, yellow_cards
from qifu.supervision.models import Card, SupervisionOrder
from qifu.supervision.services import watch_late
from tests.conftest import Cast
from tests.supervision.helpers import at, one_of_each

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def long_tokens(settings: Any) -> None:
    settings.QIFU_API_TOKEN_DAYS = 3650  # the clock travels to the end of the year; the tokens must still hold


@pytest.fixture
def late(cast: Cast) -> dict[str, Any]:
    cases = one_of_each(cast)
    with at("2026-12-31"):
        watch_late()
    return cases


def tax_head(cast: Cast) -> User:
    return User.objects.create_user(username="tax-head", password="x", role="department_head", department=cast.tax)


def overdue(client: Any, **params: Any) -> Any:
    with at("2026-12-31"):
        return client.get("/supervision/overdue", **params)


def test_the_supervisor_sees_every_kind_late(cast: Cast, api: Any, late: dict[str, Any]) -> None:
    res = overdue(api(cast.supervisor))
    assert res.status_code == 200, res.content
    items = res.json()["items"]
    assert {(i["kind"], i["id"]) for i in items} == {(k, c.pk) for k, c in late.items()}
    assert res.json()["next_cursor"] is None
    demand = next(i for i in items if i["kind"] == "demand")
    assert demand["number"] == late["demand"].number and demand["department_id"] == cast.market.pk
    assert demand["light"] == "overdue" and demand["due_at"].startswith("2026-11-16T23:59:59+08:00")
    # Working days after 11-16 up to 12-31 (no holidays in between): 33.
    assert demand["days_overdue"] == 33
    # The most overdue first.
    assert [i["due_at"] for i in items] == sorted(i["due_at"] for i in items)
    # The application: both its running clocks (the handover and the decision).
    steps = sorted(i["step"] for i in items if i["kind"] == "application")
    assert steps == ["decision", "handover"]


def test_filters_and_paging(cast: Cast, api: Any, late: dict[str, Any]) -> None:
    client = api(cast.supervisor)
    only = overdue(client, kind="policy_claim").json()["items"]
    assert [(i["kind"], i["id"]) for i in only] == [("policy_claim", late["policy_claim"].pk)]
    market = overdue(client, department_id=cast.market.pk).json()["items"]
    assert {i["kind"] for i in market} == {"demand", "application", "policy_claim", "project_milestone"}
    assert overdue(client, department_id=cast.tax.pk).json()["items"] == []
    assert overdue(client, light="warning").json()["items"] == []
    seen: list[tuple[str, str, int]] = []
    cursor = ""
    while True:
        page = overdue(client, limit=2, cursor=cursor).json()
        seen += [(i["kind"], i["step"], i["id"]) for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    everything = [(i["kind"], i["step"], i["id"]) for i in overdue(client).json()["items"]]
    assert seen == everything and len(seen) == 6
    for bad in ({"kind": "nothing"}, {"cursor": "garbage"}, {"light": "green"}, {"limit": 0}):
        res = overdue(client, **bad)
        assert res.status_code == 422, bad
        assert res.json()["errors"][0]["field"] == next(iter(bad))


def test_only_those_who_may_see(cast: Cast, api: Any, late: dict[str, Any]) -> None:
    # The market department's head: its own department's cases, not the officer's plan task.
    mine = {i["kind"] for i in overdue(api(cast.head)).json()["items"]}
    assert mine == {"demand", "application", "policy_claim", "project_milestone"}
    # A department outside sees none of them.
    assert overdue(api(tax_head(cast))).json()["items"] == []
    # An enterprise (even the one whose cases are late), an officer: not theirs to supervise.
    for user in (cast.enterprise_user, cast.officer, cast.liaison):
        assert overdue(api(user)).status_code == 403
    assert api(None).get("/supervision/overdue").status_code == 401


def test_an_order_from_the_view_reaches_the_department_head(cast: Cast, api: Any, late: dict[str, Any]) -> None:
    application = late["application"]
    body = {"kind": "application", "step": "decision", "case_id": application.pk, "note": "请两个工作日内作出决定"}
    with at("2026-12-31"):
        for user in (cast.enterprise_user, cast.head, cast.officer):
            assert api(user).post("/supervision/orders", body).status_code in (403, 404)
        assert api(cast.supervisor).post("/supervision/orders", {**body, "kind": "x"}).status_code == 422
        assert api(cast.supervisor).post("/supervision/orders", {**body, "step": "x"}).status_code == 422
        assert api(cast.supervisor).post("/supervision/orders", {**body, "case_id": 999999}).status_code == 404
        res = api(cast.supervisor).post("/supervision/orders", body)
    assert res.status_code == 201, res.content
    order = res.json()
    assert order["auto"] is False and order["sent_by"] == cast.supervisor.label
    assert order["department_id"] == cast.market.pk and order["number"] == application.number
    told = Notification.objects.filter(recipient=cast.head, body__contains="请两个工作日内作出决定")
    assert told.count() == 1
    # The head sees it among the department's orders, answers it once; another department does not see it.
    listed = api(cast.head).get("/supervision/orders", open=True).json()["items"]
    assert order["id"] in [o["id"] for o in listed]
    assert api(tax_head(cast)).get(f"/supervision/orders/{order['id']}").status_code == 404
    assert api(cast.supervisor).post(f"/supervision/orders/{order['id']}/reply", {"reply": "x"}).status_code == 403
    replied = api(cast.head).post(f"/supervision/orders/{order['id']}/reply", {"reply": "已于今日作出准予许可决定"})
    assert replied.status_code == 200 and replied.json()["reply"] == "已于今日作出准予许可决定"
    assert api(cast.head).post(f"/supervision/orders/{order['id']}/reply", {"reply": "再次"}).status_code == 409
    # A case no longer running cannot be supervised.
    closed_body = {**body, "step": "handover"}
    SupervisionOrder.objects.all().delete()
    from qifu.applications import services as applications

    applications.application_handover(actor=cast.window, application_id=application.pk)
    with at("2026-12-31"):
        assert api(cast.supervisor).post("/supervision/orders", closed_body).status_code == 409
        # Without a step, the step now running (the decision) is supervised.
        stepless = api(cast.supervisor).post("/supervision/orders", {**body, "step": ""})
    assert stepless.status_code == 201 and stepless.json()["step"] == "decision"


def test_cards_counted_per_unit_and_person_and_noted(cast: Cast, api: Any, late: dict[str, Any]) -> None:
    tally = api(cast.supervisor).get("/supervision/cards/tally").json()
    market = next(u for u in tally["units"] if u["id"] == cast.market.pk)
    assert market == {"id": cast.market.pk, "name": "市场监督管理局", "yellow": 0, "red": 5}
    handler = next(p for p in tally["people"] if p["id"] == cast.handler.pk)
    assert handler["red"] == 1  # the demand's handler
    red = Card.objects.filter(kind="demand").get()
    for user in (cast.head, cast.enterprise_user):
        assert api(user).post(f"/supervision/cards/{red.pk}/note", {"note": "x"}).status_code in (403, 404)
    noted = api(cast.supervisor).post(f"/supervision/cards/{red.pk}/note", {"note": "经核实，确因企业补充材料延误"})
    assert noted.status_code == 200 and noted.json()["note"] == "经核实，确因企业补充材料延误"
    assert [c["id"] for c in api(cast.head).get("/supervision/cards", color="red").json()["items"]] != []
    assert api(tax_head(cast)).get("/supervision/cards").json()["items"] == []
    assert api(cast.enterprise_user).get("/supervision/cards").status_code == 403


def test_assessment_measures_count_orders_and_cards(cast: Cast, late: dict[str, Any]) -> None:
    december = (dt.date(2026, 12, 1), dt.date(2027, 1, 1))
    november = (dt.date(2026, 11, 1), dt.date(2026, 12, 1))
    assert orders_received(cast.market.pk, *december).numerator == 5
    assert orders_received(cast.market.pk, *november).numerator == 0
    assert red_cards(cast.market.pk, *december).numerator == 5
    assert yellow_cards(cast.market.pk, *december).numerator == 0
    assert orders_received(cast.tax.pk, *december).numerator == 0


def test_a_deadline_before_the_calendar_counts_from_its_first_day(cast: Cast, api: Any, late: dict[str, Any]) -> None:
    """A milestone planned in 1999 (any date 1900-2100 is valid input) is overdue; the view counts its working
    days from the calendar's first day instead of failing (found by schemathesis)."""
    from qifu.core.workcalendar import end_of_day, get_calendar

    milestone = late["project_milestone"]
    type(milestone).objects.filter(pk=milestone.pk).update(
        due_at=end_of_day(dt.date(1999, 6, 30)), warning_at=end_of_day(dt.date(1999, 6, 1))
    )
    res = overdue(api(cast.supervisor), kind="project_milestone")
    assert res.status_code == 200, res.content
    (item,) = res.json()["items"]
    assert item["days_overdue"] == get_calendar().workdays_between(dt.date(2000, 1, 1), dt.date(2026, 12, 31))


def test_a_reform_task_due_outside_the_calendar_is_refused(cast: Cast, api: Any) -> None:
    body = {
        "number": 99,
        "area": "一、优化政务服务",
        "title": "测试任务",
        "content": "内容",
        "lead_department_ids": [cast.market.pk],
        "responsible_department_ids": [],
        "due_on": "1950-06-30",
        "long_term": False,
    }
    res = api(cast.dispatcher).post("/reform-tasks", body)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "due_on"
