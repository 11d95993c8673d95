"""Complaints and officers' evaluation in Chromium: the window names the unit of a third complaint against it,
which opens a special study; the centre records its cause, measures and the check of their effect and prints the
month's analysis; an enterprise answers the questionnaire about its officer through the no-login link."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from qifu.evaluations import officer_services
from qifu.evaluations.models import SpecialStudy, SurveyResponse
from qifu.evaluations.officer_schemas import SurveyIn
from tests.browser.conftest import login, menu, shot
from tests.conftest import Cast
from tests.evaluations.complaint_helpers import complaint_demand, named

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_third_complaint_opens_a_study_that_runs_to_its_check(cast: Cast, page: Any) -> None:
    named(cast, title="营业执照变更材料被反复退回", subject="营业执照变更")
    named(cast, title="营业执照变更材料多次退回", subject="营业执照变更")
    third = complaint_demand(cast, title="执照变更窗口要求补交已交过的材料")
    login(page, "window")
    menu(page, "投诉分析")
    page.wait_for_selector("#unnamed table")
    shot(page, "complaints-index")
    page.locator(f"#unnamed tr:has-text('{third.number}')").locator("text=认定投诉对象").click()
    page.wait_for_selector("#name-form")
    page.click("#save-name")  # no unit chosen: the page says which field
    page.wait_for_selector(".alert-danger")
    assert "被投诉单位" in page.inner_text(".alert-danger")
    page.select_option("#department_id", str(cast.market.pk))
    page.fill("#subject", "营业执照变更")
    shot(page, "complaints-name")
    page.click("#save-name")
    page.wait_for_selector("#studies table")
    assert "已纳入专题研究" in page.content()
    study = SpecialStudy.objects.get(key=f"unit:{cast.market.pk}")

    page.context.clear_cookies()
    login(page, "dispatcher")
    page.goto(f"/evaluations/complaints/studies/{study.pk}/")
    page.fill("#cause", "窗口对变更登记材料的审查标准理解不一，退回意见未写明依据。")
    page.click("#save-cause")
    page.wait_for_selector("#measures")
    page.fill("#measures", "编制审查要点并公示；退回须一次性列明全部问题和依据。")
    page.fill("#check_on", str(timezone.localdate() + dt.timedelta(days=30)))
    page.click("#save-measures")
    page.wait_for_selector("#effect")
    page.fill("#effect", "抽查一个月内的变更登记，未再出现重复退回。")
    page.check("#eff-yes")
    page.click("#save-check")
    page.wait_for_selector("#timeline")
    assert page.inner_text("#study-status") == "已检查办结"
    shot(page, "complaints-study")
    study.refresh_from_db()
    assert study.status == "closed" and study.effective is True

    page.goto("/evaluations/complaints/")
    page.click("#analysis-link")
    page.wait_for_selector(".sheet")
    sheet = page.inner_text(".sheet")
    assert "营业执照变更\n" in sheet and "市场监督管理局（3）" in sheet  # the three, one common problem
    shot(page, "complaints-analysis")


def test_an_enterprise_answers_the_questionnaire_through_its_link(cast: Cast, page: Any) -> None:
    today = timezone.localdate()
    officer_services.survey_send(
        actor=cast.dispatcher,
        payload=SurveyIn(
            officer_id=cast.officer.pk,
            period_start=today - dt.timedelta(days=90),
            period_end=today,
            closes_on=today + dt.timedelta(days=14),
        ),
    )
    sheet = SurveyResponse.objects.get()
    page.goto(f"/evaluations/survey/{sheet.token}/")
    page.wait_for_selector("#answer-form")
    page.click("#submit-answer")  # nothing chosen: each question says so
    page.wait_for_selector(".alert-danger")
    for field in ("ability", "attitude", "efficiency", "satisfaction", "plan", "process", "on_time"):
        page.check(f"#q-{field} input[value='5']")
    shot(page, "survey-answer")
    page.click("#submit-answer")
    page.wait_for_selector(".alert-danger")
    assert "投诉、意见建议处理的及时性" in page.inner_text(".alert-danger")
    page.check("#q-complaint_handling input[value='4']")
    page.click("#submit-answer")
    page.wait_for_selector("#thanks")
    sheet.refresh_from_db()
    assert sheet.via == "link" and sheet.ability == 5 and sheet.complaint_handling == 4

    login(page, "officer")
    menu(page, "干部评价")
    page.wait_for_selector("#officer-cards table")
    page.locator("#officer-cards a").first.click()
    page.wait_for_selector(".evaluation-card")
    assert "企业问卷得分" in page.content() and "计算方法" in page.content()
    shot(page, "officer-scorecard")
