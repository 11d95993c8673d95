"""Demands, applications and claims take their files while being submitted: every file is checked first, and a
submission with one bad file writes no case and no file."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.conf import settings

from qifu.applications.models import Application
from qifu.demands.models import Demand, DemandAttachment
from qifu.policies.models import PolicyClaim
from tests.applications.helpers import food_licence, requirement_ids
from tests.conftest import Cast
from tests.policies.test_api import publish

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4 letter"


def _file(name: str, content: bytes) -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = name
    return upload


def _stored() -> set[Path]:
    root = Path(settings.MEDIA_ROOT)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_an_enterprise_files_a_demand_with_a_photo(cast: Cast, page_client: Any) -> None:
    client = page_client(cast.enterprise_user)
    form = {"kind": "need", "category": "market", "title": "厂房漏水", "content": "屋顶漏水，见照片。"}
    before = _stored()
    bad = client.post("/demands/new/", {**form, "files": [_file("现场.png", PNG), _file("病毒.exe", b"MZ\x90")]})
    assert bad.status_code == 200 and not Demand.objects.exists() and _stored() == before
    page = bad.content.decode()
    assert "病毒.exe" in page and "is-invalid" in page
    got = client.post("/demands/new/", {**form, "files": [_file("现场.png", PNG), _file("函件.pdf", PDF)]})
    assert got.status_code == 302
    demand = Demand.objects.get()
    assert sorted(a.name for a in DemandAttachment.objects.filter(demand=demand)) == ["函件.pdf", "现场.png"]
    assert "上传附件：现场.png" in client.get(f"/demands/{demand.pk}/").content.decode()


def test_an_application_takes_its_materials_files(cast: Cast, page_client: Any) -> None:
    made = food_licence(cast)
    ids = requirement_ids(made)
    client = page_client(cast.enterprise_user)
    licence, plan = f"file_{ids['营业执照']}", f"file_{ids['经营场所平面图']}"
    bad = client.post(
        "/applications/new/", {"item": made.pk, licence: _file("执照.pdf", PDF), plan: _file("平面图.png", b"GIF89a")}
    )
    assert bad.status_code == 200 and not Application.objects.exists()
    assert "平面图.png" in bad.content.decode() and 'id="file-errors"' in bad.content.decode()
    got = client.post("/applications/new/", {"item": made.pk, licence: _file("执照.pdf", PDF)})
    assert got.status_code == 302
    application = Application.objects.get()
    states = {m.requirement.name: (m.state, bool(m.file)) for m in application.materials.select_related("requirement")}
    assert states["营业执照"] == ("provided", True) and states["经营场所平面图"] == ("missing", False)


def test_a_claim_takes_its_materials_files(cast: Cast, api: Any, page_client: Any) -> None:
    policy = publish(cast, api)
    client = page_client(cast.enterprise_user)
    url = f"/policies/{policy['id']}/claim/"
    bad = client.post(url, {"materials": ["营业执照"], "file_1": _file("执照.txt", b"plain text")})
    assert bad.status_code == 200 and not PolicyClaim.objects.exists()
    assert "执照.txt" in bad.content.decode()
    got = client.post(url, {"materials": ["营业执照"], "file_2": _file("社保.pdf", PDF)})
    assert got.status_code == 302, got.content.decode()[:2000]
    claim = PolicyClaim.objects.get()
    files = {m.name: bool(m.file) for m in claim.materials.all()}
    assert files == {"营业执照": False, "社保缴费证明": True}
