"""Every role against every endpoint and page built so far: who sees what, who may do what.

Expected statuses are written out per role so that a change in access shows up here as a diff.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from qifu.accounts.services import token_issue
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

ROLES = [
    "admin",
    "dispatcher",
    "window_staff",
    "guide",
    "service_officer",
    "department_handler",
    "department_head",
    "supervisor",
    "park_liaison",
    "enterprise",
    "outsider",
]


def expect(**by_role: int) -> dict[str, int]:
    missing = set(ROLES) - set(by_role)
    assert not missing, missing
    return by_role


# (method, path template, body, expected status by role)
API_CASES: list[tuple[str, str, dict[str, Any] | None, dict[str, int]]] = [
    (
        "get",
        "/departments",
        None,
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=200,
            outsider=401,
        ),
    ),
    (
        "get",
        "/calendar/add-workdays?start=2025-01-24&days=3",
        None,
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=200,
            outsider=401,
        ),
    ),
    (
        "get",
        "/enterprises/{ent}",
        None,
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=200,
            outsider=401,
        ),
    ),
    (
        "get",
        "/enterprises/{other}",
        None,
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=404,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=404,
            enterprise=404,
            outsider=401,
        ),
    ),
    (
        "patch",
        "/enterprises/{ent}",
        {"address": "揭东区经开区1号"},
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=403,
            service_officer=200,
            department_handler=403,
            department_head=403,
            supervisor=403,
            park_liaison=200,
            enterprise=200,
            outsider=401,
        ),
    ),
    (
        "patch",
        "/enterprises/{other}",
        {"address": "揭东区经开区2号"},
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=403,
            service_officer=404,
            department_handler=403,
            department_head=403,
            supervisor=403,
            park_liaison=404,
            enterprise=404,
            outsider=401,
        ),
    ),
    (
        "post",
        "/enterprises/{ent}/ledger",
        {"entry_date": "2026-01-05", "category": "plans", "content": "扩产"},
        expect(
            admin=201,
            dispatcher=403,
            window_staff=403,
            guide=403,
            service_officer=201,
            department_handler=403,
            department_head=403,
            supervisor=403,
            park_liaison=403,
            enterprise=403,
            outsider=401,
        ),
    ),
    (
        "get",
        "/enterprises/{other}/ledger",
        None,
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=404,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=404,
            enterprise=404,
            outsider=401,
        ),
    ),
    (
        "post",
        "/enterprises/{ent}/stewardships",
        {"officer_id": "{other_officer}"},
        expect(
            admin=201,
            dispatcher=201,
            window_staff=403,
            guide=403,
            service_officer=403,
            department_handler=403,
            department_head=403,
            supervisor=403,
            park_liaison=403,
            enterprise=403,
            outsider=401,
        ),
    ),
    (
        "get",
        "/appointments",
        None,
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=200,
            outsider=401,
        ),
    ),
    (
        "get",
        "/policies",
        None,
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=200,
            outsider=200,
        ),
    ),
    (
        "get",
        "/policy-claims",
        None,
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=200,
            outsider=401,
        ),
    ),
    (
        "get",
        "/enterprises/{ent}/policy-matches",
        None,
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=200,
            outsider=401,
        ),
    ),
    (
        "get",
        "/enterprises/{other}/policy-matches",
        None,
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=404,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=404,
            enterprise=404,
            outsider=401,
        ),
    ),
]


def _fill(text: str, cast: Cast) -> str:
    return text.format(ent=cast.ent.pk, other=cast.other_ent.pk, other_officer=cast.other_officer.pk)


@pytest.mark.parametrize("role", ROLES)
def test_api_access(cast: Cast, role: str) -> None:
    user = cast.by_role()[role]
    raw, _ = token_issue(user=user)
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    got: dict[str, int] = {}
    want: dict[str, int] = {}
    for method, path, body, expected in API_CASES:
        url = "/api/v1" + _fill(path, cast)
        payload = {
            k: int(_fill(v, cast)) if isinstance(v, str) and v.startswith("{") else v for k, v in (body or {}).items()
        }
        if method == "get":
            res = client.get(url)
        else:
            res = getattr(client, method)(url, payload, content_type="application/json")
        got[f"{method} {path}"] = res.status_code
        want[f"{method} {path}"] = expected[role]
    assert got == want


@pytest.mark.parametrize("role", ROLES)
def test_api_create_enterprise(cast: Cast, role: str, api: Any) -> None:
    body = {"uscc": "91445203MA4UJ8K18W", "name": "揭阳市新登记有限公司", "industry_code": "C3311", "scale": "micro"}
    from qifu.core.identifiers import uscc_check_char

    body["uscc"] = body["uscc"][:17] + uscc_check_char(body["uscc"][:17])
    status = api(cast.by_role()[role]).post("/enterprises", body).status_code
    allowed = {"admin", "dispatcher", "window_staff"}
    assert status == (201 if role in allowed else 401 if role == "outsider" else 403)


@pytest.mark.parametrize("role", ROLES)
def test_list_scope(cast: Cast, role: str, api: Any) -> None:
    res = api(cast.by_role()[role]).get("/enterprises")
    if role == "outsider":
        assert res.status_code == 401
        return
    names = {item["name"] for item in res.json()["items"]}
    own_only = {"service_officer", "park_liaison", "enterprise"}
    assert names == ({cast.ent.name} if role in own_only else {cast.ent.name, cast.other_ent.name})


PAGE_CASES: list[tuple[str, dict[str, int]]] = [
    (
        "/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=200,
            outsider=200,
        ),
    ),
    (
        "/enterprises/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=200,
            outsider=403,
        ),
    ),
    (
        "/enterprises/{other}/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=404,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=404,
            enterprise=404,
            outsider=403,
        ),
    ),
    (
        "/enterprises/{ent}/edit/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=403,
            service_officer=200,
            department_handler=403,
            department_head=403,
            supervisor=403,
            park_liaison=200,
            enterprise=200,
            outsider=403,
        ),
    ),
    (
        "/enterprises/new/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=403,
            service_officer=403,
            department_handler=403,
            department_head=403,
            supervisor=403,
            park_liaison=403,
            enterprise=403,
            outsider=403,
        ),
    ),
    (
        "/enterprises/import/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=403,
            guide=403,
            service_officer=403,
            department_handler=403,
            department_head=403,
            supervisor=403,
            park_liaison=403,
            enterprise=403,
            outsider=403,
        ),
    ),
    (
        "/enterprises/export/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=403,
            guide=403,
            service_officer=200,
            department_handler=403,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=403,
            outsider=403,
        ),
    ),
    (
        "/calendar/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=403,
            outsider=403,
        ),
    ),
    (
        "/demands/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=200,
            outsider=403,
        ),
    ),
    (
        "/demands/new/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=403,
            park_liaison=200,
            enterprise=200,
            outsider=403,
        ),
    ),
    (
        "/demands/export/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=403,
            guide=403,
            service_officer=403,
            department_handler=403,
            department_head=200,
            supervisor=200,
            park_liaison=403,
            enterprise=403,
            outsider=403,
        ),
    ),
    (
        "/dashboard/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=403,
            guide=403,
            service_officer=403,
            department_handler=403,
            department_head=200,
            supervisor=200,
            park_liaison=403,
            enterprise=403,
            outsider=403,
        ),
    ),
    (
        "/notifications/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=200,
            outsider=200,
        ),
    ),
    (
        "/calendar/2025/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=403,
            outsider=403,
        ),
    ),
    (
        "/enterprises/import/template/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=403,
            guide=403,
            service_officer=403,
            department_handler=403,
            department_head=403,
            supervisor=403,
            park_liaison=403,
            enterprise=403,
            outsider=403,
        ),
    ),
    (
        "/audit/",
        expect(
            admin=200,
            dispatcher=403,
            window_staff=403,
            guide=403,
            service_officer=403,
            department_handler=403,
            department_head=403,
            supervisor=200,
            park_liaison=403,
            enterprise=403,
            outsider=403,
        ),
    ),
    (
        "/admin/",
        expect(
            admin=200,
            dispatcher=302,
            window_staff=302,
            guide=302,
            service_officer=302,
            department_handler=302,
            department_head=302,
            supervisor=302,
            park_liaison=302,
            enterprise=302,
            outsider=302,
        ),
    ),
    (
        "/applications/appointments/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=200,
            outsider=403,
        ),
    ),
    (
        "/policies/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=200,
            outsider=200,
        ),
    ),
    (
        "/policies/mine/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=200,
            outsider=403,
        ),
    ),
    (
        "/policies/claims/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=200,
            guide=200,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=200,
            outsider=403,
        ),
    ),
    (
        "/policies/new/",
        expect(
            admin=200,
            dispatcher=403,
            window_staff=403,
            guide=403,
            service_officer=403,
            department_handler=200,
            department_head=200,
            supervisor=403,
            park_liaison=403,
            enterprise=403,
            outsider=403,
        ),
    ),
    (
        "/servicedays/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=403,
            guide=403,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=200,
            outsider=403,
        ),
    ),
    (
        "/servicedays/roster/",
        expect(
            admin=200,
            dispatcher=200,
            window_staff=403,
            guide=403,
            service_officer=200,
            department_handler=200,
            department_head=200,
            supervisor=200,
            park_liaison=200,
            enterprise=200,
            outsider=403,
        ),
    ),
]

MENU = {
    "事项维护": "/catalog/manage/",
    "企业诉求": "/demands/",
    "办件": "/applications/",
    "事项清单": "/catalog/",
    "数据看板": "/dashboard/",
    "企业库": '/enterprises/"',
    "企业导入": "/enterprises/import/",
    "工作日历": "/calendar/",
    "审计日志": "/audit/",
    "系统管理": "/admin/",
    "预约办事": "/applications/appointments/",
    "惠企政策": "/policies/",
    "政策申兑": "/policies/claims/",
    "企业服务日": "/servicedays/",
}
MENU_BY_ROLE = {
    "admin": {
        "企业服务日",
        "事项维护",
        "企业诉求",
        "办件",
        "事项清单",
        "数据看板",
        "企业库",
        "企业导入",
        "工作日历",
        "审计日志",
        "系统管理",
        "预约办事",
        "惠企政策",
        "政策申兑",
    },
    "dispatcher": {
        "企业服务日",
        "企业诉求",
        "办件",
        "事项清单",
        "数据看板",
        "企业库",
        "企业导入",
        "工作日历",
        "预约办事",
        "惠企政策",
        "政策申兑",
    },
    "window_staff": {"企业诉求", "办件", "事项清单", "企业库", "工作日历", "预约办事", "惠企政策", "政策申兑"},
    "guide": {"企业诉求", "办件", "事项清单", "企业库", "工作日历", "预约办事", "惠企政策", "政策申兑"},
    "service_officer": {
        "企业服务日",
        "企业诉求",
        "办件",
        "事项清单",
        "企业库",
        "工作日历",
        "预约办事",
        "惠企政策",
        "政策申兑",
    },
    "department_handler": {
        "企业服务日",
        "企业诉求",
        "办件",
        "事项清单",
        "企业库",
        "工作日历",
        "预约办事",
        "惠企政策",
        "政策申兑",
    },
    "department_head": {
        "企业服务日",
        "事项维护",
        "企业诉求",
        "办件",
        "事项清单",
        "数据看板",
        "企业库",
        "工作日历",
        "预约办事",
        "惠企政策",
        "政策申兑",
    },
    "supervisor": {
        "企业服务日",
        "企业诉求",
        "办件",
        "事项清单",
        "数据看板",
        "企业库",
        "工作日历",
        "审计日志",
        "预约办事",
        "惠企政策",
        "政策申兑",
    },
    "park_liaison": {
        "企业服务日",
        "企业诉求",
        "办件",
        "事项清单",
        "企业库",
        "工作日历",
        "预约办事",
        "惠企政策",
        "政策申兑",
    },
    "enterprise": {"企业服务日", "企业诉求", "办件", "事项清单", "企业库", "预约办事", "惠企政策", "政策申兑"},
    "outsider": set(),
}


@pytest.mark.parametrize("role", ROLES)
def test_page_access_and_sidebar(cast: Cast, role: str) -> None:
    client = Client()
    client.force_login(cast.by_role()[role])
    got = {path: client.get(_fill(path, cast)).status_code for path, _ in PAGE_CASES}
    assert got == {path: expected[role] for path, expected in PAGE_CASES}
    html = client.get("/").content.decode()
    nav = html[html.index('class="qf-side"') : html.index("</nav>")]
    shown = {label for label in MENU if f"</span>{label}</a>" in nav}
    assert shown == MENU_BY_ROLE[role]


def test_openapi_document_describes_the_fixed_endpoints(db: Any) -> None:
    spec = Client().get("/api/v1/openapi.json").json()
    paths = set(spec["paths"])
    for path in [
        "/api/v1/auth/token",
        "/api/v1/calendar/add-workdays",
        "/api/v1/calendar/workdays-between",
        "/api/v1/calendar/days",
        "/api/v1/departments",
        "/api/v1/parks",
        "/api/v1/enterprises",
        "/api/v1/enterprises/{enterprise_id}",
    ]:
        assert path in paths
    assert "bearer" in str(spec["components"]["securitySchemes"]).lower()


@pytest.mark.parametrize("role", ROLES)
def test_only_admin_may_change_the_calendar(cast: Cast, role: str) -> None:
    client = Client()
    client.force_login(cast.by_role()[role])
    res = client.post("/calendar/2027/", {"days": "2027-01-01,放假,元旦", "confirmed": "1"})
    assert res.status_code == {"admin": 302, "enterprise": 403, "outsider": 403}.get(role, 403)
    from qifu.core.models import CalendarYear

    assert CalendarYear.objects.filter(year=2027, confirmed=True).exists() == (role == "admin")
