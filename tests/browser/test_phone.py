"""Every page of every demo role on a phone (390×844): found by following the links a person sees, starting from
the workbench (the menu, the to-dos, the lists, the rows), one page per kind of address and role. None scrolls
sideways, no title is squeezed to a character per line, and what a finger taps is at least 40 px high. The menu
folds behind the header's button, which opens and closes it with a tap or the keyboard."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from tests.browser.conftest import VIEWPORTS, WATCH_OVERFLOW, fits, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROLES = [
    "demo-enterprise",
    "demo-admin",
    "demo-dispatcher",
    "demo-window",
    "demo-guide",
    "demo-officer",
    "demo-handler",
    "demo-head",
    "demo-supervisor",
    "demo-liaison",
]
# Not pages of ours (Django's admin, the API and its docs) or not pages at all (downloads, logout).
NOT_PAGES = re.compile(
    r"^/(api/|admin/|static/|media/|logout)|/export/|\.xlsx(\?|$)|/file/|/template/|/result/$|/attachments/\d+/"
)
# Titles: a squeezed one is a character wide (about 16 px); the header's keeps one line.
SQUEEZED_TITLES = """() => Array.from(document.querySelectorAll('h1, h2, h3, .qf-heading'))
  .filter(h => h.offsetParent !== null && h.innerText.trim().length > 2)
  .filter(h => h.getBoundingClientRect().width < 48 ||
               (h.classList.contains('qf-heading') && h.getBoundingClientRect().height > 30))
  .map(h => h.innerText.trim())"""
SMALL_TARGETS = """() => Array.from(document.querySelectorAll(
    'button, .btn, select, textarea, input:not([type=hidden]):not([type=checkbox]):not([type=radio]), .qf-side a'))
  .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.height < 40; })
  .map(e => (e.innerText || e.name || e.tagName).trim() + ' ' + Math.round(e.getBoundingClientRect().height) + 'px')"""


@pytest.fixture
def demo(transactional_db: Any) -> None:
    call_command("seed_demo")


@pytest.fixture
def phone(browser: Any, live_server: Any) -> Any:
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", **VIEWPORTS["phone"])
    context.add_init_script(WATCH_OVERFLOW)
    yield context.new_page()
    context.close()


def kind(path: str) -> str:
    return re.sub(r"\d+", "N", urlsplit(path).path)


def test_every_page_of_every_role_fits_a_phone(demo: None, phone: Any, live_server: Any) -> None:
    problems: list[str] = []
    visited = 0
    for username in ROLES:
        login(phone, username)
        seen: set[str] = set()
        queue = ["/"]
        while queue:
            path = queue.pop(0)
            if kind(path) in seen:
                continue
            seen.add(kind(path))
            response = phone.goto(path)
            visited += 1
            assert response is not None and response.status == 200, (username, path)
            where = f"{username} {path}"
            try:
                fits(phone)
            except AssertionError as exc:
                problems.append(f"{where}: {exc}")
            problems += [f"{where}: title squeezed: {t}" for t in phone.evaluate(SQUEEZED_TITLES)]
            problems += [f"{where}: small touch target: {t}" for t in phone.evaluate(SMALL_TARGETS)]
            for href in phone.eval_on_selector_all("a[href]", "links => links.map(a => a.getAttribute('href'))"):
                href = href.removeprefix(live_server.url)
                if href.startswith("/") and not NOT_PAGES.search(href) and kind(href) not in seen:
                    queue.append(href)
        phone.goto("/")
        phone.click(".qf-top >> text=退出")
        phone.wait_for_url("**/login/")
    assert visited > 100  # every role's menu, lists, details and forms were reached
    assert problems == [], "\n".join(problems)


def test_the_menu_folds_behind_a_button_on_a_phone(demo: None, phone: Any) -> None:
    login(phone, "demo-enterprise")
    side, button = phone.locator(".qf-side"), phone.locator("#menu-button")
    assert not side.is_visible() and button.get_attribute("aria-expanded") == "false"
    button.tap()
    assert side.is_visible() and button.get_attribute("aria-expanded") == "true"
    labels = side.locator("a").all_inner_texts()
    assert any("我的企业" in label for label in labels)
    assert not any("企业库" in label or "接口文档" in label for label in labels)  # no staff tools for an enterprise
    phone.mouse.click(380, 400)  # a tap outside the menu closes it
    assert not side.is_visible() and button.get_attribute("aria-expanded") == "false"

    # By keyboard: the button opens it and puts focus on the first link; Escape closes it and returns focus.
    button.focus()
    phone.keyboard.press("Enter")
    assert side.is_visible()
    assert phone.evaluate("() => document.activeElement.closest('.qf-side') !== null")
    phone.keyboard.press("Escape")
    assert not side.is_visible()
    assert phone.evaluate("() => document.activeElement.id") == "menu-button"

    button.tap()
    side.locator("a", has_text="企业诉求").tap()
    phone.wait_for_url("**/demands/")
    assert not side.is_visible()
    fits(phone)
