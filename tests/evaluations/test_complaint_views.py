"""The pages of complaints and officers' evaluation: naming a complaint with per-field Chinese errors, running a
study, the monthly analysis (A4 print, .xlsx), the scorecards, sending and answering a questionnaire, importing a
third party's results, and the sidebar entries, each for the roles that may open them."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.utils import timezone
from python_calamine import CalamineWorkbook

from qifu.evaluations.models import Complaint, SpecialStudy, SurveyResponse
from tests.conftest import Cast
from tests.evaluations.complaint_helpers import complaint_demand, named

pytestmark = pytest.mark.django_db


def test_the_window_names_a_complaint_on_its_page(cast: Cast, page_client: Any) -> None:
    demand = complaint_demand(cast)
    client = page_client(cast.window)
    index = client.get("/evaluations/complaints/")
    assert index.status_code == 200 and demand.number in index.content.decode()
    url = f"/evaluations/complaints/name/{demand.pk}/"
    bad = client.post(url, {"department_id": "", "subject": "x" * 101})
    text = bad.content.decode()
    assert bad.status_code == 422 and "请更正以下内容" in text
    assert "被投诉单位" in text and "投诉事项" in text
    assert not Complaint.objects.exists()
    ok = client.post(url, {"department_id": cast.market.pk, "subject": "执照变更", "major": "1"})
    assert ok.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.major and complaint.department == cast.market
    assert SpecialStudy.objects.get().trigger == "major"
    assert page_client(cast.enterprise_user).get(url).status_code == 403
    assert page_client(cast.handler).get(url).status_code == 403


def test_a_study_runs_on_its_page(cast: Cast, page_client: Any) -> None:
    for _ in range(3):
        named(cast)
    study = SpecialStudy.objects.get()
    client = page_client(cast.dispatcher)
    page = client.get(f"/evaluations/complaints/studies/{study.pk}/")
    assert page.status_code == 200 and "分析原因" in page.content.decode()
    empty = client.post(f"/evaluations/complaints/studies/{study.pk}/analyse/", {"cause": " "})
    assert empty.status_code == 422 and "原因分析" in empty.content.decode()
    client.post(f"/evaluations/complaints/studies/{study.pk}/analyse/", {"cause": "标准不一"})
    later = str(timezone.localdate() + dt.timedelta(days=7))
    client.post(f"/evaluations/complaints/studies/{study.pk}/plan/", {"measures": "公示要点", "check_on": later})
    no_choice = client.post(f"/evaluations/complaints/studies/{study.pk}/check/", {"effect": "好转"})
    assert no_choice.status_code == 422 and "措施是否有效" in no_choice.content.decode()
    client.post(f"/evaluations/complaints/studies/{study.pk}/check/", {"effect": "好转", "effective": "true"})
    study.refresh_from_db()
    assert study.status == "closed" and study.cause == "标准不一" and study.effect == "好转"
    assert page_client(cast.officer).get(f"/evaluations/complaints/studies/{study.pk}/").status_code == 403
    assert page_client(cast.handler).get(f"/evaluations/complaints/studies/{study.pk}/").status_code == 200


def test_the_monthly_analysis_prints_on_a4_and_exports(cast: Cast, page_client: Any) -> None:
    named(cast, title="营业执照变更材料被反复退回")
    named(cast, title="营业执照变更材料多次退回")
    client = page_client(cast.supervisor)
    month = timezone.localdate().strftime("%Y-%m")
    page = client.get("/evaluations/complaints/analysis/", {"month": month})
    text = page.content.decode()
    assert page.status_code == 200 and "size: A4" in text and "@media print" in text
    assert "营业执照变更材料被反复退回" in text and cast.market.name in text
    export = client.get("/evaluations/complaints/analysis.xlsx", {"month": month})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0).to_python()
    assert rows[0][:4] == ["台账", "类别", "共性问题", "件数"]
    assert rows[1][0] == "办不成事反映窗口" and rows[1][3] == 2
    assert page_client(cast.enterprise_user).get("/evaluations/complaints/analysis/").status_code == 403


def test_officer_pages_and_the_enterprises_answer(cast: Cast, page_client: Any) -> None:
    centre = page_client(cast.dispatcher)
    assert centre.get("/evaluations/officers/").status_code == 200
    today = timezone.localdate()
    bad = centre.post("/evaluations/officers/surveys/new/", {"officer_id": "", "period_start": "x"})
    assert bad.status_code == 422 and "助企干部" in bad.content.decode()
    ok = centre.post(
        "/evaluations/officers/surveys/new/",
        {
            "officer_id": cast.officer.pk,
            "period_start": str(today - dt.timedelta(days=30)),
            "period_end": str(today),
            "closes_on": str(today + dt.timedelta(days=7)),
        },
    )
    assert ok.status_code == 302
    sheet = SurveyResponse.objects.get()
    survey_page = centre.get(ok["Location"])
    assert survey_page.status_code == 200 and sheet.token in survey_page.content.decode()
    ent = page_client(cast.enterprise_user)
    assert sheet.token not in ent.get("/evaluations/surveys/").content.decode()
    partial = ent.post(f"/evaluations/surveys/answer/{sheet.pk}/", {"ability": "5"})
    assert partial.status_code == 422 and "服务态度" in partial.content.decode()
    answers = dict.fromkeys(("ability", "attitude", "efficiency", "satisfaction", "plan", "process", "on_time"), "4")
    done = ent.post(f"/evaluations/surveys/answer/{sheet.pk}/", {**answers, "complaint_handling": "5"})
    assert done.status_code == 302
    sheet.refresh_from_db()
    assert sheet.complaint_handling == 5 and sheet.answered_by == cast.enterprise_user
    card = page_client(cast.officer).get(f"/evaluations/officers/{cast.officer.pk}/")
    assert card.status_code == 200 and "计算方法" in card.content.decode()
    assert page_client(cast.officer).get(f"/evaluations/officers/{cast.other_officer.pk}/").status_code == 404
    assert centre.get("/evaluations/officers/windows/").status_code == 200
    assert centre.get("/evaluations/officers/third-party/template.xlsx").status_code == 200
    failed = centre.post("/evaluations/officers/third-party/", {})
    assert failed.status_code == 422 and "请选择要导入的 .xlsx 文件" in failed.content.decode()
    assert page_client(cast.window).get("/evaluations/officers/").status_code == 403


def test_sidebar_entries_follow_the_role(cast: Cast, page_client: Any) -> None:
    def menu(user: Any) -> str:
        return str(page_client(user).get("/").content.decode())

    assert "投诉分析" in menu(cast.dispatcher) and "干部评价" in menu(cast.dispatcher)
    assert "投诉分析" in menu(cast.window) and "干部评价" not in menu(cast.window)
    assert "干部评价" in menu(cast.officer) and "投诉分析" not in menu(cast.officer)
    enterprise = menu(cast.enterprise_user)
    assert "评价问卷" in enterprise and "投诉分析" not in enterprise


def test_the_workbench_lists_complaints_to_name_and_questionnaires_to_answer(cast: Cast, page_client: Any) -> None:
    complaint_demand(cast)
    assert "待认定投诉对象" in page_client(cast.window).get("/").content.decode()
    today = timezone.localdate()
    page_client(cast.dispatcher).post(
        "/evaluations/officers/surveys/new/",
        {
            "officer_id": cast.officer.pk,
            "period_start": str(today - dt.timedelta(days=30)),
            "period_end": str(today),
            "closes_on": str(today + dt.timedelta(days=7)),
        },
    )
    assert "待填写的助企干部评价问卷" in page_client(cast.enterprise_user).get("/").content.decode()
    assert "待填写的助企干部评价问卷" not in page_client(cast.dispatcher).get("/").content.decode()
