"""A key project in Chromium with the test cast: the dispatcher registers it ("三个一") with dated milestones, one
already past its planned date; the project turns 滞后; the periodic reminder tells the specialist once; the
specialist finds it on the workbench, opens it and completes the milestone, and the project is on time again."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from qifu.core.models import Notification
from qifu.projects.models import Milestone, Project
from qifu.projects.services import remind_stalled
from tests.browser.conftest import login, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NAME = "宏达五金年产3万吨不锈钢制品扩建项目"


def logout(page: Any) -> None:
    page.click(".qf-top >> text=退出")
    page.wait_for_url("**/login/")


def test_a_project_milestone_turns_stalled_and_reaches_the_specialist(cast: Any, page: Any) -> None:
    today = timezone.localdate()
    signed_on = today - dt.timedelta(days=40)
    land_on = today - dt.timedelta(days=3)

    # The dispatcher registers the project with its "三个一" and the dates of its first milestones.
    login(page, "dispatcher")
    page.goto("/projects/")  # the sidebar's 重点项目 (folded behind the menu button on a phone)
    page.click("#new-project")
    page.fill("#name", NAME)
    page.select_option("#enterprise_id", str(cast.ent.pk))
    page.fill("#investment", "32000")
    page.fill("#leader_name", "区委常委、常务副区长 陈伟明")
    page.select_option("#department_id", str(cast.market.pk))
    page.select_option("#specialist_id", str(cast.officer.pk))
    page.fill("#m0_planned_on", signed_on.isoformat())
    page.fill("#m1_planned_on", land_on.isoformat())
    page.fill("#m2_planned_on", (today + dt.timedelta(days=60)).isoformat())
    shot(page, "project-form")
    page.click("#save-project")
    page.wait_for_selector("#milestones")
    project = Project.objects.get(name=NAME)
    assert project.specialist == cast.officer and project.milestones.count() == 3

    # 签约 is done; 立项用地 is three days past its planned date: the project is 滞后.
    signed = project.milestones.get(name="签约")
    page.fill(f"#milestone-{signed.pk} input[name=done_on]", (signed_on + dt.timedelta(days=2)).isoformat())
    page.click(f"#done-{signed.pk}")
    page.wait_for_selector("text=节点“签约”已完成")
    land = project.milestones.get(name="立项用地")
    assert page.locator(f"#milestone-{land.pk}").inner_text().count("滞后 3 天") == 1
    assert page.locator("#project-stalled").is_visible()
    page.goto("/projects/?stalled=1")
    assert "共 1 个滞后项目" in page.locator("#project-total").inner_text()
    logout(page)

    # The periodic job reminds the specialist, once.
    assert remind_stalled() == {"reminded": 1}
    assert remind_stalled() == {"reminded": 0}
    assert Notification.objects.filter(recipient=cast.officer, title__startswith="重点项目节点滞后").count() == 1

    # The specialist: the stalled project on the workbench, opened and brought back on time.
    login(page, "officer")
    todo = page.locator("[data-todo='我负责的滞后重点项目']")
    assert todo.locator(".n").inner_text() == "1"
    shot(page, "project-workbench")
    todo.click()
    page.click(f"text={NAME}")
    page.wait_for_selector("#milestones")
    shot(page, "project-detail")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "project-detail-390")
    page.fill(f"#milestone-{land.pk} input[name=note]", "已取得不动产权证书")
    page.click(f"#done-{land.pk}")
    page.wait_for_selector("text=节点“立项用地”已完成")
    assert page.locator("#project-stalled").count() == 0
    land = Milestone.objects.get(pk=land.pk)
    assert land.status == "done" and land.done_on == today and land.note == "已取得不动产权证书"
    page.goto("/")
    assert page.locator("[data-todo='我负责的滞后重点项目'] .n").inner_text() == "0"
    page.goto("/projects/")
    shot(page, "project-list-390")
