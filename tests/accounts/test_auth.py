"""Accounts: argon2 in production, token issue/expiry/revocation, lockout, sessions and CSRF on pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from qifu import settings as production_settings
from qifu.accounts.models import ApiToken, LoginFailure
from qifu.core.models import AuditEvent
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


def _token(username: str, password: str, address: str) -> Any:
    return Client(REMOTE_ADDR=address).post(
        "/api/v1/auth/token", {"username": username, "password": password}, content_type="application/json"
    )


def test_repeated_failures_lock_the_username_from_that_address_only(cast: Cast) -> None:
    for _ in range(5):
        assert _token("window", "bad", "10.0.0.66").status_code in (401, 429)
    locked = _token("window", PASSWORD, "10.0.0.66")
    assert locked.status_code == 429
    assert locked["Content-Type"] == "application/json"
    assert locked.json() == {"detail": "登录失败次数过多，请30分钟后再试", "errors": []}
    page = Client(REMOTE_ADDR="10.0.0.66").post("/login/", {"username": "window", "password": PASSWORD})
    assert page.status_code == 429 and "账号已临时锁定" in page.content.decode()
    # The real user at another address is not locked out, by the API or by the page.
    assert _token("window", PASSWORD, "10.0.0.7").status_code == 200
    other_page = Client(REMOTE_ADDR="10.0.0.8").post("/login/", {"username": "window", "password": PASSWORD})
    assert other_page.status_code == 302 and other_page["Location"] == "/"
    # Another user at the attacker's address is not affected either.
    assert _token("guide", PASSWORD, "10.0.0.66").status_code == 200


def test_page_failures_lock_the_page_and_the_api_at_that_address(cast: Cast) -> None:
    attacker = Client(REMOTE_ADDR="10.0.0.66")
    for _ in range(5):
        attacker.post("/login/", {"username": "admin", "password": "bad"})
    assert attacker.post("/login/", {"username": "admin", "password": PASSWORD}).status_code == 429
    assert _token("admin", PASSWORD, "10.0.0.66").status_code == 429
    res = Client(REMOTE_ADDR="192.168.1.20").post("/login/", {"username": "admin", "password": PASSWORD})
    assert res.status_code == 302 and res["Location"] == "/"


def test_admin_sees_login_failures_in_chinese_and_unlocks_a_username(cast: Cast) -> None:
    for _ in range(5):
        _token("handler", "bad", "10.0.0.66")
    assert _token("handler", PASSWORD, "10.0.0.66").status_code == 429
    admin = Client()
    admin.force_login(cast.admin)
    index = admin.get("/admin/").content.decode()
    assert "登录失败记录" in index and "登录记录" in index and "AXES" not in index.upper()
    listing = admin.get("/admin/accounts/loginfailure/").content.decode()
    assert "handler" in listing and "10.0.0.66" in listing and "已锁定" in listing
    ids = list(LoginFailure.objects.filter(username="handler").values_list("pk", flat=True))
    res = admin.post(
        "/admin/accounts/loginfailure/", {"action": "unlock", "_selected_action": ids, "index": 0}, follow=True
    )
    assert "已解除登录锁定：handler" in res.content.decode()
    assert not LoginFailure.objects.filter(username="handler").exists()
    event = AuditEvent.objects.get(action="login.unlock")
    assert event.object_id == "handler" and event.actor_label == "admin"
    assert _token("handler", PASSWORD, "10.0.0.66").status_code == 200


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
