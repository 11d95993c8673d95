"""The knowledge base in Chromium with the test cast: the dispatcher takes a call and sees the suggested lead
department and an article that answers it; a replied demand becomes an article in one click, which its department
reviews and publishes; an enterprise finds it on the public page with its own words."""

from __future__ import annotations

from typing import Any

import pytest

from qifu.knowledge import retrieval, routing
from qifu.knowledge.models import Article
from tests.browser.conftest import login, shot
from tests.demands.helpers import in_state
from tests.knowledge.helpers import publish_all

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page: Any) -> None:
    page.click(".qf-top >> text=退出")
    page.wait_for_url("**/login/")


def test_suggestion_at_intake_and_a_reply_becomes_a_public_answer(cast: Any, page: Any) -> None:
    publish_all(cast)
    demand = in_state(cast, "replied")  # 厂房消防验收咨询, replied by the market department
    routing.MODEL.reset()

    # The dispatcher takes a call: while typing, the panel names the lead department and an answering article.
    login(page, "dispatcher")
    page.goto("/demands/new/")
    page.fill("#id_title", "执照丢了")
    page.fill("#id_content", "我们公司的营业执照丢了，要去哪里补办")
    page.wait_for_selector("#suggest-department")
    assert page.locator("#suggest-department").inner_text() == cast.market.name
    assert "营业执照遗失怎么补领" in page.locator("#suggest-articles").inner_text()
    page.fill("#kb-lookup", "执照丢了怎么办")
    page.wait_for_selector("#kb-lookup-list")
    assert "营业执照遗失怎么补领" in page.locator("#kb-lookup-list").inner_text()
    shot(page, "knowledge-intake")

    # The replied demand becomes a draft article with one click.
    page.goto(f"/demands/{demand.pk}/")
    page.click("#to-knowledge")
    page.wait_for_selector("#article-status")
    assert page.locator("#article-status").inner_text() == "草稿"
    article = Article.objects.get(source_demand=demand)
    logout(page)

    # Its department reviews and publishes it.
    login(page, "head")
    page.goto(f"/knowledge/{article.pk}/")
    page.click("#act-review")
    page.wait_for_selector("#act-publish")
    page.click("#act-publish")
    page.wait_for_selector("text=已发布")
    article.refresh_from_db()
    assert article.status == "published"
    logout(page)
    retrieval.reset_caches()

    # An enterprise, without logging in, finds it in its own words.
    page.goto("/knowledge/")
    page.fill("#kb-q", "新盖的厂房消防验收要交啥材料")
    page.click("button[type=submit]")
    page.wait_for_selector("#kb-results")
    first = page.locator("#kb-results a").first
    assert demand.title in first.inner_text()
    shot(page, "knowledge-public")
    first.click()
    page.wait_for_selector("#kb-answer")
    assert demand.reply in page.locator("#kb-answer").inner_text()
