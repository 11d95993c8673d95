"""The reform task list through the API (API.md "Supervision"): registration by the centre, progress by a lead
unit or the centre, the list with its department and light filters, and who must not see or act."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from qifu.core.models import AuditEvent
from qifu.supervision.models import ReformProgress, ReformTask
from tests.conftest import Cast
from tests.supervision.reform_helpers import long_task, make_task

pytestmark = pytest.mark.django_db


def body(cast: Cast, **over: Any) -> dict[str, Any]:
    return {
        "number": 1,
        "area": "一、建强服务载体,构建增值服务基础体系",
        "title": "建强“1+4+4”线下中心",
        "content": "按照“一站式”服务理念,整合涉企服务事项,优化窗口设置和大厅布局。",
        "lead_department_ids": [cast.market.pk],
        "responsible_department_ids": [cast.tax.pk],
        "due_on": "2030-06-30",
        "long_term": False,
        **over,
    }


def test_the_centre_registers_a_task(cast: Cast, api: Any) -> None:
    res = api(cast.dispatcher).post("/reform-tasks", body(cast), HTTP_IDEMPOTENCY_KEY="r-1")
    assert res.status_code == 201, res.content
    out = res.json()
    task = ReformTask.objects.get()
    assert out["id"] == task.pk and out["number"] == 1 and out["lead_department_ids"] == [cast.market.pk]
    assert out["responsible_department_ids"] == [cast.tax.pk] and out["department_id"] == cast.market.pk
    assert out["due_on"] == "2030-06-30" and out["light"] == "normal" and out["status"] == "open"
    assert out["reports"] == [] and out["percent"] == 0
    again = api(cast.dispatcher).post("/reform-tasks", body(cast), HTTP_IDEMPOTENCY_KEY="r-1")
    assert again.status_code == 201 and ReformTask.objects.count() == 1
    assert AuditEvent.objects.filter(action="reform_task.create").count() == 1


def test_a_long_term_task_has_no_light(cast: Cast, api: Any) -> None:
    res = api(cast.admin).post("/reform-tasks", body(cast, due_on=None, long_term=True))
    assert res.status_code == 201, res.content
    out = res.json()
    assert out["long_term"] is True and out["light"] is None and out["report_cycle"] == "monthly"
    assert out["next_report_on"] is not None and out["report_light"] in ("normal", "warning")


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"due_on": None}, "due_on"),
        ({"long_term": True}, "due_on"),
        ({"lead_department_ids": []}, "lead_department_ids"),
        ({"lead_department_ids": [999999]}, "lead_department_ids"),
        ({"responsible_department_ids": [999999]}, "responsible_department_ids"),
        ({"number": 0}, "number"),
        ({"title": "  "}, "title"),
        ({"due_on": "1800-01-01"}, "due_on"),
        ({"report_cycle": "weekly"}, "report_cycle"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(cast: Cast, api: Any, over: dict[str, Any], field: str) -> None:
    res = api(cast.dispatcher).post("/reform-tasks", body(cast, **over))
    assert res.status_code == 422, res.content
    assert field in [e["field"] for e in res.json()["errors"]]
    assert all("\\u" not in e["message"] and e["message"] for e in res.json()["errors"])
    assert ReformTask.objects.count() == 0


def test_a_number_is_used_once(cast: Cast, api: Any) -> None:
    assert api(cast.dispatcher).post("/reform-tasks", body(cast)).status_code == 201
    res = api(cast.dispatcher).post("/reform-tasks", body(cast))
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "number"


@pytest.mark.parametrize(
    ("role", "status"),
    [("department_head", 403), ("department_handler", 403), ("supervisor", 403), ("enterprise", 403)],
)
def test_only_the_centre_registers(cast: Cast, api: Any, role: str, status: int) -> None:
    res = api(cast.by_role()[role]).post("/reform-tasks", body(cast))
    assert res.status_code == status and ReformTask.objects.count() == 0
    assert api(None).post("/reform-tasks", body(cast)).status_code == 401


def test_a_lead_unit_reports_progress(cast: Cast, api: Any) -> None:
    task = make_task(cast)
    res = api(cast.handler).post(f"/reform-tasks/{task.pk}/progress", {"percent": 40, "note": "已开展知识产权培训两场"})
    assert res.status_code == 200, res.content
    out = res.json()
    assert out["percent"] == 40 and out["status"] == "open" and out["last_note"] == "已开展知识产权培训两场"
    assert out["reports"][0]["percent"] == 40 and out["reports"][0]["department_id"] == cast.market.pk
    res = api(cast.dispatcher).post(f"/reform-tasks/{task.pk}/progress", {"percent": 100, "note": "全部完成"})
    assert res.status_code == 200 and res.json()["status"] == "done" and res.json()["light"] is None
    res = api(cast.handler).post(f"/reform-tasks/{task.pk}/progress", {"percent": 100, "note": "又报"})
    assert res.status_code == 409 and "已完成" in res.json()["detail"]
    assert ReformProgress.objects.count() == 2


def test_progress_does_not_go_back_and_is_checked(cast: Cast, api: Any) -> None:
    task = make_task(cast)
    api(cast.handler).post(f"/reform-tasks/{task.pk}/progress", {"percent": 50, "note": "过半"})
    for payload, field in (
        ({"percent": 30, "note": "回退"}, "percent"),
        ({"percent": 101, "note": "超过"}, "percent"),
        ({"percent": -1, "note": "负数"}, "percent"),
        ({"percent": 60, "note": ""}, "note"),
        ({"percent": 60, "note": "长" * 1001}, "note"),
    ):
        res = api(cast.handler).post(f"/reform-tasks/{task.pk}/progress", payload)
        assert res.status_code == 422, (payload, res.content)
        assert res.json()["errors"][0]["field"] == field
    assert ReformProgress.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "status"),
    [("tax_staff", 403), ("supervisor", 403), ("other_department", 404), ("enterprise", 404), ("officer", 404)],
)
def test_who_must_not_report(cast: Cast, api: Any, who: str, status: int) -> None:
    from qifu.accounts.models import User
    from qifu.orgs.models import Department

    task = make_task(cast)
    other = Department.objects.create(code="QT", name="其他局")
    users = {
        "tax_staff": User.objects.create_user(
            username="tax", password="x", role="department_handler", department=cast.tax
        ),
        "other_department": User.objects.create_user(
            username="oth", password="x", role="department_head", department=other
        ),
        "supervisor": cast.supervisor,
        "enterprise": cast.enterprise_user,
        "officer": cast.officer,
    }
    res = api(users[who]).post(f"/reform-tasks/{task.pk}/progress", {"percent": 10, "note": "试"})
    assert res.status_code == status, res.content
    assert ReformProgress.objects.count() == 0


def test_the_list_filters_by_unit_and_light(cast: Cast, api: Any) -> None:
    from qifu.orgs.models import Department

    other = Department.objects.create(code="QT", name="其他局")
    with time_machine.travel(dt.datetime(2024, 7, 5, 9, tzinfo=dt.UTC)):
        late = make_task(cast, number=1, due_on=dt.date(2024, 6, 30))
        soon = make_task(cast, number=2, due_on=dt.date(2024, 7, 10))
        later = make_task(cast, number=3, due_on=dt.date(2024, 12, 31))
        forever = long_task(cast, number=4)
        elsewhere = make_task(cast, number=5, lead_department_ids=[other.pk], responsible_department_ids=[])

        def ids(user: Any, **params: Any) -> set[int]:
            res = api(user).get("/reform-tasks", **params)
            assert res.status_code == 200, res.content
            return {t["id"] for t in res.json()["items"]}

        assert ids(cast.supervisor) == {late.pk, soon.pk, later.pk, forever.pk, elsewhere.pk}
        assert ids(cast.dispatcher, light="overdue") == {late.pk}
        assert ids(cast.dispatcher, light="warning") == {soon.pk}
        assert ids(cast.dispatcher, light="normal") == {later.pk, elsewhere.pk}
        assert ids(cast.dispatcher, department_id=other.pk) == {elsewhere.pk}
        assert ids(cast.dispatcher, department_id=cast.tax.pk) == {late.pk, soon.pk, later.pk, forever.pk}
        # Department staff see what their unit leads or shares, nothing else.
        assert ids(cast.handler) == {late.pk, soon.pk, later.pk, forever.pk}
        assert ids(cast.handler, department_id=other.pk) == set()
        page = api(cast.dispatcher).get("/reform-tasks", limit=2).json()
        assert len(page["items"]) == 2 and page["next_cursor"]
        assert api(cast.dispatcher).get("/reform-tasks", light="red").status_code == 422
        detail = api(cast.handler).get(f"/reform-tasks/{elsewhere.pk}")
        assert detail.status_code == 404


@pytest.mark.parametrize("role", ["enterprise", "service_officer", "window_staff", "park_liaison"])
def test_roles_outside_see_no_list(cast: Cast, api: Any, role: str) -> None:
    task = make_task(cast)
    assert api(cast.by_role()[role]).get("/reform-tasks").status_code == 403
    assert api(cast.by_role()[role]).get(f"/reform-tasks/{task.pk}").status_code == 404


def test_a_user_without_a_role_is_not_let_in(cast: Cast, api: Any) -> None:
    task = make_task(cast)
    assert api(cast.outsider).get("/reform-tasks").status_code == 401
    assert api(cast.outsider).post(f"/reform-tasks/{task.pk}/progress", {"percent": 1, "note": "x"}).status_code == 401
