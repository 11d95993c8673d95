"""Key projects through the API (API.md "Key projects"): registration, milestones, done dates, the stalled list,
links, and who may see and do what (404 outside scope)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from qifu.core.models import AuditEvent, TimelineEvent
from qifu.demands.schemas import DemandIn
from qifu.demands.services import demand_register
from qifu.projects.models import Milestone, Project
from tests.conftest import Cast
from tests.projects.helpers import make_project

pytestmark = pytest.mark.django_db


def body(cast: Cast, **over: Any) -> dict[str, Any]:
    return {
        "name": "智能五金制造产业园一期",
        "enterprise_id": cast.ent.pk,
        "leader_name": "区委常委、常务副区长 陈伟明",
        "department_id": cast.market.pk,
        "specialist_id": cast.officer.pk,
        "investment": "58000",
        "stage": "signed",
        **over,
    }


def test_the_centre_registers_a_project(cast: Cast, api: Any) -> None:
    res = api(cast.dispatcher).post("/projects", body(cast), HTTP_IDEMPOTENCY_KEY="p-1")
    assert res.status_code == 201, res.content
    out = res.json()
    project = Project.objects.get()
    assert out["id"] == project.pk and out["specialist_id"] == cast.officer.pk
    assert out["investment"] == "58000.00" and out["stage_label"] == "已签约"
    assert out["milestones"] == [] and out["application_ids"] == [] and out["demand_ids"] == []
    assert out["stalled"] is False
    assert AuditEvent.objects.filter(action="project.create", object_id=str(project.pk)).exists()
    again = api(cast.dispatcher).post("/projects", body(cast), HTTP_IDEMPOTENCY_KEY="p-1")
    assert again.status_code == 201 and again.json()["id"] == project.pk and Project.objects.count() == 1


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"investment": "-1"}, "investment"),
        ({"investment": "1e12"}, "investment"),
        ({"investment": "1.234"}, "investment"),
        ({"stage": "dreaming"}, "stage"),
        ({"leader_name": "  "}, "leader_name"),
        ({"name": "项" * 201}, "name"),
        ({"enterprise_id": 999999}, "enterprise_id"),
        ({"department_id": 999999}, "department_id"),
        ({"specialist_id": "{handler}"}, "specialist_id"),
        ({"color": "red"}, "color"),
    ],
)
def test_bad_input_is_refused_naming_the_field(cast: Cast, api: Any, over: dict[str, Any], field: str) -> None:
    over = {k: cast.handler.pk if v == "{handler}" else v for k, v in over.items()}
    res = api(cast.admin).post("/projects", body(cast, **over))
    assert res.status_code == 422, res.content
    assert field in [e["field"] for e in res.json()["errors"]]
    assert not Project.objects.exists()


@pytest.mark.parametrize("role", ["department_head", "service_officer", "supervisor", "enterprise", "window_staff"])
def test_only_the_centre_registers(cast: Cast, api: Any, role: str) -> None:
    assert api(cast.by_role()[role]).post("/projects", body(cast)).status_code == 403
    assert not Project.objects.exists()


def test_milestones_are_added_and_done(cast: Cast, api: Any) -> None:
    project = make_project(cast)
    client = api(cast.officer)  # the specialist
    res = client.post(f"/projects/{project.pk}/milestones", {"name": "建设许可", "planned_on": "2026-09-30"})
    assert res.status_code == 201, res.content
    added = res.json()
    assert added["status"] == "planned" and added["done_on"] is None
    milestone = Milestone.objects.get(pk=added["id"])
    assert timezone.localtime(milestone.due_at).replace(tzinfo=None) == dt.datetime(2026, 9, 30, 23, 59, 59)
    dup = client.post(f"/projects/{project.pk}/milestones", {"name": "建设许可", "planned_on": "2026-10-30"})
    assert dup.status_code == 422 and dup.json()["errors"][0]["field"] == "name"

    today = timezone.localdate()
    done = api(cast.handler).post(  # the responsible department's staff
        f"/projects/{project.pk}/milestones/{milestone.pk}/done", {"done_on": str(today), "note": "已取得许可证"}
    )
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done" and done.json()["done_on"] == str(today)
    milestone.refresh_from_db()
    assert milestone.status == "done" and milestone.note == "已取得许可证"
    steps = TimelineEvent.objects.filter(subject_type="project_milestone", subject_id=milestone.pk)
    assert list(steps.values_list("action", flat=True).order_by("id")) == ["create", "done"]
    again = client.post(f"/projects/{project.pk}/milestones/{milestone.pk}/done", {"done_on": str(today)})
    assert again.status_code == 409 and "不能" in again.json()["detail"]


@pytest.mark.parametrize(
    ("done_on", "field"), [("2999-01-01", "done_on"), ("1899-12-31", "done_on"), ("tomorrow", "done_on")]
)
def test_a_done_date_is_not_in_the_future_nor_before_1900(cast: Cast, api: Any, done_on: str, field: str) -> None:
    project = make_project(cast)
    milestone = project.milestones.get(name="立项用地")
    if done_on == "tomorrow":
        done_on = str(timezone.localdate() + dt.timedelta(days=1))
    res = api(cast.officer).post(f"/projects/{project.pk}/milestones/{milestone.pk}/done", {"done_on": done_on})
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == field
    milestone.refresh_from_db()
    assert milestone.status == "planned"


def test_a_milestone_of_another_project_is_404(cast: Cast, api: Any) -> None:
    mine, other = make_project(cast), make_project(cast, other=True)
    foreign = other.milestones.get(name="立项用地")
    res = api(cast.admin).post(f"/projects/{mine.pk}/milestones/{foreign.pk}/done", {"done_on": "2026-01-05"})
    assert res.status_code == 404


def test_the_stalled_filter(cast: Cast, api: Any) -> None:
    on_time = make_project(cast)
    late = make_project(cast, other=True, late_days=3)
    res = api(cast.supervisor).get("/projects", stalled=1)
    assert [p["id"] for p in res.json()["items"]] == [late.pk]
    assert res.json()["items"][0]["stalled"] is True
    every = api(cast.supervisor).get("/projects").json()["items"]
    assert {p["id"]: p["stalled"] for p in every} == {on_time.pk: False, late.pk: True}
    lights = {m["name"]: m["light"] for m in every[0]["milestones"]}
    assert lights == {"签约": None, "立项用地": "overdue"}
    # Done, the project is no longer stalled.
    milestone = late.milestones.get(name="立项用地")
    api(cast.admin).post(f"/projects/{late.pk}/milestones/{milestone.pk}/done", {"done_on": str(timezone.localdate())})
    assert api(cast.supervisor).get("/projects", stalled=1).json()["items"] == []


def test_applications_and_demands_of_the_enterprise_are_linked(cast: Cast, api: Any) -> None:
    from tests.applications.helpers import food_licence

    project = make_project(cast)
    demand = demand_register(
        actor=cast.officer,
        payload=DemandIn.model_validate(
            {
                "enterprise_id": cast.ent.pk,
                "kind": "need",
                "channel": "visit",
                "category": "other",
                "title": "项目用地规划条件咨询",
                "content": "新厂房用地的规划条件何时可以出具？",
            }
        ),
    )
    from qifu.applications.services import application_submit

    application = application_submit(actor=cast.enterprise_user, item_id=food_licence(cast).pk)
    client = api(cast.officer)
    res = client.post(f"/projects/{project.pk}/demands", {"demand_id": demand.pk})
    assert res.status_code == 200, res.content
    assert res.json()["demand_ids"] == [demand.pk]
    res = client.post(f"/projects/{project.pk}/applications", {"application_id": application.pk})
    assert res.status_code == 200, res.content
    detail = api(cast.enterprise_user).get(f"/projects/{project.pk}").json()
    assert detail["application_ids"] == [application.pk] and detail["demand_ids"] == [demand.pk]
    assert client.post(f"/projects/{project.pk}/demands", {"demand_id": demand.pk}).status_code == 409
    # An item of another enterprise, or one the actor cannot see, is refused naming the field.
    other = make_project(cast, other=True)
    res = api(cast.admin).post(f"/projects/{other.pk}/demands", {"demand_id": demand.pk})
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "demand_id"
    res = client.post(f"/projects/{project.pk}/applications", {"application_id": 999999})
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "application_id"
    assert list(other.demands.all()) == []


# Who sees a project of the cast's enterprise (market department, specialist `officer`) and who updates it.
SEES = {
    "admin": 200,
    "dispatcher": 200,
    "window_staff": 404,
    "guide": 404,
    "service_officer": 200,
    "department_handler": 200,
    "department_head": 200,
    "supervisor": 200,
    "park_liaison": 404,
    "enterprise": 200,
    "outsider": 401,
}
ADDS = {**SEES, "supervisor": 403, "enterprise": 403}
LISTS = {
    "admin": 200,
    "dispatcher": 200,
    "window_staff": 403,
    "guide": 403,
    "service_officer": 200,
    "department_handler": 200,
    "department_head": 200,
    "supervisor": 200,
    "park_liaison": 403,
    "enterprise": 200,
    "outsider": 401,
}


@pytest.mark.parametrize("role", list(SEES))
def test_every_role(cast: Cast, api: Any, role: str) -> None:
    mine, other = make_project(cast), make_project(cast, other=True)
    client = api(cast.by_role()[role] if role != "outsider" else None)
    assert client.get(f"/projects/{mine.pk}").status_code == SEES[role]
    # The other project: its own department (tax) and specialist are not among the cast's personas but the centre.
    assert client.get(f"/projects/{other.pk}").status_code == (
        SEES[role] if role in ("admin", "dispatcher", "supervisor", "outsider") else 404
    )
    listed = client.get("/projects")
    assert listed.status_code == LISTS[role]
    if listed.status_code == 200:
        ids = {p["id"] for p in listed.json()["items"]}
        everything = role in ("admin", "dispatcher", "supervisor")
        assert ids == ({mine.pk, other.pk} if everything else {mine.pk})
    res = client.post(f"/projects/{mine.pk}/milestones", {"name": "施工许可", "planned_on": "2026-12-01"})
    assert res.status_code == (201 if ADDS[role] == 200 else ADDS[role])
    milestone = mine.milestones.get(name="立项用地")
    res = client.post(f"/projects/{mine.pk}/milestones/{milestone.pk}/done", {"done_on": "2026-01-05"})
    assert res.status_code == ADDS[role]
    res = client.post(f"/projects/{other.pk}/milestones", {"name": "施工许可", "planned_on": "2026-12-01"})
    other_expected = {"admin": 201, "dispatcher": 201, "supervisor": 403, "outsider": 401}
    assert res.status_code == other_expected.get(role, 404)


def test_the_list_costs_the_same_queries_for_more_projects(cast: Cast, api: Any) -> None:
    make_project(cast)
    client = api(cast.supervisor)
    client.get("/projects")  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as one:
        assert client.get("/projects").status_code == 200
    for _ in range(4):
        make_project(cast, other=True)
    with CaptureQueriesContext(connection) as five:
        assert len(client.get("/projects").json()["items"]) == 5
    assert len(five) == len(one)
