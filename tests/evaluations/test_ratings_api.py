"""Ratings (API.md "Ratings (好差评) and rectification"): who rates what, once, after the result; the reasons by
level; the summary's figures; a bad review's rectification case and its due date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from qifu.core.models import Notification
from qifu.core.workcalendar import SHANGHAI
from qifu.demands import services as demand_services
from qifu.evaluations.models import Rating, Rectification
from qifu.evaluations.services import rating_url
from tests.conftest import Cast
from tests.demands.helpers import in_state
from tests.evaluations.helpers import application

pytestmark = pytest.mark.django_db


def rate(api: Any, user: Any, subject_type: str, subject_id: int, level: int, **extra: Any) -> Any:
    return api(user).post("/ratings", {"subject_type": subject_type, "subject_id": subject_id, "level": level, **extra})


def test_reasons_follow_the_level(cast: Cast, api: Any) -> None:
    good = api(cast.enterprise_user).get("/rating-reasons", level="5").json()["items"]
    bad = api(cast.enterprise_user).get("/rating-reasons", level="1").json()["items"]
    assert [r["code"] for r in good] == [r["code"] for r in bad]
    assert {r["code"] for r in good} == {
        "overall", "efficiency", "guide", "convenience", "platform", "service_efficiency", "service_level", "attitude"
    }  # fmt: skip
    labels = {r["code"]: r["label"] for r in bad}
    assert labels["attitude"] == "服务态度差" and {r["code"]: r["label"] for r in good}["attitude"] == "服务态度热情"
    onsite = api(cast.enterprise_user).get("/rating-reasons", level="2", channel="onsite").json()["items"]
    assert [r["code"] for r in onsite] == ["service_efficiency", "service_level", "attitude"]
    for wrong in ("0", "6", "x", ""):
        res = api(cast.enterprise_user).get("/rating-reasons", level=wrong)
        assert res.status_code == 422 and res.json()["errors"][0]["field"] == "level"


def test_the_enterprise_served_rates_once_after_the_result(cast: Cast, api: Any) -> None:
    undecided = application(cast, decide=False)
    res = rate(api, cast.enterprise_user, "application", undecided.pk, 4)
    assert res.status_code == 409 and "尚未作出审批决定" in res.json()["detail"]
    assert not Rating.objects.exists()

    decided = application(cast)
    for user in (cast.dispatcher, cast.handler, cast.window, cast.officer, cast.supervisor, cast.admin):
        assert rate(api, user, "application", decided.pk, 5).status_code == 403
    other_user = cast.enterprise_user.__class__.objects.create_user(
        username="other-ent-user", password="x-pass-2026", role="enterprise", enterprise=cast.other_ent
    )
    assert rate(api, other_user, "application", decided.pk, 5).status_code == 404
    assert rate(api, cast.enterprise_user, "application", 999999, 5).status_code == 404
    bad_reason = rate(api, cast.enterprise_user, "application", decided.pk, 5, reasons=["nonsense"])
    assert bad_reason.status_code == 422 and bad_reason.json()["errors"][0]["field"] == "reasons"
    assert not Rating.objects.exists()

    res = rate(api, cast.enterprise_user, "application", decided.pk, 5, reasons=["efficiency"], comment="很快")
    assert res.status_code == 201, res.content
    body = res.json()
    assert body["level"] == 5 and body["department_id"] == cast.market.pk and body["staff_id"] == cast.handler.pk
    assert body["rectification_id"] is None
    again = rate(api, cast.enterprise_user, "application", decided.pk, 3)
    assert again.status_code == 409 and "只能评价一次" in again.json()["detail"]
    assert Rating.objects.count() == 1


def test_a_level_two_rating_opens_a_case_due_in_fifteen_working_days(cast: Cast, api: Any) -> None:
    decided = application(cast)
    # Friday 2026-11-06: 15 working days later is Friday 2026-11-27 (no holiday in between).
    with time_machine.travel(dt.datetime(2026, 11, 6, 10, tzinfo=SHANGHAI), tick=False):
        res = rate(api, cast.enterprise_user, "application", decided.pk, 2, reasons=["efficiency"], comment="太慢")
    assert res.status_code == 201
    case = Rectification.objects.get(rating_id=res.json()["id"])
    assert case.status == "open" and case.department_id == cast.market.pk
    assert case.due_at.astimezone(SHANGHAI).date() == dt.date(2026, 11, 27)
    assert res.json()["rectification_id"] == case.pk
    # The unit is told.
    assert Notification.objects.filter(recipient=cast.handler, title__contains="收到差评").exists()
    detail = api(cast.head).get(f"/rectifications/{case.pk}").json()
    assert detail["status"] == "open" and detail["rating_id"] == res.json()["id"]
    assert detail["due_at"].startswith("2026-11-27") and detail["timeline"][0]["action"] == "open"


def test_a_good_rating_opens_no_case(cast: Cast, api: Any) -> None:
    decided = application(cast)
    assert rate(api, cast.enterprise_user, "application", decided.pk, 3).status_code == 201
    assert not Rectification.objects.exists()


def test_summary_counts_levels_and_leaves_out_excluded(cast: Cast, api: Any) -> None:
    ratings = []
    for level in (5, 4, 2, 1):
        a = application(cast)
        res = rate(api, cast.enterprise_user, "application", a.pk, level)
        assert res.status_code == 201
        ratings.append(res.json())
    summary = api(cast.dispatcher).get("/ratings/summary").json()
    assert summary["count"] == 4 and summary["by_level"] == {"1": 1, "2": 1, "3": 0, "4": 1, "5": 1}
    assert summary["satisfaction_rate"] == 0.5 and summary["bad_count"] == 2 and summary["excluded"] == 0
    assert summary["callback_rate"] == 0 and summary["rectified_on_time_rate"] == 0

    worst = Rectification.objects.get(rating_id=ratings[3]["id"])
    head = api(cast.head)
    assert head.post(f"/rectifications/{worst.pk}/callback", {"note": "企业称误点"}).status_code == 200
    assert head.post(f"/rectifications/{worst.pk}/appeal", {"reason": "企业确认误评"}).status_code == 200
    res = api(cast.dispatcher).post(f"/rectifications/{worst.pk}/decide_appeal", {"exclude": True, "note": "属实"})
    assert res.status_code == 200 and res.json()["status"] == "excluded"
    summary = api(cast.dispatcher).get("/ratings/summary").json()
    assert summary["count"] == 3 and summary["by_level"]["1"] == 0 and summary["excluded"] == 1
    assert summary["bad_count"] == 1 and summary["satisfaction_rate"] == round(2 / 3, 4)
    assert summary["callback_rate"] == 0  # the excluded one no longer counts, called back or not

    # A department's staff read their own unit's figures only; the enterprise and others none.
    assert api(cast.head).get("/ratings/summary").json()["count"] == 3
    assert api(cast.head).get("/ratings/summary", department_id=str(cast.tax.pk)).status_code == 404
    assert api(cast.dispatcher).get("/ratings/summary", department_id=str(cast.tax.pk)).json()["count"] == 0
    for user in (cast.enterprise_user, cast.window, cast.officer, cast.liaison, cast.outsider):
        assert api(user).get("/ratings/summary").status_code in (401, 403)
    assert api(cast.dispatcher).get("/ratings/summary", **{"from": "2026-13-01"}).status_code == 422
    future = (timezone.localdate() + dt.timedelta(days=40)).isoformat()
    assert api(cast.dispatcher).get("/ratings/summary", **{"from": future}).json()["count"] == 0


def test_demand_follow_up_is_the_demand_rating_counted_once(cast: Cast, api: Any) -> None:
    replied = in_state(cast, "replied")
    demand_services.demand_visit(actor=cast.dispatcher, demand_id=replied.pk, satisfaction="unsatisfied")
    rating = Rating.objects.get(subject_type="demand", subject_id=replied.pk)
    assert rating.level == 2 and rating.department_id == cast.market.pk
    assert Rectification.objects.filter(rating=rating).exists()
    # Reopened, replied again, followed up again: still one rating.
    demand_services.demand_reply(actor=cast.handler, demand_id=replied.pk, content="已补充答复")
    demand_services.demand_visit(actor=cast.dispatcher, demand_id=replied.pk, satisfaction="satisfied")
    assert Rating.objects.filter(subject_type="demand", subject_id=replied.pk).count() == 1
    assert rate(api, cast.enterprise_user, "demand", replied.pk, 5).status_code == 409


def test_rating_a_replied_demand_answers_its_follow_up(cast: Cast, api: Any) -> None:
    replied = in_state(cast, "replied")
    assert rate(api, cast.enterprise_user, "demand", in_state(cast, "in_progress").pk, 5).status_code == 409
    res = rate(api, cast.enterprise_user, "demand", replied.pk, 5, reasons=["overall"])
    assert res.status_code == 201
    replied.refresh_from_db()
    assert replied.status == "closed" and replied.satisfaction == "very_satisfied"
    assert Rating.objects.filter(subject_type="demand").count() == 1


def test_the_link_rates_without_login_for_fourteen_days(cast: Cast) -> None:
    decided = application(cast)
    # The decision's notification carries the link.
    note = Notification.objects.filter(recipient=cast.enterprise_user, title__contains="请对本次服务作出评价").get()
    assert "/r/" in note.link
    url = rating_url("application", decided.pk)
    path = url[url.index("/r/") :]
    client = Client()
    page = client.get(path)
    assert page.status_code == 200 and "您对本次服务满意吗" in page.content.decode()
    res = client.post(path, {"level": "2", "reasons": ["efficiency"], "comment": "等太久"})
    assert res.status_code == 302
    rating = Rating.objects.get(subject_type="application", subject_id=decided.pk)
    assert rating.level == 2 and rating.rated_by is None and rating.enterprise_id == cast.ent.pk
    assert "感谢您的评价" in client.get(path).content.decode()
    assert client.post(path, {"level": "5"}).status_code == 200
    assert Rating.objects.get(pk=rating.pk).level == 2
    with time_machine.travel(dt.datetime.now(tz=SHANGHAI) + dt.timedelta(days=15)):
        assert client.get(path).status_code == 404
    assert Client().get("/r/forged-token/").status_code == 404


def test_the_link_form_shows_field_errors(cast: Cast) -> None:
    decided = application(cast)
    url = rating_url("application", decided.pk, "onsite")
    path = url[url.index("/r/") :]
    page = Client().post(path, {"comment": "没选等级"})
    assert page.status_code == 200 and 'id="error-level"' in page.content.decode()
    assert not Rating.objects.exists()
