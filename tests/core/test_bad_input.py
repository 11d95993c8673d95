"""Input no column can hold is refused at the edge with a Chinese message naming the field, and nothing is written:
unicode digits and integers beyond bigint in ids, days outside 1900-2100, NaN and infinity, numbers beyond their
column, lone surrogates, over-long upload names (API.md "Every endpoint")."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.db.models import Model

from qifu.accounts.models import ApiToken
from qifu.demands.models import DemandAttachment
from qifu.enterprises.models import Enterprise
from qifu.policies.models import Policy, PolicyClaim
from tests.conftest import Cast, make_uscc
from tests.demands.helpers import in_state

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")
HUGE = "99999999999999999999"  # beyond bigint


def assert_refused(res: Any, field: str) -> None:
    assert res.status_code in (400, 422), (res.status_code, res.content)
    body = res.json()
    assert field in [e["field"] for e in body["errors"]], body
    assert all(CHINESE.search(e["message"]) for e in body["errors"]), body


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/policies?department_id=³", "department_id"),
        ("/policies?department_id=٣", "department_id"),
        (f"/policies?department_id={HUGE}", "department_id"),
        ("/demands?department_id=³", "department_id"),
        ("/demands?enterprise_id=٣", "enterprise_id"),
        (f"/demands?park_id={HUGE}", "park_id"),
        ("/demands?date_to=9999-12-31", "date_to"),
        ("/demands?date_from=9999-12-31", "date_from"),
        ("/demands?date_from=1899-12-31", "date_from"),
        ("/enterprises?park_id=³", "park_id"),
        ("/enterprises?town_id=٣", "town_id"),
        (f"/enterprises?park_id={HUGE}", "park_id"),
        (f"/demands/{HUGE}", "demand_id"),
        (f"/enterprises/{HUGE}", "enterprise_id"),
        (f"/policies/{HUGE}", "policy_id"),
        ("/calendar/add-workdays?start=9999-12-31&days=3", "start"),
        (f"/calendar/add-workdays?start=2026-01-05&days={HUGE}", "days"),
        ("/calendar/workdays-between?start=2026-01-05&end=0001-01-01", "end"),
    ],
)
def test_api_queries_and_paths(cast: Cast, api: Any, path: str, field: str) -> None:
    assert_refused(api(cast.admin).get(path), field)


@pytest.mark.parametrize(
    "path",
    [
        "/demands/export/?department_id=³",
        f"/demands/export/?park_id={HUGE}",
        "/demands/export/?date_to=9999-12-31",
        "/enterprises/export/?park_id=³",
        "/policies/?department_id=³",
    ],
)
def test_pages_and_exports_refuse(cast: Cast, page_client: Any, path: str) -> None:
    res = page_client(cast.admin).get(path)
    assert res.status_code == 422
    assert "应为编号" in res.content.decode() or "1900" in res.content.decode()


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/demands/?department_id=³", "牵头部门应为编号"),
        ("/demands/?date_to=9999-12-31", "结束日期应在1900年至2100年之间"),
        ("/enterprises/?park_id=٣", "所属园区应为编号"),
    ],
)
def test_list_pages_say_which_filter_is_wrong(cast: Cast, page_client: Any, path: str, message: str) -> None:
    res = page_client(cast.admin).get(path)
    assert res.status_code == 200  # the list page shows the message in place (htmx swaps only 2xx answers)
    assert message in res.content.decode()


def count(model: type[Model]) -> int:
    return model.objects.count()  # type: ignore[attr-defined]


def post_raw(api: Any, user: Any, path: str, raw: str) -> Any:
    client = api(user)
    return client.client.post("/api/v1" + path, raw, content_type="application/json", **client.headers)


def enterprise_body(**extra: Any) -> dict[str, Any]:
    return {"uscc": make_uscc(77), "name": "揭阳市新材料有限公司", "industry_code": "C3311", "scale": "small", **extra}


def policy_body(cast: Cast, **extra: Any) -> dict[str, Any]:
    return {
        "title": "稳岗补贴",
        "department_id": cast.market.pk,
        "effective_from": "2026-01-01",
        "summary": "一次性稳岗补贴。",
        **extra,
    }


@pytest.mark.parametrize(
    ("path", "body", "field", "model"),
    [
        ("/enterprises", enterprise_body(employees=1e20), "employees", Enterprise),
        ("/enterprises", enterprise_body(employees=20_000_000), "employees", Enterprise),
        ("/enterprises", enterprise_body(registered_capital="NaN"), "registered_capital", Enterprise),
        ("/enterprises", enterprise_body(annual_revenue=1e15), "annual_revenue", Enterprise),
        ("/enterprises", enterprise_body(established_on="1800-01-01"), "established_on", Enterprise),
        ("/enterprises", enterprise_body(name="宏达\udfff"), "name", Enterprise),
        ("/enterprises", enterprise_body(park_id=int(HUGE)), "park_id", Enterprise),
        ("/policies", "effective_to=9999-12-31", "effective_to", Policy),
        ("/policies", "criteria.max_revenue=NaN", "criteria.max_revenue", Policy),
        ("/policies", "criteria.min_revenue=1e30", "criteria.min_revenue", Policy),
        ("/policies", "criteria.min_employees=³", "criteria.min_employees", Policy),
        ("/policies", 'criteria.park_ids=["٣"]', "criteria.park_ids", Policy),
        ("/policy-claims", {"policy_id": 1, "enterprise_id": 1, "amount": 1e20}, "amount", PolicyClaim),
        ("/policy-claims", {"policy_id": 1, "enterprise_id": 1, "amount": "NaN"}, "amount", PolicyClaim),
        ("/policy-claims", {"policy_id": int(HUGE), "enterprise_id": 1}, "policy_id", PolicyClaim),
        ("/auth/token", {"username": "\udfff", "password": "x"}, "username", ApiToken),
    ],
)
def test_bodies_refused_and_nothing_written(
    cast: Cast, api: Any, path: str, body: Any, field: str, model: type[Model]
) -> None:
    if isinstance(body, str):  # a policy with one bad value
        name, value = body.split("=")
        parsed = json.loads(value) if value.startswith("[") else value
        body = policy_body(cast, criteria={name[9:]: parsed}) if name.startswith("criteria.") else policy_body(cast)
        if not name.startswith("criteria."):
            body[name] = value
    user = cast.enterprise_user if path == "/policy-claims" else cast.head if path == "/policies" else cast.admin
    client = api(user)
    before = count(model)
    assert_refused(client.post(path, body), field)
    assert count(model) == before


@pytest.mark.parametrize(
    ("raw", "field"),
    [
        ('{"min_revenue": 1e400}', "criteria.min_revenue"),
        ('{"max_revenue": Infinity}', "criteria.max_revenue"),
        ('{"max_employees": NaN}', "criteria.max_employees"),
    ],
)
def test_json_infinity_and_nan_refused(cast: Cast, api: Any, raw: str, field: str) -> None:
    body = json.dumps(policy_body(cast, criteria={}))
    body = body.replace('"criteria": {}', f'"criteria": {raw}')
    assert_refused(post_raw(api, cast.head, "/policies", body), field)
    assert not Policy.objects.exists()


@pytest.mark.parametrize("raw", ["\x00", '{"username": "a"', "\xff\xfe"])
def test_malformed_json_body(cast: Cast, api: Any, raw: str) -> None:
    res = post_raw(api, cast.admin, "/enterprises", raw)
    assert_refused(res, "body")
    assert "JSON" in res.json()["detail"]


def test_enterprise_patch_with_surrogate_or_nan(cast: Cast, api: Any) -> None:
    client = api(cast.admin)
    assert_refused(client.patch(f"/enterprises/{cast.ent.pk}", {"name": "\ud800"}), "name")
    assert_refused(client.patch(f"/enterprises/{cast.ent.pk}", {"annual_revenue": "Infinity"}), "annual_revenue")
    cast.ent.refresh_from_db()
    assert cast.ent.name == "揭阳市宏达五金制品有限公司"
    assert str(cast.ent.annual_revenue) == "1200.50"


@pytest.mark.parametrize("name", ["申" * 996 + ".pdf", "a" * 996 + ".pdf", "a" * 250 + ".pdf"])
def test_upload_names_too_long(cast: Cast, api: Any, name: str) -> None:
    demand = in_state(cast, "in_progress")
    upload = io.BytesIO(b"%PDF-1.4 test")
    upload.name = name
    client = api(cast.enterprise_user)
    res = client.client.post(f"/api/v1/demands/{demand.pk}/attachments", {"file": upload}, **client.headers)
    assert_refused(res, "file")
    assert "文件名" in res.json()["detail"]
    assert not DemandAttachment.objects.exists()
