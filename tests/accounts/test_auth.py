"""Accounts: argon2 in production, token issue/expiry/revocation, lockout, sessions and CSRF on pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from qifu import settings as production_settings
from qifu.accounts.models import ApiToken
from tests.conftest import PASSWORD, Cast

pytestmark = pytest.mark.django_db


def test_production_hashes_passwords_with_argon2() -> None:
    assert production_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_token_endpoint_matches_api_md(cast: Cast, api: Any) -> None:
    res = api(None).post("/auth/token", {"username": "handler", "password": PASSWORD})
    assert res.status_code == 200
    body = res.json()
    assert set(body) == {"token", "expires_at", "user"}
    assert body["user"] == {
        "username": "handler",
        "name": "handler",
        "roles": ["department_handler"],
        "department_id": cast.market.pk,
        "park_id": None,
        "enterprise_id": None,
    }
    me = Client().get("/api/v1/auth/me", HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert me.status_code == 200 and me.json()["username"] == "handler"
    assert ApiToken.objects.get().digest != body["token"]  # only the digest is stored


def test_wrong_password_is_401_and_outsider_gets_no_token(cast: Cast, api: Any) -> None:
    assert api(None).post("/auth/token", {"username": "handler", "password": "wrong"}).status_code == 401
    res = api(None).post("/auth/token", {"username": "outsider", "password": PASSWORD})
    assert res.status_code == 401 and "角色" in res.json()["detail"]


def test_repeated_failures_lock_the_username(cast: Cast, api: Any) -> None:
    client = api(None)
    for _ in range(5):
        assert client.post("/auth/token", {"username": "window", "password": "bad"}).status_code in (401, 429)
    locked = client.post("/auth/token", {"username": "window", "password": PASSWORD})
    assert locked.status_code == 429
    page = Client().post("/login/", {"username": "window", "password": PASSWORD})
    assert page.status_code == 429
    # another user is not affected
    assert client.post("/auth/token", {"username": "guide", "password": PASSWORD}).status_code == 200


def test_tokens_expire_and_can_be_revoked(cast: Cast, api: Any) -> None:
    raw = api(None).post("/auth/token", {"username": "officer", "password": PASSWORD}).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert Client().get("/api/v1/auth/me", **auth).status_code == 200
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=31)):
        assert Client().get("/api/v1/auth/me", **auth).status_code == 401
    assert Client().post("/api/v1/auth/revoke", **auth).status_code == 204
    assert Client().get("/api/v1/auth/me", **auth).status_code == 401
    assert Client().get("/api/v1/auth/me", HTTP_AUTHORIZATION="Bearer nonsense").status_code == 401


def test_pages_use_sessions_and_enforce_csrf(cast: Cast) -> None:
    client = Client(enforce_csrf_checks=True)
    login_page = client.get("/login/")
    assert "企服通" in login_page.content.decode()
    token = login_page.cookies["csrftoken"].value
    assert client.post("/login/", {"username": "admin", "password": PASSWORD}).status_code == 403  # no CSRF token
    res = client.post("/login/", {"username": "admin", "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert res.status_code == 302 and res["Location"] == "/"
    assert "工作台" in client.get("/").content.decode()


def test_anonymous_pages_redirect_to_login() -> None:
    res = Client().get("/enterprises/")
    assert res.status_code == 302 and res["Location"].startswith("/login/")
