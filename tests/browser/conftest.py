"""Chromium through Playwright against the live server; skipped, saying so, when Chromium is missing."""

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


@pytest.fixture
def page(browser: Any, live_server: Any) -> Iterator[Any]:
    """A page in Chromium that fails its test if it reaches another host or breaks the Content-Security-Policy."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 1366, "height": 900})
    outside: list[str] = []
    context.on("request", lambda req: outside.append(req.url) if not req.url.startswith(live_server.url) else None)
    pg = context.new_page()
    violations = csp_violations(pg)
    yield pg
    context.close()
    assert outside == [], f"pages requested outside hosts: {outside}"
    assert violations == [], f"Content-Security-Policy violations: {violations}"


def shot(page: Any, name: str) -> None:
    """Keep a screenshot when QIFU_SCREENSHOT_DIR is set (README pictures, reviews)."""
    folder = os.environ.get("QIFU_SCREENSHOT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
