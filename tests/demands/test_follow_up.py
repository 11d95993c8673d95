"""The follow-up (回访) records how and when the enterprise was reached; the ledger has a 走访 category."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from qifu.demands.models import FollowUp
from qifu.enterprises.models import LedgerEntry
from tests.conftest import Cast
from tests.demands.helpers import in_state


def test_the_centre_records_method_and_date(cast: Cast, api: Any, page_client: Any) -> None:
    demand = in_state(cast, "replied")
    today = timezone.localdate()
    tomorrow = (today + dt.timedelta(days=1)).isoformat()
    future = api(cast.dispatcher).post(
        f"/demands/{demand.pk}/visit", {"satisfaction": "satisfied", "method": "onsite", "visited_on": tomorrow}
    )
    assert future.status_code == 422 and future.json()["errors"][0]["field"] == "visited_on"
    assert "回访日期" in future.json()["detail"] and not FollowUp.objects.exists()
    bad = api(cast.dispatcher).post(f"/demands/{demand.pk}/visit", {"satisfaction": "satisfied", "method": "fax"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "method"
    yesterday = today - dt.timedelta(days=1)
    got = api(cast.dispatcher).post(
        f"/demands/{demand.pk}/visit",
        {"satisfaction": "satisfied", "method": "onsite", "visited_on": yesterday.isoformat()},
    )
    assert got.status_code == 200, got.content
    follow_up = FollowUp.objects.get(demand=demand)
    assert (follow_up.method, follow_up.visited_on) == ("onsite", yesterday)
    assert got.json()["timeline"][-1]["note"].startswith(f"实地回访（{yesterday.month}月{yesterday.day}日）：满意")
    printed = page_client(cast.dispatcher).get(f"/demands/{demand.pk}/print/").content.decode()
    assert f"{yesterday:%Y-%m-%d} 实地" in printed


def test_the_page_form_and_the_enterprise_answer(cast: Cast, page_client: Any) -> None:
    demand = in_state(cast, "replied")
    page = page_client(cast.dispatcher).get(f"/demands/{demand.pk}/").content.decode()
    assert 'name="method"' in page and 'name="visited_on"' in page and "实地" in page
    own = page_client(cast.enterprise_user)
    assert 'name="visited_on"' not in own.get(f"/demands/{demand.pk}/").content.decode()
    own.post(f"/demands/{demand.pk}/visit/", {"satisfaction": "satisfied", "method": "phone"})
    follow_up = FollowUp.objects.get(demand=demand)
    assert (follow_up.method, follow_up.visited_on) == ("online", timezone.localdate())


def test_the_ledger_records_a_visit(cast: Cast, api: Any) -> None:
    got = api(cast.officer).post(
        f"/enterprises/{cast.ent.pk}/ledger",
        {"entry_date": "2026-11-02", "category": "visit", "content": "走访企业，了解用工需求"},
    )
    assert got.status_code == 201, got.content
    assert LedgerEntry.objects.get(enterprise=cast.ent).get_category_display() == "走访"
