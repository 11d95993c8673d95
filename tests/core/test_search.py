"""Finding things: GET /api/v1/search and the header's search page, each answer within the caller's scope."""

from __future__ import annotations

from typing import Any

import pytest

from qifu.applications import services as applications
from qifu.demands import services as demands
from tests.applications.helpers import food_licence
from tests.conftest import Cast
from tests.demands.helpers import register

pytestmark = pytest.mark.django_db


def found(api: Any, user: Any, q: str) -> set[tuple[str, str]]:
    res = api(user).get("/search", q=q)
    assert res.status_code == 200, res.content
    items = res.json()["items"]
    assert all(not item["url"].startswith("/api/") for item in items)
    return {(item["type"], item["title"]) for item in items}


@pytest.fixture
def cases(cast: Cast) -> dict[str, Any]:
    """A demand of cast.ent assigned to the tax office, one of cast.other_ent, an application of cast.ent."""
    mine = register(cast, title="厂房消防验收咨询")
    demands.demand_assign(
        actor=cast.dispatcher, demand_id=mine.pk, department_id=cast.tax.pk, complexity="general", days=5
    )
    theirs = register(cast, enterprise_id=cast.other_ent.pk, title="出口退税进度")
    application = applications.application_submit(
        actor=cast.window, enterprise_id=cast.ent.pk, item_id=food_licence(cast).pk, mode="assisted"
    )
    return {"mine": mine, "theirs": theirs, "application": application}


def test_by_number_code_name_and_title_words(cast: Cast, api: Any, cases: dict[str, Any]) -> None:
    mine, application = cases["mine"], cases["application"]
    assert ("demand", f"{mine.number} 厂房消防验收咨询") in found(api, cast.dispatcher, mine.number)
    assert ("demand", f"{mine.number} 厂房消防验收咨询") in found(api, cast.dispatcher, mine.number[:10].lower())
    assert ("demand", f"{mine.number} 厂房消防验收咨询") in found(api, cast.dispatcher, "消防 咨询")
    by_code = found(api, cast.admin, cast.ent.uscc)
    assert ("enterprise", cast.ent.name) in by_code and ("demand", f"{mine.number} 厂房消防验收咨询") in by_code
    assert ("application", f"{application.number} 食品经营许可") in found(api, cast.window, application.number)
    by_name = found(api, cast.dispatcher, "德盛")
    assert ("enterprise", cast.other_ent.name) in by_name and ("enterprise", cast.ent.name) not in by_name
    hit = api(cast.dispatcher).get("/search", q=mine.number).json()["items"][0]
    assert hit == {
        "type": "demand",
        "id": mine.pk,
        "title": f"{mine.number} 厂房消防验收咨询",
        "subtitle": f"{cast.ent.name} · 待签收",
        "url": f"/demands/{mine.pk}/",
    }


def test_each_role_finds_only_what_it_may_see(cast: Cast, api: Any, cases: dict[str, Any]) -> None:
    mine, theirs = cases["mine"], cases["theirs"]
    everyone = found(api, cast.admin, "揭阳市")
    assert {("enterprise", cast.ent.name), ("enterprise", cast.other_ent.name)} <= everyone
    # The enterprise: its own enterprise and cases, nothing of the other one.
    own = found(api, cast.enterprise_user, "揭阳市")
    assert ("enterprise", cast.ent.name) in own and not any(cast.other_ent.name in t for _, t in own)
    assert found(api, cast.enterprise_user, theirs.number) == set()
    assert found(api, cast.enterprise_user, cast.other_ent.uscc) == set()
    assert ("demand", f"{mine.number} 厂房消防验收咨询") in found(api, cast.enterprise_user, mine.number)
    # The officer: the enterprises it stewards.
    assert found(api, cast.officer, cast.other_ent.uscc) == set()
    assert found(api, cast.officer, theirs.number) == set()
    # The market regulator's handler: the register, but not a demand assigned to the tax office.
    handler = found(api, cast.handler, cast.ent.uscc)
    assert ("enterprise", cast.ent.name) in handler and not any(kind == "demand" for kind, _ in handler)
    # The park liaison: its park's enterprises (cast.ent is in park A, cast.other_ent in park B).
    assert found(api, cast.liaison, cast.other_ent.name) == set()


def test_the_page_and_the_header_box(cast: Cast, page_client: Any, cases: dict[str, Any]) -> None:
    mine = cases["mine"]
    page = page_client(cast.enterprise_user).get("/search/", {"q": mine.number}).content.decode()
    assert 'action="/search/"' in page and f'href="/demands/{mine.pk}/"' in page and "诉求" in page
    other = page_client(cast.enterprise_user).get("/search/", {"q": cases["theirs"].number}).content.decode()
    assert "没有找到" in other and cases["theirs"].number not in other.split("没有找到")[0].split("search-results")[-1]
    for user in (cast.window, cast.handler, cast.enterprise_user, cast.supervisor):
        assert 'class="qf-search-box"' in page_client(user).get("/").content.decode()
    outsider = page_client(cast.outsider).get("/search/", {"q": cast.ent.name})
    assert outsider.status_code == 200 and cast.ent.uscc not in outsider.content.decode()
    assert page_client(cast.window).get("/search/", {"q": "x" * 500}).status_code == 200  # says it is too long


@pytest.mark.parametrize("q", ["", "   ", "%", "_", "\\", "'; drop table x;--", "𠮷", "\u0000", "<script>", "x" * 100])
def test_odd_input_answers_a_list(cast: Cast, api: Any, q: str) -> None:
    res = api(cast.dispatcher).get("/search", q=q)
    assert res.status_code == 200 and isinstance(res.json()["items"], list)


def test_too_long_or_unstorable_input_answers_422(cast: Cast, api: Any) -> None:
    res = api(cast.dispatcher).get("/search", q="x" * 101)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "q"
    client = api(cast.dispatcher)
    raw = client.client.get("/api/v1/search?q=%ED%A0%80%FF", **client.headers)  # a lone surrogate, a stray byte
    assert raw.status_code == 422 or (raw.status_code == 200 and raw.json()["items"] == [])


def test_a_fixed_number_of_queries(cast: Cast, api: Any, django_assert_max_num_queries: Any) -> None:
    client = api(cast.dispatcher)
    for i in range(3):
        register(cast, title=f"用地问题{i}")
    # The token, and a bounded few per kind of record (core.search.newest_matching asks each way of finding on its
    # own: the enterprises, the number, each title, the enterprises' cases, the rows), however many records match.
    with django_assert_max_num_queries(28):
        first = client.get("/search", q="用地")
    for i in range(12):
        register(cast, title=f"用地问题又{i}")
    with django_assert_max_num_queries(28):
        more = client.get("/search", q="用地")
    assert len(first.json()["items"]) == 3 and len(more.json()["items"]) == 10
