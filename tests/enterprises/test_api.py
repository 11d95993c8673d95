"""Enterprise API: create, read, update, list, ledger, stewardship; bad input, conflicts, idempotency, masking."""

from __future__ import annotations

from typing import Any

import pytest

from qifu.core.models import AuditEvent
from qifu.enterprises.models import Enterprise, Stewardship
from tests.conftest import Cast, make_uscc

pytestmark = pytest.mark.django_db


def new_payload(**overrides: Any) -> dict[str, Any]:
    payload = {
        "uscc": make_uscc(900),
        "name": "揭阳市锦丰纺织有限公司",
        "industry_code": "C1713",
        "scale": "small",
        "established_on": "2019-03-12",
        "lifecycle_stage": "operation",
        "tags": ["规上企业"],
        "employees": 50,
        "annual_revenue": 800,
        "registered_capital": 500,
        "contact_name": "蔡少芬",
        "contact_phone": "13711112222",
    }
    payload.update(overrides)
    return payload


def test_create_returns_201_and_audits(cast: Cast, api: Any) -> None:
    res = api(cast.dispatcher).post("/enterprises", new_payload(park_id=cast.park_a.pk))
    assert res.status_code == 201, res.content
    body = res.json()
    assert body["id"] and body["uscc"] == make_uscc(900) and body["park"]["name"] == "经开区"
    assert body["tags"] == ["规上企业"] and body["industry_name"] == "C1713 纺织业"
    assert AuditEvent.objects.filter(action="enterprise.create", object_id=str(body["id"])).exists()


def test_letter_first_uscc_is_accepted(cast: Cast, api: Any) -> None:
    code = make_uscc(901, first="N", kind="2")
    res = api(cast.admin).post("/enterprises", new_payload(uscc=code, name="揭东区云路镇股份经济合作社"))
    assert res.status_code == 201, res.content


def test_wrong_check_character_is_refused_in_chinese_and_writes_nothing(cast: Cast, api: Any) -> None:
    code = make_uscc(902)
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    before = Enterprise.objects.count()
    res = api(cast.admin).post("/enterprises", new_payload(uscc=wrong))
    assert res.status_code == 422
    assert {"field": "uscc", "message": "统一社会信用代码校验位错误"} in res.json()["errors"]
    assert Enterprise.objects.count() == before


def test_every_bad_field_is_named(cast: Cast, api: Any) -> None:
    res = api(cast.admin).post(
        "/enterprises",
        new_payload(industry_code="C99", scale="huge", employees=-1, contact_phone="abc", tags=["不存在的标签"]),
    )
    assert res.status_code == 422
    fields = {e["field"] for e in res.json()["errors"]}
    assert fields == {"industry_code", "scale", "employees", "contact_phone", "tags"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in e["message"]) for e in res.json()["errors"])


def test_bad_json_types_get_chinese_field_messages(cast: Cast, api: Any) -> None:
    res = api(cast.admin).post("/enterprises", new_payload(established_on="去年"))
    assert res.status_code == 422
    assert res.json()["errors"][0]["field"] == "established_on"
    assert "成立日期" in res.json()["errors"][0]["message"]


def test_duplicate_code_is_a_conflict(cast: Cast, api: Any) -> None:
    res = api(cast.admin).post("/enterprises", new_payload(uscc=cast.ent.uscc))
    assert res.status_code == 409
    assert res.json()["errors"][0]["field"] == "uscc"


def test_idempotency_key_returns_first_answer(cast: Cast, api: Any) -> None:
    client = api(cast.dispatcher)
    first = client.post("/enterprises", new_payload(), HTTP_IDEMPOTENCY_KEY="k-1")
    second = client.post("/enterprises", new_payload(), HTTP_IDEMPOTENCY_KEY="k-1")
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Enterprise.objects.filter(uscc=make_uscc(900)).count() == 1


def test_patch_changes_only_sent_fields_and_checks_version(cast: Cast, api: Any) -> None:
    client = api(cast.officer)
    res = client.patch(f"/enterprises/{cast.ent.pk}", {"employees": 95, "version": cast.ent.version})
    assert res.status_code == 200, res.content
    assert res.json()["employees"] == 95 and res.json()["name"] == cast.ent.name
    stale = client.patch(f"/enterprises/{cast.ent.pk}", {"employees": 96, "version": cast.ent.version})
    assert stale.status_code == 409
    event = AuditEvent.objects.filter(action="enterprise.update").last()
    assert event is not None and event.data["changes"]["employees"] == [80, 95]


def test_enterprise_user_edits_only_its_own_contact_data(cast: Cast, api: Any) -> None:
    client = api(cast.enterprise_user)
    assert client.patch(f"/enterprises/{cast.ent.pk}", {"contact_phone": "13612345678"}).status_code == 200
    res = client.patch(f"/enterprises/{cast.ent.pk}", {"name": "改个名字有限公司"})
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "name"
    assert client.patch(f"/enterprises/{cast.other_ent.pk}", {"contact_phone": "13612345678"}).status_code == 404


def test_supervisor_reads_but_cannot_write(cast: Cast, api: Any) -> None:
    client = api(cast.supervisor)
    assert client.get(f"/enterprises/{cast.ent.pk}").status_code == 200
    assert client.patch(f"/enterprises/{cast.ent.pk}", {"employees": 1}).status_code == 403
    assert client.post("/enterprises", new_payload()).status_code == 403


def test_personal_data_is_masked_for_roles_that_do_not_need_it(cast: Cast, api: Any) -> None:
    masked = api(cast.handler).get(f"/enterprises/{cast.ent.pk}").json()
    assert masked["legal_representative"] == "陈**" and masked["contact_phone"] == "138****8000"
    plain = api(cast.officer).get(f"/enterprises/{cast.ent.pk}").json()
    assert plain["legal_representative"] == "陈建华" and plain["contact_phone"] == "13800138000"


def test_list_filters_and_keyset_pages(cast: Cast, api: Any) -> None:
    client = api(cast.admin)
    for i in range(5):
        assert (
            client.post(
                "/enterprises",
                new_payload(uscc=make_uscc(910 + i), name=f"揭阳市测试{i}号有限公司", park_id=cast.park_a.pk),
            ).status_code
            == 201
        )
    seen: list[int] = []
    cursor = None
    while True:
        params = {"park_id": cast.park_a.pk, "limit": 2, **({"cursor": cursor} if cursor else {})}
        body = client.get("/enterprises", **params).json()
        seen += [item["id"] for item in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    expected = list(Enterprise.objects.filter(park=cast.park_a).order_by("-id").values_list("id", flat=True))
    assert seen == expected and len(seen) == 6
    assert [i["name"] for i in client.get("/enterprises", tag="专精特新").json()["items"]] == [cast.other_ent.name]
    assert client.get("/enterprises", q=cast.ent.uscc.lower()).json()["items"][0]["id"] == cast.ent.pk
    assert client.get("/enterprises", limit=500).status_code == 422
    assert client.get("/enterprises", cursor="garbage!").status_code == 422


def test_list_query_count_does_not_grow_with_rows(cast: Cast, api: Any, django_assert_max_num_queries: Any) -> None:
    client = api(cast.admin)
    for i in range(12):
        client.post("/enterprises", new_payload(uscc=make_uscc(930 + i), name=f"揭阳市数量{i}有限公司"))
    with django_assert_max_num_queries(8):
        assert len(client.get("/enterprises", limit=50).json()["items"]) == 14


def test_ledger_and_stewardship(cast: Cast, api: Any) -> None:
    officer = api(cast.officer)
    res = officer.post(
        f"/enterprises/{cast.ent.pk}/ledger",
        {"entry_date": "2026-11-02", "category": "difficulties", "content": "用电增容未落实"},
    )
    assert res.status_code == 201, res.content
    assert officer.get(f"/enterprises/{cast.ent.pk}/ledger").json()["items"][0]["content"] == "用电增容未落实"
    assert (
        officer.post(
            f"/enterprises/{cast.other_ent.pk}/ledger",
            {"entry_date": "2026-11-02", "category": "plans", "content": "x"},
        ).status_code
        == 404
    )
    bad = officer.post(
        f"/enterprises/{cast.ent.pk}/ledger", {"entry_date": "2026-11-02", "category": "x", "content": ""}
    )
    assert bad.status_code == 422 and {e["field"] for e in bad.json()["errors"]} == {"category", "content"}

    admin = api(cast.admin)
    moved = admin.post(f"/enterprises/{cast.ent.pk}/stewardships", {"officer_id": cast.other_officer.pk})
    assert moved.status_code == 201
    history = admin.get(f"/enterprises/{cast.ent.pk}/stewardships").json()["items"]
    assert [h["officer"]["name"] for h in history[:2]] == ["other-officer", "officer"]
    assert Stewardship.objects.filter(enterprise=cast.ent, ended_on__isnull=True).count() == 1
    # The officer lost the enterprise: it is now out of scope.
    assert api(cast.officer).get(f"/enterprises/{cast.ent.pk}").status_code == 404
    assert (
        admin.post(f"/enterprises/{cast.ent.pk}/stewardships", {"officer_id": cast.other_officer.pk}).status_code == 409
    )
    assert admin.post(f"/enterprises/{cast.ent.pk}/stewardships", {"officer_id": cast.handler.pk}).status_code == 422


def test_only_the_centre_sets_the_credit_restriction(cast: Cast, api: Any) -> None:
    res = api(cast.officer).patch(f"/enterprises/{cast.ent.pk}", {"credit_restricted": True})
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "credit_restricted"
    res = api(cast.dispatcher).patch(f"/enterprises/{cast.ent.pk}", {"credit_restricted": True})
    assert res.status_code == 200 and res.json()["credit_restricted"] is True
    from qifu.applications.services import deferral_blocked

    cast.ent.refresh_from_db()
    assert "信用受限" in deferral_blocked(cast.ent)
