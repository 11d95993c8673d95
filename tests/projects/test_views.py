"""The key-project pages: the list with its 滞后 filter and total, the registration form with the default
milestones, the project page with its timeline and forms, and the workbench line."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from qifu.projects.models import Milestone, Project
from tests.conftest import Cast
from tests.projects.helpers import make_project

pytestmark = pytest.mark.django_db


def form(cast: Cast, **over: str) -> dict[str, str]:
    return {
        "name": "新能源汽车零部件生产基地",
        "enterprise_id": str(cast.ent.pk),
        "leader_name": "副区长 黄志强",
        "department_id": str(cast.market.pk),
        "specialist_id": str(cast.officer.pk),
        "investment": "120000",
        "stage": "signed",
        **over,
    }


def test_the_form_offers_the_default_milestones_and_registers_those_dated(cast: Cast, page_client: Any) -> None:
    client = page_client(cast.dispatcher)
    html = client.get("/projects/new/").content.decode()
    for name in ("签约", "立项用地", "建设许可", "施工许可", "消防审验", "竣工验收", "投产"):
        assert name in html
    res = client.post(
        "/projects/new/",
        form(
            cast, m0_planned_on="2026-01-10", m1_planned_on="2026-03-31", m7_name="环评批复", m7_planned_on="2026-02-28"
        ),
    )
    project = Project.objects.get()
    assert res.status_code == 302 and res["Location"] == f"/projects/{project.pk}/"
    assert list(project.milestones.values_list("name", "planned_on")) == [
        ("签约", dt.date(2026, 1, 10)),
        ("环评批复", dt.date(2026, 2, 28)),
        ("立项用地", dt.date(2026, 3, 31)),
    ]


def test_the_form_names_each_bad_field_and_keeps_the_rest(cast: Cast, page_client: Any) -> None:
    client = page_client(cast.admin)
    res = client.post("/projects/new/", form(cast, investment="很多", leader_name="", m2_planned_on="2026-13-01"))
    html = res.content.decode()
    assert res.status_code == 200 and not Project.objects.exists()
    assert 'data-error="investment"' in html and 'data-error="leader_name"' in html
    assert 'data-error="m2_planned_on"' in html and "新能源汽车零部件生产基地" in html


def test_the_list_filters_the_stalled_and_counts(cast: Cast, page_client: Any) -> None:
    make_project(cast)
    late = make_project(cast, other=True, late_days=5)
    client = page_client(cast.supervisor)
    every = client.get("/projects/").content.decode()
    assert "共 2 个项目" in every
    stalled = client.get("/projects/?stalled=1").content.decode()
    assert "共 1 个滞后项目" in stalled and late.name in stalled and "宏达五金" not in stalled


def test_the_project_page_shows_the_timeline_and_who_may_act(cast: Cast, page_client: Any) -> None:
    project = make_project(cast, late_days=4)
    html = page_client(cast.officer).get(f"/projects/{project.pk}/").content.decode()
    assert "滞后 4 天" in html and 'id="add-milestone"' in html and "标记完成" in html
    html = page_client(cast.enterprise_user).get(f"/projects/{project.pk}/").content.decode()
    assert "滞后 4 天" in html and 'id="add-milestone"' not in html and "标记完成" not in html
    assert page_client(cast.other_officer).get(f"/projects/{project.pk}/").status_code == 404


def test_the_page_forms_add_and_complete_milestones(cast: Cast, page_client: Any) -> None:
    project = make_project(cast)
    client = page_client(cast.head)
    res = client.post(f"/projects/{project.pk}/milestone/", {"name": "消防审验", "planned_on": "2026-11-30"})
    assert res.status_code == 302
    added = Milestone.objects.get(project=project, name="消防审验")
    today = timezone.localdate()
    client.post(f"/projects/{project.pk}/done/", {"milestone_id": str(added.pk), "done_on": str(today), "note": "合格"})
    added.refresh_from_db()
    assert added.status == "done" and added.done_on == today
    # A refusal is a message on the page, not an error page.
    res = client.post(
        f"/projects/{project.pk}/done/", {"milestone_id": str(added.pk), "done_on": str(today)}, follow=True
    )
    assert "不能完成节点" in res.content.decode()
    assert (
        page_client(cast.enterprise_user)
        .post(f"/projects/{project.pk}/milestone/", {"name": "投产", "planned_on": "2027-01-01"})
        .status_code
        == 302
    )
    assert not Milestone.objects.filter(name="投产").exists()


def test_the_workbench_shows_stalled_projects_to_the_specialist_and_the_centre(cast: Cast, page_client: Any) -> None:
    make_project(cast, late_days=1)
    for user in (cast.officer, cast.dispatcher, cast.admin):
        html = page_client(user).get("/").content.decode()
        assert "滞后的重点项目" in html or "我负责的滞后重点项目" in html
    assert "滞后重点项目" not in page_client(cast.other_officer).get("/").content.decode()
    assert "重点项目" not in page_client(cast.window).get("/").content.decode()
