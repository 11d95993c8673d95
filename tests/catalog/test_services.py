"""Catalogue rules: versions freeze on publish, drafts copy the current version, bundles merge materials."""

from __future__ import annotations

from typing import Any

import pytest

from qifu.catalog import selectors, services
from qifu.catalog.models import Bundle, ItemVersion, MaterialRequirement, ReviewCheckpoint, ServiceItem
from qifu.core.errors import Conflict, PermissionDenied, ValidationFailed
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def make_item(cast: Cast, code: str, name: str, materials: list[tuple[str, bool, bool]], **fields: Any) -> ServiceItem:
    item = ServiceItem.objects.create(code=code, department=cast.market)
    version = ItemVersion.objects.create(item=item, number=1, name=name, **fields)
    for material_name, required, deferrable in materials:
        material = MaterialRequirement.objects.create(
            version=version, name=material_name, required=required, deferrable=deferrable
        )
        ReviewCheckpoint.objects.create(material=material, text=f"{material_name}真实有效")
    services.version_publish(actor=cast.admin, version_id=version.pk)
    services.item_set_listed(actor=cast.admin, item_id=item.pk, listed=True)
    item.refresh_from_db()
    return item


def test_publish_freezes_and_a_new_draft_copies(cast: Cast) -> None:
    item = make_item(
        cast,
        "SJJ-001",
        "食品经营许可",
        [("营业执照", True, False), ("场所照片", True, True)],
        promised_days=5,
        deferral_allowed=True,
    )
    first = item.current
    assert first is not None and first.status == "published"
    draft = services.version_draft(actor=cast.head, item_id=item.pk)  # the department's head maintains its items
    assert draft.number == 2 and draft.materials.count() == 2
    assert ReviewCheckpoint.objects.filter(material__version=draft).count() == 2
    with pytest.raises(Conflict):
        services.version_draft(actor=cast.admin, item_id=item.pk)
    ItemVersion.objects.filter(pk=draft.pk).update(promised_days=3)
    services.version_publish(actor=cast.admin, version_id=draft.pk)
    item.refresh_from_db()
    first.refresh_from_db()
    assert item.current == draft and first.status == "superseded"
    with pytest.raises(Conflict):
        services.version_publish(actor=cast.admin, version_id=first.pk)


def test_only_the_implementing_department_or_admin_maintains(cast: Cast) -> None:
    item = make_item(cast, "SJJ-002", "企业注销登记", [("注销申请书", True, False)])
    for outsider in (cast.handler, cast.dispatcher):
        with pytest.raises(PermissionDenied):
            services.version_draft(actor=outsider, item_id=item.pk)


def test_bad_versions_are_refused_with_named_fields(cast: Cast) -> None:
    item = ServiceItem.objects.create(code="SJJ-003", department=cast.market)
    version = ItemVersion.objects.create(item=item, number=1, name="", legal_days=5, promised_days=8)
    MaterialRequirement.objects.create(version=version, name="承诺书", required=False, deferrable=True)
    with pytest.raises(ValidationFailed) as caught:
        services.version_publish(actor=cast.admin, version_id=version.pk)
    assert {e.field for e in caught.value.errors} == {"name", "promised_days", "materials"}
    with pytest.raises(Conflict):
        services.item_set_listed(actor=cast.admin, item_id=item.pk, listed=True)


def test_bundle_materials_are_merged_once(cast: Cast) -> None:
    a = make_item(cast, "B-1", "企业设立登记", [("营业执照", True, False), ("法定代表人身份证明", True, False)])
    b = make_item(cast, "B-2", "食品经营许可", [("营业执照", True, False), ("场所照片", True, True)])
    bundle = Bundle.objects.create(code="KCG", name="开餐馆一件事", is_listed=True)
    bundle.items.set([a, b])
    merged = {m.name: m for m in selectors.bundle_materials(bundle)}
    assert set(merged) == {"营业执照", "法定代表人身份证明", "场所照片"}
    assert merged["营业执照"].items == ("企业设立登记", "食品经营许可") and len(merged["营业执照"].requirement_ids) == 2
    assert merged["场所照片"].deferrable and not merged["营业执照"].deferrable


def test_public_api_needs_no_login_and_hides_unlisted(cast: Cast, api: Any) -> None:
    listed = make_item(cast, "SJJ-010", "企业设立登记", [("营业执照", True, False)], promised_days=1)
    hidden = ServiceItem.objects.create(code="SJJ-011", department=cast.market)
    anonymous = api(None)
    body = anonymous.get("/items", q="设立").json()
    assert [i["code"] for i in body["items"]] == ["SJJ-010"]
    item = body["items"][0]
    assert item["department"]["name"] == cast.market.name and item["materials"][0]["required"] is True
    assert set(item["materials"][0]) >= {"id", "name", "required", "deferrable"}
    assert anonymous.get(f"/items/{listed.pk}").status_code == 200
    assert anonymous.get(f"/items/{hidden.pk}").status_code == 404
    bundle = Bundle.objects.create(code="KB", name="开办企业一件事", is_listed=True)
    bundle.items.set([listed])
    bundles = anonymous.get("/bundles").json()["items"]
    assert bundles[0]["name"] == "开办企业一件事" and bundles[0]["materials"][0]["name"] == "营业执照"
