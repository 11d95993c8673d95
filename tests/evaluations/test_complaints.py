"""Complaints name the unit complained of; repeated or major complaints open one special study (003 §7.2.5),
which runs through cause, measures and a check of their effect on the workflow mechanism; the monthly analysis
groups the two ledgers' common problems. Through the API, for the roles that may and those that may not."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from qifu.core.models import AuditEvent, TimelineEvent
from qifu.evaluations.complaint_selectors import monthly_analysis
from qifu.evaluations.complaint_transitions import STUDY_TRANSITIONS, STUDY_WORKFLOW
from qifu.evaluations.models import Complaint, SpecialStudy
from tests.conftest import Cast
from tests.evaluations.complaint_helpers import complaint_demand, named

pytestmark = pytest.mark.django_db


def test_the_special_study_transition_table_is_exactly_this() -> None:
    assert STUDY_TRANSITIONS == {
        ("open", "analyse"): "analysed",
        ("analysed", "plan"): "measures",
        ("measures", "check_effective"): "closed",
        ("measures", "check_ineffective"): "analysed",
    }
    assert dict(STUDY_WORKFLOW.side_actions) == {"add_complaint": ("open", "analysed", "measures")}


def test_window_names_the_unit_and_staff_of_a_complaint(cast: Cast, api: Any) -> None:
    demand = complaint_demand(cast)
    res = api(cast.window).post(
        "/complaints",
        {"demand_id": demand.pk, "department_id": cast.market.pk, "staff_id": cast.handler.pk, "subject": "执照变更"},
    )
    assert res.status_code == 201, res.content
    body = res.json()
    assert body["department"] == {"id": cast.market.pk, "name": cast.market.name}
    assert body["staff"]["id"] == cast.handler.pk and body["demand_number"] == demand.number
    assert body["study_ids"] == []  # one complaint opens nothing
    complaint = Complaint.objects.get(pk=body["id"])
    assert complaint.demand == demand and complaint.staff == cast.handler and complaint.named_by == cast.window
    assert AuditEvent.objects.filter(action="complaint.name", object_id=str(complaint.pk)).exists()
    # Naming it a second time is refused; correcting goes through /correct.
    again = api(cast.window).post("/complaints", {"demand_id": demand.pk, "department_id": cast.tax.pk})
    assert again.status_code == 409
    fixed = api(cast.dispatcher).post(
        f"/complaints/{complaint.pk}/correct", {"demand_id": demand.pk, "department_id": cast.tax.pk}
    )
    assert fixed.status_code == 200 and fixed.json()["department"]["id"] == cast.tax.pk
    assert fixed.json()["staff"] is None


def test_naming_refuses_bad_input_field_by_field_and_writes_nothing(cast: Cast, api: Any) -> None:
    need = complaint_demand(cast, channel="online", kind="need")
    res = api(cast.window).post("/complaints", {"demand_id": need.pk, "department_id": 999999})
    assert res.status_code == 422
    fields = {e["field"]: e["message"] for e in res.json()["errors"]}
    assert "不是投诉" in fields["demand_id"] and fields["department_id"] == "被投诉单位不存在"
    demand = complaint_demand(cast)
    res = api(cast.window).post(
        "/complaints", {"demand_id": demand.pk, "department_id": cast.tax.pk, "staff_id": cast.handler.pk}
    )
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "staff_id"
    assert "不属于被投诉单位" in res.json()["errors"][0]["message"]
    assert not Complaint.objects.exists()


@pytest.mark.parametrize("role", ["enterprise", "service_officer", "department_handler", "supervisor", "guide"])
def test_roles_that_may_not_name_a_complaint(cast: Cast, api: Any, role: str) -> None:
    demand = complaint_demand(cast)
    res = api(cast.by_role()[role]).post("/complaints", {"demand_id": demand.pk, "department_id": cast.market.pk})
    assert res.status_code == 403
    assert not Complaint.objects.exists()


def test_a_complaint_outside_the_callers_scope_is_404(cast: Cast, api: Any) -> None:
    demand = complaint_demand(cast)
    other_window = type(cast.window).objects.create_user(username="w2", password="x", role="window_staff")
    res = api(other_window).post("/complaints", {"demand_id": demand.pk, "department_id": cast.market.pk})
    assert res.status_code == 404


def test_three_complaints_about_one_unit_in_90_days_open_one_study_and_a_fourth_joins_it(cast: Cast) -> None:
    old = named(cast, days_ago=120, title="很久以前的投诉")
    first = named(cast, days_ago=80)
    second = named(cast, days_ago=10)
    assert not SpecialStudy.objects.exists()  # the one of 120 days ago is outside the window
    third = named(cast)
    study = SpecialStudy.objects.get()
    assert study.trigger == "repeated_unit" and study.department == cast.market and study.status == "open"
    assert set(study.complaints.all()) == {first, second, third}
    assert old not in study.complaints.all()
    fourth = named(cast)
    assert SpecialStudy.objects.count() == 1  # joined, not duplicated
    assert fourth in study.complaints.all()
    actions = list(
        TimelineEvent.objects.filter(subject_type="special_study", subject_id=study.pk).values_list("action", flat=True)
    )
    assert actions == ["open", "add_complaint"]
    # Another unit's complaints open nothing of their own until they repeat.
    named(cast, department=cast.tax)
    assert SpecialStudy.objects.count() == 1


def test_a_major_complaint_opens_a_study_at_once(cast: Cast, api: Any) -> None:
    demand = complaint_demand(cast, channel="integrity_window", title="承诺的扶持资金一年未兑现")
    res = api(cast.dispatcher).post(
        "/complaints", {"demand_id": demand.pk, "department_id": cast.tax.pk, "major": True}
    )
    assert res.status_code == 201
    study = SpecialStudy.objects.get()
    assert res.json()["study_ids"] == [study.pk]
    assert study.trigger == "major" and study.department == cast.tax and "重大投诉" in study.title


def test_the_same_matter_at_different_units_opens_a_study_of_the_matter(cast: Cast) -> None:
    named(cast, department=cast.market, subject="施工许可")
    named(cast, department=cast.tax, subject="施工 许可")  # the same matter, written with a space
    named(cast, department=cast.center, subject="施工许可。")
    study = SpecialStudy.objects.get()
    assert study.trigger == "repeated_subject" and study.subject == "施工许可" and study.department is None
    assert study.complaints.count() == 3


def _study(cast: Cast) -> SpecialStudy:
    for _ in range(3):
        named(cast)
    return SpecialStudy.objects.get()


def test_a_study_records_cause_measures_and_the_check_of_their_effect(cast: Cast, api: Any) -> None:
    study = _study(cast)
    base = f"/special-studies/{study.pk}"
    # The unit's head may write the cause and measures, not judge their effect.
    res = api(cast.head).post(f"{base}/analyse", {"cause": "审查标准理解不一"})
    assert res.status_code == 200 and res.json()["status"] == "analysed"
    too_early = api(cast.dispatcher).post(f"{base}/check", {"effect": "好", "effective": True})
    assert too_early.status_code == 409
    past = str(timezone.localdate() - dt.timedelta(days=1))
    res = api(cast.head).post(f"{base}/plan", {"measures": "公示审查要点", "check_on": past})
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "check_on"
    soon = str(timezone.localdate() + dt.timedelta(days=30))
    res = api(cast.head).post(f"{base}/plan", {"measures": "公示审查要点", "check_on": soon})
    assert res.status_code == 200 and res.json()["status"] == "measures"
    assert api(cast.head).post(f"{base}/check", {"effect": "好", "effective": True}).status_code == 403
    res = api(cast.dispatcher).post(f"{base}/check", {"effect": "仍有同类投诉", "effective": False})
    assert res.status_code == 200 and res.json()["status"] == "analysed" and res.json()["check_on"] is None
    api(cast.head).post(f"{base}/plan", {"measures": "退回须科长复核", "check_on": soon})
    res = api(cast.dispatcher).post(f"{base}/check", {"effect": "一个月未再收到同类投诉", "effective": True})
    body = res.json()
    assert res.status_code == 200 and body["status"] == "closed" and body["effective"] is True
    assert body["cause"] == "审查标准理解不一" and body["measures"] == "退回须科长复核"
    assert [s["action"] for s in body["timeline"]] == [
        "open",
        "analyse",
        "plan",
        "check_ineffective",
        "plan",
        "check_effective",
    ]
    # Once closed, a new complaint about the unit starts counting afresh: it opens no new study by itself.
    named(cast)
    assert SpecialStudy.objects.count() == 1


def test_who_sees_complaints_and_studies(cast: Cast, api: Any) -> None:
    study = _study(cast)
    complaint = study.complaints.first()
    assert complaint is not None
    tax_complaint = named(cast, department=cast.tax)
    for user in (cast.dispatcher, cast.supervisor, cast.admin, cast.window):
        assert api(user).get(f"/special-studies/{study.pk}").status_code == 200
        assert len(api(user).get("/complaints").json()["items"]) == 4
    # A department sees what is about itself only.
    assert {c["id"] for c in api(cast.handler).get("/complaints").json()["items"]} == {
        c.pk for c in study.complaints.all()
    }
    assert api(cast.handler).get(f"/complaints/{tax_complaint.pk}").status_code == 404
    assert api(cast.head).get(f"/special-studies/{study.pk}").status_code == 200
    for role in ("enterprise", "service_officer", "park_liaison", "guide"):
        user = cast.by_role()[role]
        assert api(user).get("/complaints").status_code == 403, role
        assert api(user).get(f"/complaints/{complaint.pk}").status_code == 404, role
        assert api(user).get(f"/special-studies/{study.pk}").status_code == 404, role
        assert api(user).post(f"/special-studies/{study.pk}/analyse", {"cause": "x"}).status_code == 404, role
    assert api(None).get("/complaints").status_code == 401
    listed = api(cast.dispatcher).get("/special-studies", status="open").json()
    assert [s["id"] for s in listed["items"]] == [study.pk] and listed["items"][0]["complaints"] == 3
    assert api(cast.dispatcher).get("/special-studies", status="nonsense").status_code == 422


def test_the_monthly_analysis_groups_common_problems_of_each_ledger(cast: Cast, api: Any) -> None:
    named(cast, title="营业执照变更材料被反复退回")
    named(cast, title="营业执照变更材料多次退回")
    named(cast, title="食品经营许可现场核查推迟")
    complaint_demand(cast, channel="integrity_window", title="扶持资金未兑现", category="other")
    complaint_demand(cast, channel="online", title="营业执照变更材料被反复退回")  # not a ledger: left out
    analysis = monthly_analysis(cast.dispatcher, timezone.localdate())
    fallback, integrity = analysis.ledgers
    assert fallback.channel == "fallback_window" and fallback.count == 3 and integrity.count == 1
    groups = fallback.categories[0].groups
    assert [(g.label, g.count) for g in groups] == [("营业执照变更材料被反复退回", 2), ("食品经营许可现场核查推迟", 1)]
    assert fallback.units == [(cast.market.name, 3)]
    assert integrity.units == [("未认定", 1)]
    res = api(cast.supervisor).get("/complaints/analysis", month=timezone.localdate().strftime("%Y-%m"))
    assert res.status_code == 200
    body = res.json()
    assert body["ledgers"][0]["categories"][0]["groups"][0]["count"] == 2
    assert api(cast.supervisor).get("/complaints/analysis", month="2026-13").status_code == 422
    assert api(cast.enterprise_user).get("/complaints/analysis").status_code == 403
    # Complaints named with the same matter are one problem, however their titles read.
    named(cast, title="窗口要求补交已交过的章程", subject="营业执照变更")
    named(cast, title="变更登记网上退回无理由", subject="营业执照变更")
    again = monthly_analysis(cast.dispatcher, timezone.localdate()).ledgers[0].categories[0].groups
    assert ("营业执照变更", 2) in [(g.label, g.count) for g in again]
    # A department counts only what it may see.
    other = monthly_analysis(cast.handler, timezone.localdate())
    assert other.count <= analysis.count


def test_correcting_and_listing_studies_for_those_who_may_not(cast: Cast, api: Any) -> None:
    complaint = named(cast)
    body = {"demand_id": complaint.demand_id, "department_id": cast.tax.pk}
    assert api(cast.handler).post(f"/complaints/{complaint.pk}/correct", body).status_code == 403
    for user in (cast.enterprise_user, cast.officer, cast.liaison):
        assert api(user).post(f"/complaints/{complaint.pk}/correct", body).status_code == 404
        assert api(user).get("/special-studies").status_code == 403
    other = complaint_demand(cast)
    moved = api(cast.window).post(
        f"/complaints/{complaint.pk}/correct", {"demand_id": other.pk, "department_id": cast.tax.pk}
    )
    assert moved.status_code == 422 and moved.json()["errors"][0]["field"] == "demand_id"
    assert Complaint.objects.get(pk=complaint.pk).department == cast.market
