"""The fixed cast of personas (one per role, plus an outsider) and API helpers shared by all tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.accounts.services import token_issue
from qifu.core.identifiers import uscc_check_char
from qifu.core.models import AuditHead, CalendarDay, CalendarYear
from qifu.core.reference import seed_calendar
from qifu.core.workcalendar import reset_calendar
from qifu.demands.models import DemandCategory
from qifu.demands.reference import seed_categories
from qifu.enterprises.models import Enterprise, Tag
from qifu.enterprises.reference import seed_tags
from qifu.enterprises.services import enterprise_create, stewardship_assign
from qifu.orgs.choices import DepartmentKind
from qifu.orgs.models import Department, Park, Town

PASSWORD = "persona-pass-2026"


def make_uscc(serial: int, first: str = "9", kind: str = "1") -> str:
    body = f"{first}{kind}445203MA{serial:07d}"
    return body + uscc_check_char(body)


@dataclass
class Cast:
    center: Department
    market: Department  # 市场监督管理局: handler and head work here
    tax: Department
    park_a: Park
    park_b: Park
    town: Town
    admin: User
    dispatcher: User
    window: User
    guide: User
    officer: User
    other_officer: User
    handler: User
    head: User
    supervisor: User
    liaison: User
    enterprise_user: User
    outsider: User
    ent: Enterprise  # in park A, stewarded by officer; enterprise_user belongs to it
    other_ent: Enterprise  # in park B, stewarded by other_officer

    def by_role(self) -> dict[str, User]:
        return {
            "admin": self.admin,
            "dispatcher": self.dispatcher,
            "window_staff": self.window,
            "guide": self.guide,
            "service_officer": self.officer,
            "department_handler": self.handler,
            "department_head": self.head,
            "supervisor": self.supervisor,
            "park_liaison": self.liaison,
            "enterprise": self.enterprise_user,
            "outsider": self.outsider,
        }


def _user(username: str, role: str, **extra: Any) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, role=role, display_name=username, **extra)


@pytest.fixture(autouse=True)
def _fresh_calendar() -> Any:
    reset_calendar()
    yield
    reset_calendar()


def ensure_reference_data() -> None:
    """Transactional tests flush the database, migration data included: put the reference data back."""
    if not Tag.objects.exists():
        seed_tags(Tag)
    if not DemandCategory.objects.exists():
        seed_categories(DemandCategory)
    if not CalendarYear.objects.exists():
        seed_calendar(CalendarYear, CalendarDay, AuditHead)


@pytest.fixture
def cast(db: Any) -> Cast:
    ensure_reference_data()
    center = Department.objects.create(code="ZSJ", name="政务服务数据管理局", kind=DepartmentKind.CENTER)
    market = Department.objects.create(code="SJJ", name="市场监督管理局", kind=DepartmentKind.DEPARTMENT)
    tax = Department.objects.create(code="SWJ", name="税务局", kind=DepartmentKind.DEPARTMENT)
    park_a = Park.objects.create(code="JKQ", name="经开区")
    park_b = Park.objects.create(code="ZDY", name="中德产业园")
    town = Town.objects.create(code="T01", name="曲溪街道")
    admin = _user("admin", Role.ADMIN, department=center, is_staff=True, is_superuser=True)
    officer = _user("officer", Role.SERVICE_OFFICER)
    other_officer = _user("other-officer", Role.SERVICE_OFFICER)
    ent = enterprise_create(
        actor=admin,
        data={
            "uscc": make_uscc(1),
            "name": "揭阳市宏达五金制品有限公司",
            "industry_code": "C3311",
            "scale": "small",
            "park_id": park_a.pk,
            "town_id": town.pk,
            "legal_representative": "陈建华",
            "contact_name": "林晓东",
            "contact_phone": "13800138000",
            "employees": 80,
            "annual_revenue": "1200.50",
            "tags": ["规上企业"],
        },
    )
    other_ent = enterprise_create(
        actor=admin,
        data={
            "uscc": make_uscc(2),
            "name": "揭阳市德盛电子科技有限公司",
            "industry_code": "C3911",
            "scale": "medium",
            "park_id": park_b.pk,
            "legal_representative": "郑志明",
            "contact_phone": "13900139000",
            "tags": ["高新技术企业", "专精特新"],
        },
    )
    stewardship_assign(actor=admin, enterprise_id=ent.pk, officer_id=officer.pk)
    stewardship_assign(actor=admin, enterprise_id=other_ent.pk, officer_id=other_officer.pk)
    return Cast(
        center=center,
        market=market,
        tax=tax,
        park_a=park_a,
        park_b=park_b,
        town=town,
        admin=admin,
        dispatcher=_user("dispatcher", Role.DISPATCHER, department=center),
        window=_user("window", Role.WINDOW_STAFF, department=center),
        guide=_user("guide", Role.GUIDE, department=center),
        officer=officer,
        other_officer=other_officer,
        handler=_user("handler", Role.DEPARTMENT_HANDLER, department=market),
        head=_user("head", Role.DEPARTMENT_HEAD, department=market),
        supervisor=_user("supervisor", Role.SUPERVISOR),
        liaison=_user("liaison", Role.PARK_LIAISON, park=park_a),
        enterprise_user=_user("enterprise", Role.ENTERPRISE, enterprise=ent),
        outsider=_user("outsider", ""),
        ent=ent,
        other_ent=other_ent,
    )


class ApiClient:
    """Calls /api/v1 as one user, with a real bearer token."""

    def __init__(self, user: User | None) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is not None:
            raw, _ = token_issue(user=user)
            self.headers["HTTP_AUTHORIZATION"] = f"Bearer {raw}"

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get("/api/v1" + path, params, **self.headers)

    def post(self, path: str, body: Any = None, **headers: str) -> Any:
        return self.client.post(
            "/api/v1" + path, json.dumps(body or {}), content_type="application/json", **self.headers, **headers
        )

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch("/api/v1" + path, json.dumps(body), content_type="application/json", **self.headers)


@pytest.fixture
def api() -> Any:
    return ApiClient


@pytest.fixture
def page_client() -> Any:
    """A logged-in page client for a user (sessions, as the pages use)."""

    def login(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return login
