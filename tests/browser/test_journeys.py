"""Whole journeys in Chromium with the demo district: each role's workbench, finding an enterprise,
importing a ledger with a bad row, and the working-day calendar."""

from __future__ import annotations

import io
from typing import Any

import pytest
import xlsxwriter
from django.core.management import call_command

from qifu.catalog.models import ServiceItem
from qifu.enterprises.models import Enterprise
from qifu.enterprises.spreadsheets import COLUMNS
from tests.browser.conftest import csp_violations, is_phone, login, menu, shot
from tests.conftest import make_uscc

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DEMO_ROLES = {
    "demo-admin": "系统管理员",
    "demo-dispatcher": "调度员",
    "demo-window": "综合窗口",
    "demo-officer": "助企干部",
    "demo-handler": "部门承办人",
    "demo-head": "部门负责人",
    "demo-supervisor": "监督",
    "demo-enterprise": "企业用户",
}


@pytest.fixture
def demo(transactional_db: Any) -> None:
    call_command("seed_demo")


def test_every_demo_role_lands_on_its_workbench(demo: None, page: Any) -> None:
    for username, role_label in DEMO_ROLES.items():
        login(page, username)
        if is_phone(page):  # the name and role are in the menu, behind the header's button
            page.click("#menu-button")
            assert role_label in page.locator(".qf-side-who").inner_text()
            page.keyboard.press("Escape")
            assert not page.locator(".qf-side").is_visible()
        else:
            assert f"（{role_label}" in page.locator(".qf-top").inner_text()
        assert page.locator("text=待办事项").is_visible()
        assert page.locator("text=欢迎使用企服通").first.is_visible()
        shot(page, f"workbench-{username}")
        page.click("text=退出")
        page.wait_for_url("**/login/")
    login(page, "demo-officer")
    todo = page.locator("[data-todo='我包联的企业'] .n")
    assert int(todo.inner_text()) >= 30


def test_dispatcher_searches_filters_and_opens_an_enterprise(demo: None, page: Any) -> None:
    login(page, "demo-dispatcher")
    menu(page, "企业库")
    page.wait_for_selector("#results table")
    target = Enterprise.objects.filter(park__name="经开区", scale="small").order_by("id").first()
    assert target is not None
    page.select_option("#park_id", label="经开区")
    page.wait_for_url("**park_id=*")
    page.select_option("#scale", "small")
    page.wait_for_url("**scale=small*")
    rows = page.locator("#results tbody tr")
    assert rows.count() > 0
    assert all("经开区" in rows.nth(i).inner_text() for i in range(rows.count()))
    page.fill("#q", target.name[3:7])
    page.click("text=查询")
    page.wait_for_url("**q=*")
    page.click(f"#results >> text={target.name}")
    page.wait_for_selector("text=企业台账")
    assert target.uscc in page.content()
    assert page.locator("text=包联服务").is_visible()
    shot(page, "enterprise-detail")


def _ledger(rows: list[dict[str, Any]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = book.add_worksheet()
    headers = [label for _, label in COLUMNS]
    for c, h in enumerate(headers):
        ws.write(0, c, h)
    for r, row in enumerate(rows, start=1):
        for c, h in enumerate(headers):
            if h in row:
                ws.write_string(r, c, str(row[h]))
    book.close()
    return out.getvalue()


def test_admin_imports_a_ledger_with_one_bad_row_and_sees_the_report(demo: None, page: Any, tmp_path: Any) -> None:
    bad = make_uscc(7002)[:-1] + ("0" if make_uscc(7002)[-1] != "0" else "1")
    rows = [
        {
            "统一社会信用代码": make_uscc(7001),
            "企业名称": "揭阳市新导入五金有限公司",
            "行业代码": "C3311",
            "企业规模": "小型",
        },
        {"统一社会信用代码": bad, "企业名称": "揭阳市坏数据有限公司", "行业代码": "C3311", "企业规模": "小型"},
    ]
    path = tmp_path / "台账.xlsx"
    path.write_bytes(_ledger(rows))
    before = Enterprise.objects.count()
    login(page, "demo-admin")
    menu(page, "企业导入")
    page.set_input_files("#file", str(path))
    page.click("text=上传并导入")
    page.wait_for_selector("#import-errors")
    report = page.locator("#import-errors").inner_text()
    assert "第 3 行" in report and "统一社会信用代码校验位错误" in report
    assert "未导入任何数据" in page.content()
    assert Enterprise.objects.count() == before
    shot(page, "import-errors")


def test_admin_sees_the_calendar_and_an_unconfirmed_year(demo: None, page: Any) -> None:
    login(page, "demo-admin")
    menu(page, "工作日历")
    assert page.locator("text=2026年").first.is_visible()
    page.click("text=录入2027年安排")
    assert page.locator("text=未确认：期限按周一至周五计算").is_visible()
    page.fill("#days", "2027-01-01,放假,元旦\n2027-02-06~2027-02-12,放假,春节\n2027-02-14,上班,春节")
    page.check("#confirmed")
    page.click("text=保存")
    page.wait_for_selector("text=2027年节假日安排已保存")
    assert page.locator(".badge >> text=已确认").first.is_visible()
    shot(page, "calendar-2027")


def test_main_pages_keep_to_the_content_security_policy(demo: None, browser: Any, live_server: Any) -> None:
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    violations = csp_violations(page)
    login(page, "demo-admin")
    enterprise = Enterprise.objects.order_by("pk").first()
    assert enterprise is not None
    pages = [
        "/",
        "/enterprises/",
        f"/enterprises/{enterprise.pk}/",
        "/demands/",
        "/demands/new/",
        "/applications/",
        "/catalog/",
        "/policies/",
        "/dashboard/",
        "/calendar/",
        "/audit/",
        "/notifications/",
        "/admin/",
        "/api/v1/docs",
    ]
    for path in pages:
        response = page.goto(path)
        assert response is not None and response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"], path
        page.wait_for_load_state("networkidle")
    page.goto("/api/v1/docs")
    page.wait_for_selector("text=企服通 qifu API")  # Swagger UI runs from ninja's static files under the policy
    assert violations == []
    # The check can fail: an inline script is refused and reported.
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1'; "
        "document.body.appendChild(s); }"
    )
    page.wait_for_timeout(200)
    assert violations and "Content Security Policy" in violations[0]
    assert page.evaluate("() => window.x") is None
    context.close()


def test_page_behaviour_runs_from_the_static_script(demo: None, page: Any) -> None:
    """What used to be inline (confirm, print, autosubmit, the form helpers) works from static/qifu/pages.js."""
    login(page, "demo-admin")
    enterprise = Enterprise.objects.filter(credit_restricted=False).order_by("pk").first()
    assert enterprise is not None
    page.goto(f"/enterprises/{enterprise.pk}/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click("#credit-form button[type=submit]")
    page.wait_for_timeout(300)
    enterprise.refresh_from_db()
    assert not enterprise.credit_restricted  # the confirm was declined: nothing sent
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#credit-form button[type=submit]")
    page.wait_for_selector("text=信用受限：不适用容缺受理")
    enterprise.refresh_from_db()
    assert enterprise.credit_restricted

    page.goto("/policies/claims/")
    page.select_option("#status", index=1)
    page.wait_for_url("**/policies/claims/?status=*")

    page.goto("/demands/new/")
    default_hint = page.inner_text("#category-hint")
    page.select_option("#id_category", index=1)
    assert page.inner_text("#category-hint") != default_hint

    item = ServiceItem.objects.filter(is_listed=True).order_by("pk").first()
    assert item is not None
    page.goto(f"/applications/new/?item={item.pk}")
    assert not page.is_visible("#agent-fields")
    page.check("#mode-proxy")
    assert page.is_visible("#agent-fields")


def test_api_docs_load_without_outside_hosts(page: Any) -> None:
    page.goto("/api/v1/docs")
    page.wait_for_selector("text=企服通 qifu API")
    assert page.get_by_text("/api/v1/enterprises", exact=True).first.is_visible()
