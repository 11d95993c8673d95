"""Answers every request shares: the JSON 500 and 413 under /api/ (Chinese pages elsewhere) and the CSP header."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from qifu.core import middleware
from qifu.demands.models import Demand, DemandAttachment
from qifu.enterprises import selectors
from tests.conftest import Cast
from tests.demands.helpers import register

pytestmark = pytest.mark.django_db

INTERNAL = {"detail": "服务器内部错误", "errors": []}


def _boom(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("forced by the test")


@pytest.mark.parametrize("debug", [False, True])
def test_an_unexpected_api_error_is_the_json_error_body(
    cast: Cast, api: Any, monkeypatch: Any, settings: Any, debug: bool
) -> None:
    settings.DEBUG = debug
    monkeypatch.setattr(selectors, "enterprise_get_for", _boom)
    res = api(cast.dispatcher).get(f"/enterprises/{cast.ent.pk}")
    assert res.status_code == 500
    assert res["Content-Type"].startswith("application/json")
    assert res.json() == INTERNAL  # no traceback, with DEBUG on or off


def test_an_error_outside_any_view_is_json_under_api_and_a_chinese_page_elsewhere(cast: Cast, monkeypatch: Any) -> None:
    monkeypatch.setattr(middleware.BodySizeLimitMiddleware, "__call__", _boom)
    client = Client(raise_request_exception=False)
    res = client.get("/api/v1/auth/me")
    assert res.status_code == 500 and res.json() == INTERNAL
    page = client.get("/enterprises/")
    assert page.status_code == 500 and "服务器内部错误" in page.content.decode()
    assert "forced by the test" not in page.content.decode()


def test_an_api_body_over_the_limit_is_413_and_writes_nothing(cast: Cast, api: Any, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
    body = {
        "enterprise_id": cast.ent.pk,
        "kind": "need",
        "channel": "hotline",
        "category": "utilities",
        "title": "停电频繁",
        "content": "停" * (1024 * 1024),  # 3 MB of UTF-8
    }
    res = api(cast.dispatcher).post("/demands", body)
    assert res.status_code == 413
    assert res.json() == {"detail": "提交的内容不能超过2MB", "errors": []}
    assert not Demand.objects.exists()
    body["content"] = "停电"
    assert api(cast.dispatcher).post("/demands", body).status_code == 201  # under the limit it is taken


def test_an_upload_over_the_limit_is_413_on_the_api_and_the_page(cast: Cast, api: Any, settings: Any) -> None:
    demand = register(cast)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    big = b"%PDF-" + b"0" * (2 * 1024 * 1024)
    client = Client()
    client.force_login(cast.dispatcher)
    page = client.post(
        f"/demands/{demand.pk}/attachments/", {"file": SimpleUploadedFile("图纸.pdf", big)}, follow=False
    )
    assert page.status_code == 413 and "提交的内容过大" in page.content.decode()
    caller = api(cast.dispatcher)
    res = caller.client.post(
        f"/api/v1/demands/{demand.pk}/attachments", {"file": SimpleUploadedFile("图纸.pdf", big)}, **caller.headers
    )
    assert res.status_code == 413 and res.json()["detail"] == "提交的内容不能超过1MB"
    assert not DemandAttachment.objects.exists()


@pytest.mark.parametrize("path", ["/login/", "/", "/enterprises/", "/api/v1/auth/me", "/api/v1/docs", "/nowhere/"])
def test_every_answer_carries_the_content_security_policy(cast: Cast, path: str) -> None:
    client = Client()
    client.force_login(cast.dispatcher)
    csp = client.get(path)["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self';" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp


def test_json_bodies_are_not_affected_by_the_csp(cast: Cast, api: Any) -> None:
    res = api(cast.dispatcher).get("/auth/me")
    assert res.status_code == 200 and json.loads(res.content)["username"] == "dispatcher"
    assert res["Content-Security-Policy"].startswith("default-src 'self'")


def test_no_template_has_an_inline_script_or_event_handler() -> None:
    """The policy would block them in the browser: behaviour belongs in static/qifu/pages.js."""
    root = Path(__file__).resolve().parents[2] / "src" / "qifu"
    found = [
        f"{path.relative_to(root)}: {match.group(0)}"
        for path in root.rglob("templates/**/*.html")
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=", path.read_text())
    ]
    assert found == []


def test_a_request_django_finds_suspicious_is_400_with_the_error_body(cast: Cast, api: Any, settings: Any) -> None:
    demand = register(cast)
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
    caller = api(cast.dispatcher)
    fields = {f"x{i}": "1" for i in range(5)}
    res = caller.client.post(
        f"/api/v1/demands/{demand.pk}/attachments",
        {**fields, "file": SimpleUploadedFile("图纸.pdf", b"%PDF-1.4")},
        **caller.headers,
    )
    assert res.status_code == 400 and res.json() == {"detail": "请求格式无效", "errors": []}
    assert not DemandAttachment.objects.exists()
