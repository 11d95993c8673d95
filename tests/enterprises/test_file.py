"""一企一档: the enterprise page is its whole file, each part as far as the viewer may see, with counts, links to
the filtered lists and quick actions for the roles that may use them."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from qifu.applications import services as applications
from qifu.demands import services as demands
from qifu.enterprises.services import ledger_entry_add
from qifu.policies import services as policies
from qifu.policies.models import PolicyClaim
from qifu.policies.schemas import PolicyIn
from tests.applications.helpers import food_licence
from tests.conftest import Cast
from tests.demands.helpers import in_state, register

pytestmark = pytest.mark.django_db


def card_count(html: str, key: str) -> int | None:
    """The count on the card with id `key`, or None when the card is not on the page."""
    found = re.search(rf'id="{key}".*?data-count>(\d+)<', html, re.S)
    return int(found.group(1)) if found else None


def quick_actions(html: str) -> dict[str, str]:
    nav = re.search(r'<nav class="qf-quick[^>]*>(.*?)</nav>', html, re.S)
    return {
        label: url.replace("&amp;", "&")
        for url, label in re.findall(r'<a href="([^"]*)" data-action="([^"]*)"', nav.group(1) if nav else "")
    }


def a_file(cast: Cast, commit: Any) -> None:
    """cast.ent with a closed (rated) demand, a demand for the tax office, an application, a rated claim and
    a visit and a ledger entry; cast.other_ent with one demand."""
    in_state(cast, "closed")  # lead department: market; the follow-up says satisfied
    other = register(cast, title="发票领用问题")
    demands.demand_assign(
        actor=cast.dispatcher, demand_id=other.pk, department_id=cast.tax.pk, complexity="general", days=5
    )
    register(cast, enterprise_id=cast.other_ent.pk, title="别家企业的诉求")
    made = food_licence(cast)
    applications.application_submit(actor=cast.window, enterprise_id=cast.ent.pk, item_id=made.pk, mode="assisted")
    with commit():
        policy = policies.policy_create(
            actor=cast.head,
            fields=PolicyIn.model_validate(
                {
                    "title": "小微企业稳岗补贴",
                    "summary": "补贴",
                    "effective_from": "2026-01-01",
                    "department_id": cast.market.pk,
                    "materials": "营业执照",
                    "guide_beneficiaries": "小微企业",
                    "guide_conditions": "无",
                    "guide_where": "区政务服务中心",
                    "contact": "0663-8888888",
                    "criteria": {"scales": ["small"]},
                    "publish": True,
                }
            ),
        )
    claim = policies.claim_submit(actor=cast.window, policy_id=policy.pk, enterprise_id=cast.ent.pk)
    PolicyClaim.objects.filter(pk=claim.pk).update(rating=4, rating_comment="办得快")  # as if paid and rated
    day = dt.date(2026, 11, 20)
    ledger_entry_add(
        actor=cast.officer, enterprise_id=cast.ent.pk, entry_date=day, category="visit", content="走访：扩产用地"
    )
    ledger_entry_add(
        actor=cast.officer, enterprise_id=cast.ent.pk, entry_date=day, category="plans", content="明年扩产"
    )


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_the_whole_file_with_counts_links_and_quick_actions(cast: Cast, commit: Any, page_client: Any) -> None:
    a_file(cast, commit)
    html = page_client(cast.admin).get(f"/enterprises/{cast.ent.pk}/").content.decode()
    ent = cast.ent.pk
    assert card_count(html, "enterprise-visits") == 1 and "走访：扩产用地" in html
    assert card_count(html, "enterprise-ledger") == 1 and "明年扩产" in html
    assert card_count(html, "enterprise-stewardship") == 1
    assert card_count(html, "enterprise-demands") == 2 and f'href="/demands/?enterprise_id={ent}"' in html
    assert "别家企业的诉求" not in html
    assert card_count(html, "enterprise-applications") == 1 and f'href="/applications/?enterprise_id={ent}"' in html
    assert card_count(html, "enterprise-claims") == 1 and f'href="/policies/claims/?enterprise_id={ent}"' in html
    assert card_count(html, "policy-matches") == 1 and f'href="/policies/mine/?enterprise_id={ent}"' in html
    assert card_count(html, "enterprise-follow-ups") == 1 and "满意 1 次" in html
    assert card_count(html, "enterprise-claim-ratings") == 1 and "4星 满意" in html and "办得快" in html
    assert quick_actions(html) == {
        "新诉求": f"/demands/new/?enterprise_id={ent}",
        "办事": f"/applications/new/?enterprise_id={ent}",
        "预约": f"/applications/appointments/?enterprise_id={ent}",
        "走访": "?ledger=visit#ledger-form",
    }
    # 走访 opens the ledger form with the visit category chosen.
    visit_form = page_client(cast.admin).get(f"/enterprises/{ent}/", {"ledger": "visit"}).content.decode()
    assert '<option value="visit" selected>走访</option>' in visit_form


def test_each_viewer_sees_its_part_only(cast: Cast, commit: Any, page_client: Any) -> None:
    a_file(cast, commit)
    url = f"/enterprises/{cast.ent.pk}/"
    handler = page_client(cast.handler).get(url).content.decode()  # 市场监管: not the tax office's demand
    assert card_count(handler, "enterprise-demands") == 1 and "发票领用问题" not in handler
    assert card_count(handler, "enterprise-claims") == 1
    assert set(quick_actions(handler)) == {"新诉求"}  # department staff register demands (at their counter, on site)
    assert "13800138000" not in handler and "陈建华" not in handler  # personal data masked
    guide = page_client(cast.guide).get(url).content.decode()  # the hall sees what it took in, and all applications
    assert card_count(guide, "enterprise-demands") == 0 and card_count(guide, "enterprise-applications") == 1
    assert set(quick_actions(guide)) == {"新诉求", "办事", "预约"}
    own = page_client(cast.enterprise_user).get(url).content.decode()
    assert card_count(own, "enterprise-demands") == 2 and card_count(own, "enterprise-claim-ratings") == 1
    assert quick_actions(own) == {
        "新诉求": "/demands/new/",
        "办事": "/applications/new/",
        "预约": "/applications/appointments/",
    }
    officer = page_client(cast.officer).get(url).content.decode()
    assert "走访" in quick_actions(officer) and card_count(officer, "enterprise-visits") == 1
    for user in (cast.enterprise_user, cast.officer, cast.liaison):
        assert page_client(user).get(f"/enterprises/{cast.other_ent.pk}/").status_code == 404
    assert page_client(cast.outsider).get(url).status_code in (403, 404)


def test_the_filtered_lists_behind_the_links(cast: Cast, commit: Any, page_client: Any) -> None:
    a_file(cast, commit)
    made = food_licence_for_other(cast)
    window = page_client(cast.window)
    apps = window.get("/applications/", {"enterprise_id": cast.other_ent.pk}).content.decode()
    assert made.number in apps and "仅显示" in apps and cast.other_ent.name in apps
    assert made.number not in window.get("/applications/", {"enterprise_id": cast.ent.pk}).content.decode()
    number = PolicyClaim.objects.get().number
    assert number in window.get("/policies/claims/", {"enterprise_id": cast.ent.pk}).content.decode()
    assert number not in window.get("/policies/claims/", {"enterprise_id": cast.other_ent.pk}).content.decode()
    matches = page_client(cast.officer).get("/policies/mine/", {"enterprise_id": cast.ent.pk}).content.decode()
    assert "小微企业稳岗补贴" in matches and "退订政策推送" not in matches
    assert page_client(cast.officer).get("/policies/mine/", {"enterprise_id": cast.other_ent.pk}).status_code == 404
    choose = window.get("/applications/new/", {"enterprise_id": cast.ent.pk}).content.decode()
    assert f"enterprise_id={cast.ent.pk}" in choose  # the item chosen next keeps the enterprise


def food_licence_for_other(cast: Cast) -> Any:
    from qifu.catalog.models import ServiceItem

    made = ServiceItem.objects.get(code="SJJ-SPJY")
    return applications.application_submit(
        actor=cast.window, enterprise_id=cast.other_ent.pk, item_id=made.pk, mode="assisted"
    )


def test_the_page_makes_a_fixed_number_of_queries(cast: Cast, commit: Any, page_client: Any) -> None:
    a_file(cast, commit)
    client = page_client(cast.admin)
    url = f"/enterprises/{cast.ent.pk}/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for i in range(6):
        register(cast, title=f"又一条诉求{i}")
        ledger_entry_add(
            actor=cast.officer,
            enterprise_id=cast.ent.pk,
            entry_date=dt.date(2026, 11, 1),
            category="visit",
            content=f"走访{i}",
        )
    with CaptureQueriesContext(connection) as more:
        assert client.get(url).status_code == 200
    assert len(more) == len(few) and len(few) <= 45, len(few)  # each app's panel reads its rows once
