"""Finding things in Chromium with the demo district: the enterprise picker as one types, the header search,
and the enterprise's one file (一企一档) with its quick actions, at 1366 px and on a 390 px phone."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from qifu.demands.models import Demand
from qifu.enterprises.models import Enterprise
from tests.browser.conftest import shot
from tests.browser.test_journeys import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


@pytest.fixture
def demo(transactional_db: Any) -> None:
    call_command("seed_demo")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_the_window_picks_an_enterprise_by_typing(demo: None, page: Any, viewport: dict[str, int]) -> None:
    page.set_viewport_size(viewport)
    target = Enterprise.objects.order_by("-id").first()  # the last of the register: no "first 500" reaches it
    assert target is not None
    login(page, "demo-window")
    page.goto("/demands/new/")
    page.fill("#id_enterprise_q", target.uscc[:14])
    option = page.locator(f"[data-pick-id='{target.pk}']")
    option.wait_for()
    box, field = page.locator(".qf-picker-list").bounding_box(), page.locator("#id_enterprise_q").bounding_box()
    assert box and field and box["x"] >= field["x"] - 1 and box["width"] <= field["width"] + 1  # under the box
    assert box["x"] + box["width"] <= viewport["width"]
    shot(page, f"picker-{viewport['width']}")
    option.click()
    assert page.input_value("#id_enterprise_q") == target.name
    assert page.locator("[data-picker-id]").get_attribute("value") == str(target.pk)
    page.select_option("#id_category", index=1)
    page.fill("#id_title", "新厂房用电报装")
    page.fill("#id_content", "新厂房需要申请用电报装，请协调供电部门。")
    page.click("form[method=post] button[type=submit]")
    page.wait_for_url("**/demands/*/")
    assert Demand.objects.get(title="新厂房用电报装").enterprise_id == target.pk


def test_the_header_search_finds_a_case_by_number(demo: None, page: Any) -> None:
    demand = Demand.objects.order_by("id").first()
    assert demand is not None
    login(page, "demo-dispatcher")
    page.fill(".qf-search-box input[name=q]", demand.number)
    page.press(".qf-search-box input[name=q]", "Enter")
    page.wait_for_url("**/search/?q=*")
    page.click(f"#search-results >> text={demand.number}")
    page.wait_for_url(f"**/demands/{demand.pk}/")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_the_officer_opens_an_enterprise_file(demo: None, page: Any, viewport: dict[str, int]) -> None:
    page.set_viewport_size(viewport)
    enterprise = Enterprise.objects.get(users__username="demo-enterprise")
    login(page, "demo-officer")
    page.goto(f"/enterprises/{enterprise.pk}/")
    for card in ("#enterprise-profile", "#enterprise-visits", "#enterprise-ledger", "#enterprise-stewardship"):
        assert page.locator(card).is_visible()
    for card in ("#enterprise-demands", "#enterprise-applications", "#enterprise-claims", "#policy-matches"):
        assert page.locator(f"{card} [data-count]").inner_text().isdigit()
    actions = page.locator("#quick-actions a")
    assert [actions.nth(i).get_attribute("data-action") for i in range(actions.count())] == [
        "新诉求",
        "办事",
        "预约",
        "走访",
    ]
    quick = page.locator("#quick-actions").bounding_box()
    assert quick and quick["x"] + quick["width"] <= page.evaluate("document.documentElement.clientWidth") + 1
    shot(page, "enterprise" if viewport == DESKTOP else "enterprise-phone")
    page.click("#quick-actions >> text=走访")
    assert page.locator("#category").input_value() == "visit"
    page.fill("#content", "走访了解扩产用地需求")
    page.click("#ledger-form button[type=submit]")
    page.wait_for_selector("#enterprise-visits >> text=走访了解扩产用地需求")
    page.click("#quick-actions >> text=新诉求")
    page.wait_for_url("**/demands/new/?enterprise_id=*")
    assert page.input_value("#id_enterprise_q") == enterprise.name
