"""Officers' evaluation (003 §7.1): a questionnaire to the officer's enterprises answered online or through a
no-login link, a third party's results imported from .xlsx (all rows or none), and scorecards whose figures come
from the officer's own records. Through the API, for the roles that may and those that may not."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import xlsxwriter
from django.test import Client
from django.utils import timezone

from qifu.evaluations.models import Rating, Survey, SurveyResponse, ThirdPartyResult
from qifu.lifecycle.models import Visit
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
START = TODAY - dt.timedelta(days=60)
ANSWERS = {
    "ability": 5,
    "attitude": 5,
    "efficiency": 4,
    "satisfaction": 5,
    "plan": 4,
    "process": 4,
    "on_time": 3,
    "complaint_handling": 4,
}


def survey_body(cast: Cast, **extra: Any) -> dict[str, Any]:
    return {
        "officer_id": cast.officer.pk,
        "period_start": str(START),
        "period_end": str(TODAY),
        "closes_on": str(TODAY + dt.timedelta(days=14)),
        **extra,
    }


def test_the_centre_sends_a_questionnaire_to_the_officers_enterprises(cast: Cast, api: Any) -> None:
    res = api(cast.dispatcher).post("/surveys", survey_body(cast))
    assert res.status_code == 201, res.content
    body = res.json()
    assert body["sent"] == 1 and body["answered"] == 0  # the officer stewards one enterprise
    sheet = SurveyResponse.objects.get(survey_id=body["id"])
    assert sheet.enterprise == cast.ent and len(sheet.token) >= 20
    assert cast.enterprise_user.notifications.filter(title__contains="请评价助企干部").exists()
    assert api(cast.dispatcher).post("/surveys", survey_body(cast)).status_code == 409
    bad = api(cast.dispatcher).post("/surveys", survey_body(cast, period_end=str(START - dt.timedelta(days=1))))
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "period_end"


@pytest.mark.parametrize("role", ["window_staff", "service_officer", "department_head", "supervisor", "enterprise"])
def test_roles_that_may_not_send_a_questionnaire(cast: Cast, api: Any, role: str) -> None:
    assert api(cast.by_role()[role]).post("/surveys", survey_body(cast)).status_code == 403
    assert not Survey.objects.exists()


def test_the_enterprise_answers_online_once(cast: Cast, api: Any) -> None:
    api(cast.dispatcher).post("/surveys", survey_body(cast))
    mine = api(cast.enterprise_user).get("/survey-answers").json()["items"]
    assert len(mine) == 1 and mine[0]["answered"] is False and len(mine[0]["questions"]) == 8
    sheet_id = mine[0]["id"]
    missing = api(cast.enterprise_user).post(f"/survey-answers/{sheet_id}", {**ANSWERS, "on_time": 6})
    assert missing.status_code == 422 and missing.json()["errors"][0]["field"] == "on_time"
    res = api(cast.enterprise_user).post(f"/survey-answers/{sheet_id}", {**ANSWERS, "comment": "很好"})
    assert res.status_code == 200 and res.json()["answered"] is True and res.json()["answers"]["on_time"] == 3
    assert SurveyResponse.objects.get(pk=sheet_id).via == "online"
    assert api(cast.enterprise_user).post(f"/survey-answers/{sheet_id}", ANSWERS).status_code == 409
    # Another enterprise's user, and staff, cannot answer it.
    other = type(cast.enterprise_user).objects.create_user(
        username="e2", password="x", role="enterprise", enterprise=cast.other_ent
    )
    assert api(other).post(f"/survey-answers/{sheet_id}", ANSWERS).status_code == 404
    assert api(cast.dispatcher).get("/survey-answers").status_code == 403


def test_the_no_login_link_answers_without_an_account(cast: Cast, api: Any) -> None:
    api(cast.dispatcher).post("/surveys", survey_body(cast))
    sheet = SurveyResponse.objects.get()
    anonymous = api(None)
    res = anonymous.get(f"/survey-links/{sheet.token}")
    assert res.status_code == 200 and res.json()["officer_name"] == cast.officer.display_name
    assert anonymous.get("/survey-links/not-a-token").status_code == 404
    res = anonymous.post(f"/survey-links/{sheet.token}", ANSWERS)
    assert res.status_code == 200
    sheet.refresh_from_db()
    assert sheet.via == "link" and sheet.answered_by is None and sheet.satisfaction == 5
    assert anonymous.post(f"/survey-links/{sheet.token}", ANSWERS).status_code == 409
    # The page works the same way.
    page = Client().get(f"/evaluations/survey/{sheet.token}/")
    assert page.status_code == 200 and "已于" in page.content.decode()


def _xlsx(rows: list[list[Any]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    header = ["助企干部账号", "评价机构", "评价期间起", "评价期间止"]
    header += ["a) 业务能力、服务态度、服务效率、企业满意度", "b) 服务方案的合理性、完整性", "c) 服务过程的规范性"]
    header += ["d) 服务事项的按时办结情况", "e) 投诉、意见建议处理的及时性", "综合得分", "备注"]
    for c, h in enumerate(header):
        sheet.write(0, c, h)
    for r, row in enumerate(rows, start=1):
        for c, v in enumerate(row):
            sheet.write(r, c, v)
    book.close()
    return out.getvalue()


def _upload(client: Any, content: bytes) -> Any:
    return client.client.post(
        "/api/v1/third-party-results/import",
        {"file": _named(content)},
        **client.headers,
    )


def _named(content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("结果.xlsx", content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


GOOD = ["officer", "第三方评估中心", str(START), str(TODAY), 90, 85, 88, 92, 80, 87.5, ""]


def test_a_third_partys_results_import_all_rows_or_none(cast: Cast, api: Any) -> None:
    bad = _xlsx([GOOD, ["nobody", "", "2026-13-01", str(TODAY), 101, 85, 88, 92, 80, "x", ""]])
    res = _upload(api(cast.dispatcher), bad)
    assert res.status_code == 422
    messages = [e["message"] for e in res.json()["errors"]]
    assert all(e["field"] == "file" for e in res.json()["errors"])
    assert "第3行：助企干部账号“nobody”不是助企干部账号" in messages
    assert "第3行：评价机构应填写（不超过100字）" in messages
    assert "第3行：评价期间起应为日期，如 2026-01-01" in messages
    assert any(m.startswith("第3行：a) 业务能力") and "0到100" in m for m in messages)
    assert any(m.startswith("第3行：综合得分") for m in messages)
    assert not ThirdPartyResult.objects.exists()  # the good row 2 was not written either
    res = _upload(api(cast.dispatcher), _xlsx([GOOD]))
    assert res.status_code == 201 and res.json() == {"imported": 1}
    result = ThirdPartyResult.objects.get()
    assert result.officer == cast.officer and float(result.overall) == 87.5
    again = _upload(api(cast.dispatcher), _xlsx([GOOD]))
    assert again.status_code == 422 and "已导入" in again.json()["errors"][0]["message"]
    for role in ("window_staff", "service_officer", "supervisor", "enterprise"):
        assert _upload(api(cast.by_role()[role]), _xlsx([GOOD])).status_code == 403
    listed = api(cast.officer).get("/third-party-results").json()["items"]
    assert [r["overall"] for r in listed] == [87.5]
    assert api(cast.other_officer).get("/third-party-results").json()["items"] == []


def test_an_officers_scorecard_is_drawn_from_the_officers_own_records(cast: Cast, api: Any) -> None:
    api(cast.officer).post(
        f"/enterprises/{cast.ent.pk}/visits",
        {"visited_on": str(TODAY - dt.timedelta(days=3)), "mode": "onsite", "situation": "生产正常"},
    )
    api(cast.officer).post(
        f"/enterprises/{cast.ent.pk}/visits",
        {"visited_on": str(TODAY - dt.timedelta(days=1)), "mode": "phone", "situation": "电话回访"},
    )
    Rating.objects.create(
        subject_type="demand",
        subject_id=1,
        enterprise=cast.ent,
        staff=cast.officer,
        level=5,
        rated_by=cast.enterprise_user,
    )
    Rating.objects.create(
        subject_type="demand",
        subject_id=2,
        enterprise=cast.ent,
        staff=cast.officer,
        level=2,
        rated_by=cast.enterprise_user,
    )
    api(cast.dispatcher).post("/surveys", survey_body(cast))
    sheet = SurveyResponse.objects.get()
    api(None).post(f"/survey-links/{sheet.token}", ANSWERS)
    _upload(api(cast.dispatcher), _xlsx([GOOD]))
    res = api(cast.officer).get(
        f"/officer-evaluations/officers/{cast.officer.pk}", **{"from": str(START), "to": str(TODAY)}
    )
    assert res.status_code == 200, res.content
    figures = {f["key"]: f for f in res.json()["figures"]}
    assert figures["visits"]["value"] == 2
    assert figures["satisfaction_rate"]["value"] == 0.5 and figures["bad_count"]["value"] == 1
    assert figures["survey_score"]["value"] == round(sum(ANSWERS.values()) / 8 * 20, 1)
    assert figures["survey_on_time"]["value"] == 3
    assert figures["third_party"]["value"] == 87.5
    assert all(f["how"] for f in figures.values())
    # A period before all of it shows none of it.
    early = api(cast.officer).get(
        f"/officer-evaluations/officers/{cast.officer.pk}", **{"from": "2020-01-01", "to": "2020-12-31"}
    )
    early_figures = {f["key"]: f["value"] for f in early.json()["figures"]}
    assert early_figures["visits"] == 0 and early_figures["survey_score"] is None
    assert Visit.objects.count() == 2


def test_who_sees_which_scorecard(cast: Cast, api: Any) -> None:
    cast.officer.department = cast.market
    cast.officer.save(update_fields=["department"])
    path = f"/officer-evaluations/officers/{cast.officer.pk}"
    for user in (cast.officer, cast.dispatcher, cast.supervisor, cast.admin, cast.head):
        assert api(user).get(path).status_code == 200
    assert api(cast.other_officer).get(path).status_code == 404
    assert api(cast.enterprise_user).get(path).status_code == 403
    assert api(cast.window).get(path).status_code == 403
    dep = f"/officer-evaluations/departments/{cast.market.pk}"
    assert api(cast.head).get(dep).status_code == 200
    assert api(cast.head).get(f"/officer-evaluations/departments/{cast.tax.pk}").status_code == 404
    assert api(cast.officer).get(dep).status_code == 404
    windows = api(cast.dispatcher).get("/officer-evaluations/windows").json()["items"]
    assert [w["id"] for w in windows] == [cast.window.pk]
    assert api(cast.head).get("/officer-evaluations/windows").json()["items"] == []
    assert api(cast.dispatcher).get(path, **{"from": "2026-05-01", "to": "2026-04-01"}).status_code == 422
    assert api(cast.dispatcher).get("/surveys").status_code == 200
    assert api(cast.window).get("/surveys").status_code == 403


def test_a_questionnaire_and_the_third_party_list_for_those_who_may_not_see_them(cast: Cast, api: Any) -> None:
    survey_id = api(cast.dispatcher).post("/surveys", survey_body(cast)).json()["id"]
    assert api(cast.dispatcher).get(f"/surveys/{survey_id}").json()["sent"] == 1
    assert api(cast.officer).get(f"/surveys/{survey_id}").status_code == 200  # about the officer
    for user in (cast.other_officer, cast.enterprise_user, cast.window, cast.handler):
        assert api(user).get(f"/surveys/{survey_id}").status_code == 404
    for user in (cast.enterprise_user, cast.window, cast.handler):
        assert api(user).get("/third-party-results").status_code == 403
    assert api(None).get(f"/surveys/{survey_id}").status_code == 401
