"""The knowledge base through the API (API.md "Knowledge base"): drafting, public search, a replied demand to a
draft, the suggestions at intake, and who may see and do what."""

from __future__ import annotations

from typing import Any

import pytest

from qifu.core.models import AuditEvent, TimelineEvent
from qifu.knowledge.models import Article, ArticleVersion
from tests.conftest import Cast
from tests.demands.helpers import in_state, register
from tests.knowledge.helpers import draft, publish_all

pytestmark = pytest.mark.django_db


def body(**over: Any) -> dict[str, Any]:
    return {
        "title": "厂房消防验收需要什么材料",
        "question": "新建厂房办理消防验收要准备哪些材料？",
        "answer": "提交竣工验收报告、消防设计文件等。",
        "keywords": "消防验收",
        **over,
    }


def test_department_staff_draft_for_their_department(cast: Cast, api: Any) -> None:
    res = api(cast.handler).post("/knowledge/articles", body())
    assert res.status_code == 201, res.content
    out = res.json()
    article = Article.objects.get()
    assert out["id"] == article.pk and out["status"] == "draft" and out["department_id"] == cast.market.pk
    assert ArticleVersion.objects.filter(article=article, version=1).exists()
    assert TimelineEvent.objects.filter(subject_type="knowledge_article", subject_id=article.pk).exists()
    assert AuditEvent.objects.filter(action="knowledge_article.create").exists()
    other = api(cast.handler).post("/knowledge/articles", body(department_id=cast.tax.pk))
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "department_id"


@pytest.mark.parametrize("role", ["enterprise", "service_officer", "supervisor", "park_liaison", "outsider"])
def test_who_may_not_create_articles(cast: Cast, api: Any, role: str) -> None:
    res = api(cast.by_role()[role]).post("/knowledge/articles", body())
    assert res.status_code in (401, 403), res.content
    assert not Article.objects.exists()


def test_publish_at_creation_needs_the_right_to_publish(cast: Cast, api: Any) -> None:
    refused = api(cast.handler).post("/knowledge/articles", body(publish=True))
    assert refused.status_code == 403 and not Article.objects.exists()
    res = api(cast.head).post("/knowledge/articles", body(publish=True))
    assert res.status_code == 201 and res.json()["status"] == "published"


def test_public_search_finds_published_articles_only_without_login(cast: Cast, api: Any) -> None:
    publish_all(cast)
    hidden = draft(cast, title="营业执照草稿条目", keywords="营业执照")
    res = api(None).get("/knowledge/search", q="营业执照丢了")
    assert res.status_code == 200
    items = res.json()["items"]
    assert items[0]["title"] == "营业执照遗失怎么补领"
    assert hidden.pk not in [item["id"] for item in items]
    assert set(items[0]) == {"id", "title", "question", "answer", "score"}
    scores = [item["score"] for item in items]
    assert scores == sorted(scores, reverse=True)
    assert api(None).get("/knowledge/search", q="").json() == {"items": []}
    assert api(None).get("/knowledge/search", q="x", limit=0).status_code == 422


def test_drafts_are_not_visible_to_the_public_or_the_enterprise(cast: Cast, api: Any) -> None:
    article = draft(cast)
    assert api(cast.enterprise_user).get(f"/knowledge/articles/{article.pk}").status_code == 404
    assert api(cast.officer).get(f"/knowledge/articles/{article.pk}").status_code == 404
    assert api(cast.handler).get(f"/knowledge/articles/{article.pk}").status_code == 200
    assert api(cast.dispatcher).get(f"/knowledge/articles/{article.pk}").status_code == 200


def test_a_replied_demand_becomes_a_draft(cast: Cast, api: Any) -> None:
    demand = in_state(cast, "replied")
    res = api(cast.dispatcher).post(f"/demands/{demand.pk}/to-knowledge")
    assert res.status_code == 201, res.content
    out = res.json()
    assert out["status"] == "draft" and out["source_demand_id"] == demand.pk
    assert out["question"] == demand.content and out["answer"] == demand.reply
    assert out["department_id"] == cast.market.pk
    again = api(cast.dispatcher).post(f"/demands/{demand.pk}/to-knowledge")
    assert again.status_code == 409 and Article.objects.count() == 1


def test_an_unreplied_demand_cannot_become_an_article(cast: Cast, api: Any) -> None:
    demand = in_state(cast, "in_progress")
    res = api(cast.dispatcher).post(f"/demands/{demand.pk}/to-knowledge")
    assert res.status_code == 409 and not Article.objects.exists()


@pytest.mark.parametrize("role", ["enterprise", "service_officer", "outsider"])
def test_to_knowledge_refused_to_non_authors(cast: Cast, api: Any, role: str) -> None:
    demand = in_state(cast, "replied")
    res = api(cast.by_role()[role]).post(f"/demands/{demand.pk}/to-knowledge")
    assert res.status_code in (401, 403, 404)
    assert not Article.objects.exists()


def test_to_knowledge_of_a_demand_outside_scope_is_404(cast: Cast, api: Any) -> None:
    demand = in_state(cast, "replied")
    assert api(cast.window).post(f"/demands/{demand.pk + 1000}/to-knowledge").status_code == 404


def test_suggest_gives_department_articles_and_similar_across_enterprises(cast: Cast, api: Any) -> None:
    publish_all(cast)
    mine = register(cast, title="营业执照丢失需要补办", content="公司营业执照丢失了，想补办一份。")
    theirs = register(
        cast, enterprise_id=cast.other_ent.pk, title="营业执照遗失补领", content="营业执照正本丢了怎么补领"
    )
    res = api(cast.dispatcher).get("/demands/suggest", text="我们公司营业执照丢了，要怎么补办")
    assert res.status_code == 200, res.content
    out = res.json()
    assert out["department_id"] == cast.market.pk
    assert 0 < out["confidence"] <= 1
    assert out["articles"][0]["title"] == "营业执照遗失怎么补领"
    assert {d["id"] for d in out["similar"]} == {mine.pk, theirs.pk}


def test_suggest_similar_shows_only_what_the_caller_may_see(cast: Cast, api: Any) -> None:
    demand = in_state(cast, "assigned")  # lead department: market
    text = demand.title + demand.content
    assert demand.pk in [d["id"] for d in api(cast.handler).get("/demands/suggest", text=text).json()["similar"]]
    tax_handler = type(cast.handler).objects.create_user(
        username="tax-handler", password="x-pass-2026", role="department_handler", department=cast.tax
    )
    assert api(tax_handler).get("/demands/suggest", text=text).json()["similar"] == []
    assert api(cast.enterprise_user).get("/demands/suggest", text=text).status_code == 403
    assert api(None).get("/demands/suggest", text=text).status_code == 401


def test_suggest_on_empty_text(cast: Cast, api: Any) -> None:
    out = api(cast.dispatcher).get("/demands/suggest", text="").json()
    assert out["department_id"] is None and out["articles"] == [] and out["similar"] == []
