"""Knowledge pages: the public search without login, the staff's pages and workflow buttons, the intake panel and
the demand page's one click to a draft."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from qifu.knowledge.models import Article
from tests.conftest import Cast
from tests.demands.helpers import in_state, register
from tests.knowledge.helpers import draft, publish_all

pytestmark = pytest.mark.django_db


def test_public_page_finds_published_articles_in_own_words(cast: Cast) -> None:
    publish_all(cast)
    hidden = draft(cast, title="个转企草稿", keywords="个转企")
    res = Client().get("/knowledge/", {"q": "个体户转公司有什么扶持"})
    assert res.status_code == 200
    html = res.content.decode()
    assert "个体户转企业有哪些扶持" in html and hidden.title not in html
    first = Article.objects.get(title="个体户转企业有哪些扶持")
    assert Client().get(f"/knowledge/a/{first.pk}/").status_code == 200
    assert Client().get(f"/knowledge/a/{hidden.pk}/").status_code == 404


def test_staff_pages_need_login_and_drafts_stay_with_their_department(cast: Cast, page_client: Any) -> None:
    article = draft(cast)
    assert Client().get("/knowledge/manage/").status_code == 302
    assert page_client(cast.handler).get(f"/knowledge/{article.pk}/").status_code == 200
    assert page_client(cast.enterprise_user).get(f"/knowledge/{article.pk}/").status_code == 404


def test_department_reviews_and_head_publishes_through_the_page(cast: Cast, page_client: Any) -> None:
    article = draft(cast)
    handler = page_client(cast.handler)
    assert handler.post(f"/knowledge/{article.pk}/publish/").status_code == 302
    article.refresh_from_db()
    assert article.status == "draft"  # the table refuses publishing a draft
    handler.post(f"/knowledge/{article.pk}/review/", {"note": "内容准确"})
    article.refresh_from_db()
    assert article.status == "reviewed"
    handler.post(f"/knowledge/{article.pk}/publish/")
    article.refresh_from_db()
    assert article.status == "reviewed"  # a handler may not publish
    page_client(cast.head).post(f"/knowledge/{article.pk}/publish/")
    article.refresh_from_db()
    assert article.status == "published" and article.published_at is not None


def test_intake_panel_suggests_department_article_and_similar(cast: Cast, page_client: Any) -> None:
    publish_all(cast)
    other = register(cast, enterprise_id=cast.other_ent.pk, title="营业执照遗失补领", content="营业执照丢了")
    res = page_client(cast.dispatcher).get(
        "/knowledge/suggest/", {"title": "执照丢了", "content": "营业执照丢了怎么补"}
    )
    html = res.content.decode()
    assert cast.market.name in html and "营业执照遗失怎么补领" in html and other.number in html
    assert page_client(cast.enterprise_user).get("/knowledge/suggest/", {"text": "执照丢了"}).content == b""


def test_intake_lookup_shows_the_answer(cast: Cast, page_client: Any) -> None:
    publish_all(cast)
    html = page_client(cast.window).get("/knowledge/lookup/", {"kb": "出口退税多久到"}).content.decode()
    assert "审核通过后一般三个工作日内退库" in html


def test_demand_page_button_makes_a_draft(cast: Cast, page_client: Any) -> None:
    demand = in_state(cast, "replied")
    client = page_client(cast.dispatcher)
    assert "to-knowledge" in client.get(f"/demands/{demand.pk}/").content.decode()
    res = client.post(f"/knowledge/from-demand/{demand.pk}/")
    article = Article.objects.get(source_demand=demand)
    assert res.status_code == 302 and res["Location"] == f"/knowledge/{article.pk}/"
    assert "to-knowledge" not in page_client(cast.enterprise_user).get(f"/demands/{demand.pk}/").content.decode()


def test_duplicate_warning_at_intake_looks_across_enterprises(cast: Cast, page_client: Any) -> None:
    theirs = register(cast, enterprise_id=cast.other_ent.pk, title="园区道路积水严重", content="园区主干道一下雨就积水")
    client = page_client(cast.dispatcher)
    res = client.post(
        "/demands/new/",
        {
            "enterprise_id": cast.ent.pk,
            "kind": "complaint",
            "channel": "visit",
            "category": "market",
            "title": "园区道路下雨积水",
            "content": "园区主干道下雨后积水严重，车辆无法通行",
        },
        follow=True,
    )
    assert theirs.number in res.content.decode()
