"""Chromium through Playwright against the live server; skipped, saying so, when Chromium is missing.

Every journey that takes the `page` fixture runs twice: on a phone (390×844, touch) and on a desktop (1366×768).
On both, every page the journey loads (and every htmx swap) is checked for sideways scrolling: the test fails at
its end naming the pages wider than the screen. `fits(page)` checks the page as it is now, and `menu(page, label)`
follows a sidebar link as a person would (on a phone, through the header's menu button)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/lib/chromium/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("浏览器测试已跳过：未找到 Chromium（apt-get install chromium fonts-wqy-zenhei）")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def csp_violations(page: Any) -> list[str]:
    """The Content-Security-Policy errors Chromium reports on the page's console, collected as they come."""
    found: list[str] = []
    page.on("console", lambda msg: found.append(msg.text) if "Content Security Policy" in msg.text else None)
    return found


VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1366, "height": 768}},
}
# Run in every page before its own scripts (Playwright's init scripts are not subject to the page's CSP): after
# each load and each htmx swap, note the page if its content is wider than the layout viewport. On a phone
# Chromium zooms out to show an overflowing page whole, so window.innerWidth grows with it: clientWidth does not.
WATCH_OVERFLOW = """
(() => {
  function check() {
    const root = document.documentElement;
    if (!root || root.scrollWidth <= root.clientWidth) return;
    const seen = JSON.parse(sessionStorage.getItem("qf-overflow") || "[]");
    seen.push(location.pathname + location.search + " " + root.scrollWidth + ">" + root.clientWidth);
    sessionStorage.setItem("qf-overflow", JSON.stringify(seen));
  }
  window.addEventListener("load", () => setTimeout(check, 0));
  document.addEventListener("htmx:afterSettle", () => setTimeout(check, 0));
})();
"""


def overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than its viewport (0 when it fits)."""
    return int(page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth"))


def fits(page: Any) -> None:
    """The page as it is now does not scroll sideways."""
    extra = overflow(page)
    assert extra <= 0, f"{page.url} is {extra} px wider than the screen ({page.viewport_size['width']} px)"


def is_phone(page: Any) -> bool:
    return bool(page.viewport_size["width"] < 768)


def menu(page: Any, label: str) -> None:
    """Follow the sidebar link `label`; on a phone, open the menu with the header's button first."""
    if is_phone(page):
        page.click("#menu-button")
    page.click(f".qf-side >> text={label}")


@pytest.fixture(params=list(VIEWPORTS))
def page(request: pytest.FixtureRequest, browser: Any, live_server: Any) -> Iterator[Any]:
    """A page in Chromium, on a phone and on a desktop, that fails its test if it reaches another host, breaks the
    Content-Security-Policy or shows a page wider than the screen."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", **VIEWPORTS[request.param])
    context.add_init_script(WATCH_OVERFLOW)
    outside: list[str] = []
    context.on("request", lambda req: outside.append(req.url) if not req.url.startswith(live_server.url) else None)
    pg = context.new_page()
    violations = csp_violations(pg)
    yield pg
    too_wide: list[str] = []
    if pg.url.startswith(live_server.url):
        too_wide = pg.evaluate("() => JSON.parse(sessionStorage.getItem('qf-overflow') || '[]')")
    context.close()
    assert outside == [], f"pages requested outside hosts: {outside}"
    assert violations == [], f"Content-Security-Policy violations: {violations}"
    assert too_wide == [], f"pages wider than the screen: {too_wide}"


DEMO_PASSWORD = "qifu-demo-2026"


def login(page: Any, username: str) -> None:
    """Log in through the login page: a demo account (`make demo`'s password) or one of the test cast."""
    from tests.conftest import PASSWORD

    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD if username.startswith("demo-") else PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def shot(page: Any, name: str) -> None:
    """Keep a screenshot when QIFU_SCREENSHOT_DIR is set (README pictures, reviews); a phone's ends in -phone."""
    folder = os.environ.get("QIFU_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        suffix = "-phone" if is_phone(page) else ""
        page.screenshot(path=str(Path(folder) / f"{name}{suffix}.png"), full_page=True)
