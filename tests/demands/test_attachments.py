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


def test_detail_page_upload_and_download(cast: Cast, page_client: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    demand = in_state(cast, "assigned")
    owner = page_client(cast.enterprise_user)
    owner.post(
        f"/demands/{demand.pk}/attachments/", {"file": SimpleUploadedFile("现场照片.png", b"\x89PNG\r\n\x1a\n0000")}
    )
    html = page_client(cast.handler).get(f"/demands/{demand.pk}/").content.decode()
    assert "现场照片.png" in html
    attachment = demand.attachments.get()
    assert page_client(cast.handler).get(f"/demands/{demand.pk}/attachments/{attachment.pk}/").status_code == 200
    assert page_client(cast.supervisor).get(f"/demands/{demand.pk}/attachments/{attachment.pk}/").status_code == 404
    bad = owner.post(f"/demands/{demand.pk}/attachments/", {"file": SimpleUploadedFile("病毒.exe", b"MZ")}, follow=True)
    assert "文件格式应为" in bad.content.decode()


def test_files_are_checked_by_content_not_by_name(cast: Cast) -> None:
    from qifu.core.errors import ValidationFailed
    from qifu.core.files import check_upload

    assert check_upload("申请书.pdf", b"%PDF-1.7 ...") == "申请书.pdf"
    assert check_upload("营业执照.jpeg", b"\xff\xd8\xff\xe0 ...") == "营业执照.jpeg"
    for name, content in (("伪装.pdf", b"MZ\x90\x00 an exe"), ("照片.png", b"%PDF-1.4"), ("空.pdf", b"")):
        with pytest.raises(ValidationFailed) as caught:
            check_upload(name, content)
        assert caught.value.errors[0].field == "file"
