"""Supervision in Chromium with the test cast: an application handed to the market department two months ago is
past its promised decision date; the supervisor finds it in 督查督办 (filtered to applications), sends a
supervision order from the view, and the department head sees the order on the workbench and answers it; the
supervisor then notes the 红牌 on the 电子监察 page."""

from __future__ import annotations

from typing import Any

import pytest

from qifu.applications import services as applications
from qifu.supervision.models import Card, SupervisionOrder
from qifu.supervision.services import watch_late
from tests.browser.conftest import fits, login, menu, shot
from tests.supervision.helpers import accepted_application, at

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOTE = "该办件已超过承诺办结时限，请于两个工作日内作出决定并反馈"


def logout(page: Any) -> None:
    page.click(".qf-top >> text=退出")
    page.wait_for_url("**/login/")


def test_the_supervisor_orders_an_overdue_decision_and_the_head_sees_it(cast: Any, page: Any) -> None:
    with at("2026-09-01"):
        application = accepted_application(cast)
        applications.application_handover(actor=cast.window, application_id=application.pk)
    watch_late()  # the periodic watcher: the decision is late (a 红牌 and the automatic order)
    assert Card.objects.filter(kind="application", case_id=application.pk, step="decision", color="red").exists()

    login(page, "supervisor")
    menu(page, "督查督办")
    page.select_option("#kind", "application")
    page.click("#apply-filter")
    row = page.locator(f"[data-late='application:decision:{application.pk}']")
    assert application.number in row.inner_text() and "超期" in row.inner_text()
    fits(page)
    shot(page, "supervision-overdue")
    row.locator(f"#order-application-decision-{application.pk}").click()
    page.wait_for_selector("#order-form")
    page.click("#send-order")  # no note: refused, naming the field
    assert page.locator("[data-error=note]").is_visible()
    page.fill("#note", NOTE)
    shot(page, "supervision-order-form")
    page.click("#send-order")
    page.wait_for_selector("text=督办单已发送")
    order = SupervisionOrder.objects.get(kind="application", case_id=application.pk, auto=False)
    assert order.department == cast.market and order.sent_by == cast.supervisor and order.note == NOTE
    logout(page)

    # The department head: the order waits on the workbench; opened, read and answered.
    login(page, "head")
    todo = page.locator("[data-todo='待反馈的督办单']")
    assert int(todo.locator(".n").inner_text()) == 2  # the watcher's and the supervisor's
    todo.click()
    page.wait_for_selector("#order-table")
    mine = page.locator(f"#order-{order.pk}")
    assert NOTE in mine.inner_text() and application.number in mine.inner_text()
    shot(page, "supervision-orders-head")
    page.fill(f"#reply-{order.pk}", "已于今日作出准予许可决定，正在制证")
    page.click(f"#reply-btn-{order.pk}")
    page.wait_for_selector("text=已反馈督办单")
    order.refresh_from_db()
    assert order.replied_by == cast.head and order.reply.startswith("已于今日作出准予许可决定")
    logout(page)

    # The supervisor notes the 红牌 on the 电子监察 page, where the market department's cards are counted.
    login(page, "supervisor")
    menu(page, "电子监察")
    page.wait_for_selector("#card-table")
    assert "市场监督管理局" in page.locator("#tally-units").inner_text()
    card = Card.objects.get(kind="application", case_id=application.pk, step="decision", color="red")
    page.fill(f"#note-{card.pk}", "已督办，部门当日反馈")
    page.click(f"#note-btn-{card.pk}")
    page.wait_for_selector("text=已批注红牌")
    shot(page, "supervision-cards")
    card.refresh_from_db()
    assert card.note == "已督办，部门当日反馈" and card.annotated_by == cast.supervisor
