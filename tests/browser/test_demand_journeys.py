"""Demands in Chromium with the demo district: one demand through its whole life across four roles,
one reopened after an unsatisfied follow-up, and the enterprise's one-click follow-up link on a phone."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command

from qifu.accounts.models import User
from qifu.demands import services
from qifu.demands.models import Demand
from qifu.demands.schemas import DemandIn
from qifu.orgs.models import Department
from tests.browser.conftest import login, menu, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(transactional_db: Any) -> None:
    call_command("seed_demo")


def logout(page: Any) -> None:
    page.click(".qf-top >> text=退出")
    page.wait_for_url("**/login/")


def market() -> Department:
    return Department.objects.get(name__contains="市场监督管理")


def replied_demand(title: str) -> Demand:
    """A demand of demo-enterprise, answered by demo-handler, through the services."""
    enterprise_user = User.objects.get(username="demo-enterprise")
    dispatcher = User.objects.get(username="demo-dispatcher")
    handler = User.objects.get(username="demo-handler")
    demand = services.demand_register(
        actor=enterprise_user,
        payload=DemandIn(kind="need", category="market", title=title, content="网上办理名称变更三次被退回。"),
    )
    services.demand_assign(actor=dispatcher, demand_id=demand.pk, department_id=market().pk, complexity="general")
    services.demand_accept(actor=handler, demand_id=demand.pk)
    return services.demand_reply(actor=handler, demand_id=demand.pk, content="已查明原因，请按附件模板重新提交。")


def test_one_demand_through_its_whole_life(demo: None, page: Any) -> None:
    login(page, "demo-enterprise")
    menu(page, "企业诉求")
    page.click("text=提交诉求")
    page.select_option("#id_category", "market")
    page.fill("#id_title", "冷链仓库食品经营许可证延续怎么办")
    page.fill("#id_content", "公司冷链仓库的食品经营许可证下月到期，想了解延续需要的材料和办理时限。")
    page.click("form >> button[type=submit]")
    page.wait_for_selector("#timeline")
    assert "诉求已提交，编号 SQ" in page.content()
    demand = Demand.objects.get(pk=int(page.url.rstrip("/").rsplit("/", 1)[1]))
    assert demand.channel == "online" and demand.status == "registered"
    detail = f"/demands/{demand.pk}/"
    logout(page)

    login(page, "demo-dispatcher")
    menu(page, "企业诉求")
    page.wait_for_selector("#results table")
    shot(page, "demand-list")
    page.select_option("#status", "registered")
    page.wait_for_url("**status=registered*")
    assert page.locator(f"#results >> text={demand.number}").is_visible()
    page.click(f"#results >> text={demand.number}")
    page.wait_for_selector("#act-assign")
    shot(page, "demand-assign")
    page.select_option("#assign-department", label=market().name)
    page.select_option("#assign-complexity", "general")
    page.fill("#assign-days", "8")
    page.click("#act-assign button[type=submit]")
    page.wait_for_selector("text=已交办揭东区市场监督管理局")
    assert page.locator("#demand-status").inner_text() == "待签收"
    assert "8个工作日" in page.locator("#demand-due").inner_text()
    logout(page)

    login(page, "demo-handler")
    page.goto(detail)
    shot(page, "demand-accept")
    page.click("#act-accept button[type=submit]")
    page.wait_for_selector("#act-reply")
    assert page.locator("#demand-status").inner_text() == "办理中"
    page.fill("#reply-content", "延续申请可在粤商通线上办理，需提交申请书和原许可证，10个工作日内办结。")
    page.click("#act-reply button[type=submit]")
    page.wait_for_selector("text=已答复企业")
    logout(page)

    login(page, "demo-dispatcher")
    page.goto(detail)
    page.check("#sat-satisfied")
    page.check("#resolved-yes")
    page.fill("#visit-comment", "企业表示清楚了")
    page.click("#act-visit button[type=submit]")
    page.wait_for_selector("text=回访已记录，诉求已办结")
    assert page.locator("#demand-status").inner_text() == "已办结"
    steps = page.locator("#timeline .what").all_inner_texts()
    for label in ("登记", "交办", "签收", "答复", "回访（满意，销号）"):
        assert any(s.startswith(label) for s in steps), (label, steps)
    shot(page, "demand-timeline")

    page.goto(f"/demands/{demand.pk}/print/")
    assert page.locator("text=企业诉求办理卷宗").is_visible()
    assert page.locator("#print-timeline tr").count() >= 6
    shot(page, "demand-print")
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 673, "height": 950})  # A4 inside 16 mm margins, at 96 dpi
    assert not page.locator(".toolbar").is_visible()
    shot(page, "demand-print-media")


def test_unsatisfied_follow_up_reopens_the_demand(demo: None, page: Any) -> None:
    demand = replied_demand("分公司名称变更网上提交被退回")
    login(page, "demo-enterprise")
    page.goto(f"/demands/{demand.pk}/")
    assert "部门已答复，请告诉我们问题是否解决" in page.locator("#next-step").inner_text()
    shot(page, "demand-enterprise-rates")
    page.check("#sat-unsatisfied")
    page.check("#resolved-no")
    page.fill("#visit-comment", "模板下载不了")
    page.click("#act-visit button[type=submit]")
    page.wait_for_selector("text=第1次重办")
    shot(page, "demand-reopened")
    assert page.locator("#demand-status").inner_text() == "办理中"
    assert page.locator("#reopen-count").inner_text() == "重办1次"
    assert "回访（不满意，重办）" in page.locator("#timeline").inner_text()
    demand.refresh_from_db()
    assert demand.status == "in_progress" and demand.reopen_count == 1


def test_follow_up_link_on_a_phone(demo: None, browser: Any, live_server: Any) -> None:
    demand = replied_demand("个体户转企业名称核准咨询")
    path = services.follow_up_link_create(demand)
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844})
    phone = context.new_page()
    phone.goto(path)
    assert phone.locator("text=已查明原因").is_visible()
    shot(phone, "demand-follow-up")
    phone.click("label[for=resolved-yes]")
    phone.click("button[value=very_satisfied]")
    phone.wait_for_selector("#follow-up-thanks")
    shot(phone, "demand-follow-up-thanks")
    phone.goto(path)
    assert phone.locator("text=您已评价，感谢").is_visible()
    context.close()
    demand.refresh_from_db()
    assert demand.status == "closed" and demand.satisfaction == "very_satisfied"


def _photo() -> bytes:
    """A real 2×2 PNG, as a phone camera's photo would be checked by content."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * 2 for _ in range(2))
    header = struct.pack(">IIBBBBB", 2, 2, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")


def test_an_owner_files_a_demand_with_a_photo_and_follows_it_by_its_progress_page(
    demo: None, page: Any, browser: Any, live_server: Any, tmp_path: Any
) -> None:
    """On the enterprise's own workbench (a phone at 390 px, and the desktop): 提诉求 with a photo taken on site,
    then the progress page that the QR code on the demand's page opens, without login, as the case moves."""
    from urllib.parse import urlparse

    photo = tmp_path / "现场照片.png"
    photo.write_bytes(_photo())
    login(page, "demo-enterprise")
    page.click("text=提诉求")
    page.select_option("#id_category", "market")
    page.fill("#id_title", "门店招牌审批咨询")
    page.fill("#id_content", "新门店招牌需要审批吗？附现场照片。")
    page.set_input_files("#id_files", str(photo))
    page.click("button[type=submit] >> text=提交诉求")
    page.wait_for_selector("#progress-link")
    demand = Demand.objects.get(title="门店招牌审批咨询")
    assert [a.name for a in demand.attachments.all()] == ["现场照片.png"]
    assert "现场照片.png" in page.locator("#attachments").inner_text()
    assert page.locator("#progress svg").count() == 1  # the QR code, drawn inline
    progress = urlparse(page.locator("#progress-link").get_attribute("href") or "").path
    assert progress.startswith("/t/")

    width = page.viewport_size["width"]
    stranger = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport=page.viewport_size)
    try:
        public = stranger.new_page()
        public.goto(progress)
        assert public.url.endswith(progress)  # no login page
        assert demand.number in public.locator("#track").inner_text()
        assert public.locator("#track-status").inner_text() == "待分拨"
        assert public.evaluate("document.documentElement.scrollWidth") <= width
        dispatcher = User.objects.get(username="demo-dispatcher")
        services.demand_assign(
            actor=dispatcher, demand_id=demand.pk, department_id=market().pk, note="内部：请加急，协调城管"
        )
        public.reload()
        text = public.locator("#track").inner_text()
        assert public.locator("#track-status").inner_text() == "待签收"
        assert "交办" in text and "内部：请加急" not in text and "现场照片" not in text
        shot(public, f"track-{'phone' if width < 500 else 'desktop'}")
    finally:
        stranger.close()
