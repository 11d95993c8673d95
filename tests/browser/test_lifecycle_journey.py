"""Officers' service in Chromium with the demo district: demo-officer visits an enterprise due a visit and raises a
difficulty as a demand, which the centre then sees; a service plan is ended with reason a) of DB4106/T 98 §6; the
officer's key project whose milestone is past its date shows 滞后 (tests/browser/test_project_journey.py follows
a milestone turning 滞后 step by step)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from qifu.demands.models import Demand
from qifu.lifecycle.models import ServicePlan, Visit
from tests.browser.conftest import login, menu, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: Any) -> None:
    call_command("seed_demo")


def test_a_visit_raises_a_demand_a_plan_ends_with_reason_a_and_a_project_is_stalled(demo: None, page: Any) -> None:
    login(page, "demo-officer")
    assert "超过90天未走访的企业" in page.content()
    menu(page, "走访服务")
    page.wait_for_selector("#due table")
    shot(page, "lifecycle-index")
    name = page.locator("#due tbody tr").first.locator("td").first.inner_text()
    page.locator("#due tbody tr").first.locator("text=记录走访").click()
    page.wait_for_selector("#visit-form")
    page.select_option("#mode", "onsite")
    page.fill("#situation", "一季度订单同比增长两成，新生产线正在安装调试。")
    page.fill("#difficulties", "新厂房临时用电迟迟未接入。")
    page.select_option("select[name=demand_category_0]", "utilities")
    page.fill("input[name=demand_title_0]", "新厂房临时用电报装一个月未接入")
    page.fill("textarea[name=demand_content_0]", "影响设备调试，希望协调供电部门加快接入。")
    shot(page, "lifecycle-visit")
    page.click("#save-visit")
    page.wait_for_selector("#lifecycle-panel")
    demand = Demand.objects.get(title="新厂房临时用电报装一个月未接入")
    assert demand.channel == "visit" and demand.enterprise.name == name
    assert "走访已记录并记入企业台账" in page.content() and demand.number in page.content()
    visit = Visit.objects.get(demands=demand)
    assert visit.visitor.username == "demo-officer" and visit.ledger_entry.category == "visit"

    # A running plan, ended with reason a).
    menu(page, "走访服务")
    page.select_option("select[name=status]", "active")
    page.wait_for_url("**status=active*")
    page.locator("#plans tbody tr").first.locator("a").click()
    page.wait_for_selector("#terminate-form")
    plan = ServicePlan.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    page.select_option("#terminate-form select[name=reason_code]", "a")
    page.fill("#terminate-form textarea[name=note]", "企业决定自行办理，主动要求终止帮办代办服务。")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#terminate-form button[type=submit]")
    page.wait_for_selector("#termination")
    assert page.inner_text("#plan-status") == "已终止"
    assert "a) 服务对象主动要求终止" in page.inner_text("#termination")
    plan.refresh_from_db()
    assert plan.status == "terminated" and plan.termination_reason == "a"
    shot(page, "lifecycle-plan")

    # The enterprise's file prints plans, visits and the ledger on A4.
    page.goto(f"/lifecycle/enterprises/{plan.enterprise_id}/file/")
    assert "助企干部企业服务档案" in page.content() and "企业决定自行办理" in page.content()
    shot(page, "lifecycle-file")

    # The officer is also the specialist of demo key projects: one whose milestone is past its planned date has
    # turned 滞后 and waits on the workbench.
    page.goto("/")
    todo = page.locator("[data-todo='我负责的滞后重点项目']")
    assert int(todo.locator(".n").inner_text()) >= 1
    todo.click()
    page.wait_for_selector("#project-table")
    assert "滞后项目" in page.inner_text("#project-total")
    page.locator("#project-table tbody tr").first.locator("a").first.click()
    page.wait_for_selector("#milestones")
    assert page.locator("#project-stalled").is_visible() and "滞后" in page.inner_text("#milestones")
    shot(page, "lifecycle-stalled-project")

    # The centre finds the visit's demand in the one pool, from the channel 走访.
    page.goto("/")
    page.click(".qf-top >> text=退出")
    page.wait_for_url("**/login/")
    login(page, "demo-dispatcher")
    page.goto(f"/demands/{demand.pk}/")
    assert demand.number in page.content() and "走访" in page.content()
    menu(page, "领导帮办")
    page.wait_for_selector("#leaders")
    assert "尚无" in page.inner_text("#leaders")
    shot(page, "lifecycle-assistance")
