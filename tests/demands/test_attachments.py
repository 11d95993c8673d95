"""Attachments are confidential: only the enterprise and the staff handling the case download them; audited."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client

from qifu.accounts.services import token_issue
from qifu.core.models import AuditEvent
from tests.conftest import Cast
from tests.demands.helpers import in_state

pytestmark = pytest.mark.django_db


def client_for(user: Any) -> Client:
    raw, _ = token_issue(user=user)
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_upload_download_and_audit(cast: Cast) -> None:
    demand = in_state(cast, "in_progress")
    res = client_for(cast.enterprise_user).post(
        f"/api/v1/demands/{demand.pk}/attachments", {"file": io.BytesIO(b"%PDF-1.4 test")}, format="multipart"
    )
    assert res.status_code == 422  # a nameless stream has no allowed extension
    upload = io.BytesIO(b"%PDF-1.4 test")
    upload.name = "用电申请.pdf"
    res = client_for(cast.enterprise_user).post(f"/api/v1/demands/{demand.pk}/attachments", {"file": upload})
    assert res.status_code == 201, res.content
    attachment_id = res.json()["id"]
    url = f"/api/v1/demands/{demand.pk}/attachments/{attachment_id}"
    got = client_for(cast.handler).get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.4 test"
    assert AuditEvent.objects.filter(action="demand.attachment_download", actor_id=cast.handler.pk).count() == 1
    for outsider in (cast.supervisor, cast.officer, cast.window):
        assert client_for(outsider).get(url).status_code == 404
    assert (
        client_for(cast.enterprise_user).get(f"/api/v1/demands/{demand.pk}").json()["attachments"][0]["name"]
        == "用电申请.pdf"
    )
