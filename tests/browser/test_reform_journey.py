"""A reform task in Chromium with the test cast: the 专班 office has the task on the list, late and red; the
market department's head opens it from the sidebar, reports progress with a file, is told by the field when the
percent goes back, and reports it done; the office then prints the progress table (A4 landscape) and opens the
scorecards and the classes of problems."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.utils import timezone

from qifu.supervision.models import ReformAttachment, ReformTask
from tests.browser.conftest import login, menu, shot
from tests.supervision.reform_helpers import make_task

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page: Any) -> None:
    page.click(".qf-top >> text=退出")
    page.wait_for_url("**/login/")


def test_a_lead_unit_reports_progress_on_a_reform_task(cast: Any, page: Any) -> None:
    late = make_task(cast, number=23, due_on=timezone.localdate() - dt.timedelta(days=3))
    make_task(cast, number=24, title="拓展金融服务,助力资金融通", lead_department_ids=[cast.tax.pk])

    login(page, "head")
    menu(page, "改革任务")
    page.wait_for_selector("#reform-table")
    row = page.locator("#reform-table tr[data-number='23']")
    assert "已逾期" in row.inner_text() and "qf-late" in (row.get_attribute("class") or "")
    assert page.locator("#reform-table tr[data-number='24']").count() == 0  # another unit's task
    shot(page, "reform-list")
    row.locator("a").click()
    page.wait_for_selector("#report-form")

    page.fill("#percent", "40")
    page.fill("#note", "已开展知识产权培训两场，专利质押融资对接会已筹备")
    page.set_input_files(
        "#files", files=[{"name": "培训签到表.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n"}]
    )
    page.click("#report-submit")
    page.wait_for_selector("text=已报送进展：完成 40%")
    assert page.locator("#task-percent").inner_text() == "40%"
    assert "培训签到表.pdf" in page.locator("#reports").inner_text()
    assert ReformAttachment.objects.filter(progress__task=late).count() == 1

    page.fill("#percent", "20")
    page.fill("#note", "误报")
    page.click("#report-submit")
    error = page.locator("[data-error='percent']")
    assert "不能低于上次报送的 40%" in error.inner_text()
    shot(page, "reform-report-error")

    page.fill("#percent", "100")
    page.fill("#note", "全部完成")
    page.click("#report-submit")
    page.wait_for_selector("text=任务已完成")
    assert page.locator("#task-status").inner_text() == "已完成"
    assert page.locator("#report-form").count() == 0
    late.refresh_from_db()
    assert late.status == "done" and late.percent == 100
    shot(page, "reform-done")
    logout(page)

    login(page, "dispatcher")
    page.goto("/supervision/reform/print/")
    assert "任务清单进展表" in page.locator("h1").inner_text()
    assert re.search(r"共 2 项", page.locator(".sub").inner_text())
    page.emulate_media(media="print")
    data = page.pdf(format="A4", landscape=True, prefer_css_page_size=True)
    page.emulate_media(media="screen")
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", data)) == 1
    assert ReformTask.objects.filter(status="done").count() == 1

    # The office's other pages fit the screen too: the scorecards with their formulas, the classes of problems.
    page.goto("/")
    menu(page, "绩效考核")
    page.wait_for_selector("#scorecards")
    assert "得分 = Σ（权重 × 比率）÷ Σ 权重 × 100" in page.locator("#formula").inner_text()
    shot(page, "assessment")
    menu(page, "一类问题")
    page.wait_for_selector("#recorded-classes")
    shot(page, "classes")
