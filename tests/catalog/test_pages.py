"""The public catalogue pages: list and search, the service guide, 一件事 with its merged materials, value-added
services; the staff shell for logged-in users; and the demo catalogue."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.test import Client, override_settings

from qifu.catalog import selectors, services
from qifu.catalog.choices import ValueAddedKind
from qifu.catalog.demo import DEPARTMENT_CODES, seed_demo_catalog
from qifu.catalog.models import (
    Bundle,
    ItemVersion,
    MaterialRequirement,
    ReviewCheckpoint,
    ServiceItem,
    ValueAddedService,
)
from qifu.orgs.models import Department
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

# (name, required, deferrable, checkpoints)
Spec = tuple[str, bool, bool, list[str]]


def make_item(
    cast: Cast,
    code: str,
    name: str,
    materials: list[Spec],
    *,
    department: Department | None = None,
    listed: bool = True,
    **fields: Any,
) -> ServiceItem:
    item = ServiceItem.objects.create(code=code, department=department or cast.market)
    version = ItemVersion.objects.create(item=item, number=1, name=name, **fields)
    for order, (material_name, required, deferrable, checks) in enumerate(materials):
        material = MaterialRequirement.objects.create(
            version=version, name=material_name, required=required, deferrable=deferrable, sort_order=order
        )
        for text in checks:
            ReviewCheckpoint.objects.create(material=material, text=text)
    services.version_publish(actor=cast.admin, version_id=version.pk)
    if listed:
        services.item_set_listed(actor=cast.admin, item_id=item.pk, listed=True)
    item.refresh_from_db()
    return item


LICENSE: Spec = ("营业执照", True, False, ["营业执照在有效期内且与申请人名称一致"])
PHOTOS: Spec = ("经营场所照片", True, True, ["照片能清楚反映门头名称"])


@pytest.fixture
def catalogue(cast: Cast) -> dict[str, Any]:
    setup = make_item(
        cast,
        "T-SJJ-001",
        "企业设立登记",
        [("公司章程", True, False, ["全体股东签字"]), LICENSE],
        legal_days=3,
        promised_days=1,
    )
    food = make_item(
        cast,
        "T-SJJ-002",
        "食品经营许可",
        [LICENSE, PHOTOS],
        legal_days=10,
        promised_days=5,
        deferral_allowed=True,
        basis="《中华人民共和国食品安全法》第三十五条",
    )
    invoice = make_item(
        cast,
        "T-SWJ-001",
        "发票领用",
        [LICENSE, ("发票票种核定申请表", True, False, ["票种与经营范围相符"])],
        department=cast.tax,
        legal_days=5,
        promised_days=1,
        fees="按规定收取工本费",
    )
    hidden = make_item(cast, "T-SJJ-003", "危险化学品经营许可", [LICENSE], listed=False)
    bundle = Bundle.objects.create(code="T-YJS", name="开餐馆一件事", description="一次申请", is_listed=True)
    bundle.items.set([setup, food])
    return {"setup": setup, "food": food, "invoice": invoice, "hidden": hidden, "bundle": bundle}


def test_anonymous_catalogue_lists_listed_items_only(catalogue: dict[str, Any]) -> None:
    res = Client().get("/catalog/")
    assert res.status_code == 200
    html = res.content.decode()
    assert "食品经营许可" in html and "T-SWJ-001" in html
    assert "危险化学品经营许可" not in html
    assert 'class="qf-side"' not in html and 'href="/login/"' in html  # the public layout, with a login link
    assert "可容缺" in html and "免费" in html and "按规定收取工本费" in html
    assert "开餐馆一件事" in html and "/catalog/value-added/" in html
    assert f"/catalog/bundles/{catalogue['bundle'].pk}/" in html


def test_search_and_department_filter(cast: Cast, catalogue: dict[str, Any]) -> None:
    client = Client()
    html = client.get("/catalog/", {"q": "食品"}).content.decode()
    items = html[html.index('id="items"') : html.index('id="bundles"')]
    assert "食品经营许可" in items and "企业设立登记" not in items and "发票领用" not in items
    items_of = client.get("/catalog/", {"q": "T-SWJ"}).content.decode()
    assert "发票领用" in items_of[items_of.index('id="items"') : items_of.index('id="bundles"')]
    html = client.get("/catalog/", {"dept": str(cast.tax.pk)}).content.decode()
    items = html[html.index('id="items"') : html.index('id="bundles"')]
    assert "发票领用" in items and "食品经营许可" not in items
    html = client.get("/catalog/", {"q": "不存在的事项"}).content.decode()
    assert 'id="no-results"' in html
    assert client.get("/catalog/", {"dept": "abc", "q": "x" * 500}).status_code == 200


def test_guide_shows_materials_and_checkpoints(catalogue: dict[str, Any]) -> None:
    food = catalogue["food"]
    res = Client().get(f"/catalog/items/{food.pk}/")
    assert res.status_code == 200
    html = res.content.decode()
    for text in [
        "食品经营许可",
        "T-SJJ-002",
        "市场监督管理局",
        "第 1 版",
        "《中华人民共和国食品安全法》第三十五条",
        "营业执照在有效期内且与申请人名称一致",
        "照片能清楚反映门头名称",
        "容缺受理目录",
        "data-print",
        "@page { size: A4",
    ]:
        assert text in html, text
    assert 'class="qf-pill qf-pill-free"' in html  # 不收费 is shown as 免费
    assert "开餐馆一件事" in html  # the bundles it belongs to


def test_guide_is_404_when_not_listed(catalogue: dict[str, Any], cast: Cast) -> None:
    client = Client()
    res = client.get(f"/catalog/items/{catalogue['hidden'].pk}/")
    assert res.status_code == 404 and "已停止对外公布" in res.content.decode()
    assert client.get("/catalog/items/999999/").status_code == 404
    services.item_set_listed(actor=cast.admin, item_id=catalogue["food"].pk, listed=False)
    assert client.get(f"/catalog/items/{catalogue['food'].pk}/").status_code == 404


def test_bundle_page_merges_materials_once(catalogue: dict[str, Any]) -> None:
    bundle = catalogue["bundle"]
    res = Client().get(f"/catalog/bundles/{bundle.pk}/")
    assert res.status_code == 200
    html = res.content.decode()
    materials = html[html.index('id="bundle-materials"') :]
    assert materials.count('<div class="mname">营业执照</div>') == 1
    assert materials.count('class="merged-material"') == 3  # 公司章程, 营业执照, 经营场所照片
    header = materials[: materials.index("</thead>")]
    assert "企业设立登记" in header and "食品经营许可" in header
    licence_row = materials[materials.index("营业执照") : materials.index("经营场所照片")]
    assert licence_row.count("✓") == 2
    assert "分别办理需 4 项" in html
    Bundle.objects.filter(pk=bundle.pk).update(is_listed=False)
    assert Client().get(f"/catalog/bundles/{bundle.pk}/").status_code == 404


def test_value_added_services_are_grouped_by_kind(cast: Cast) -> None:
    ValueAddedService.objects.create(
        kind=ValueAddedKind.FINANCE, name="政银企融资对接", provider=cast.tax, description="对接", contact="0663-1"
    )
    ValueAddedService.objects.create(
        kind=ValueAddedKind.POLICY, name="惠企政策精准推送", provider=cast.center, description="推送"
    )
    ValueAddedService.objects.create(
        kind=ValueAddedKind.POLICY, name="已下线的服务", provider=cast.center, description="x", is_listed=False
    )
    html = Client().get("/catalog/value-added/").content.decode()
    policy, finance = html.index('id="kind-policy"'), html.index('id="kind-finance"')
    assert policy < html.index("惠企政策精准推送") < finance < html.index("政银企融资对接")
    assert "政策服务" in html and "金融服务" in html and "人才服务" not in html
    assert "已下线的服务" not in html and "0663-1" in html and cast.tax.name in html


def test_logged_in_users_see_the_staff_shell(cast: Cast, catalogue: dict[str, Any], page_client: Any) -> None:
    for user in (cast.enterprise_user, cast.window):
        client = page_client(user)
        for url in [
            "/catalog/",
            f"/catalog/items/{catalogue['food'].pk}/",
            f"/catalog/bundles/{catalogue['bundle'].pk}/",
        ]:
            html = client.get(url).content.decode()
            assert 'class="qf-side"' in html and "</span>事项清单</a>" in html, url
        assert 'class="active"><span class="icon">☰</span>事项清单' in client.get("/catalog/").content.decode()


def test_blank_forms_download_only_for_listed_items(cast: Cast, catalogue: dict[str, Any], tmp_path: Path) -> None:
    with override_settings(MEDIA_ROOT=tmp_path):
        food = catalogue["food"]
        material = food.current.materials.get(name="营业执照")
        material.form_template.save("licence.docx", ContentFile(b"PK\x03\x04 form"), save=True)
        html = Client().get(f"/catalog/items/{food.pk}/").content.decode()
        url = f"/catalog/materials/{material.pk}/form/"
        assert url in html
        res = Client().get(url)
        assert res.status_code == 200 and b"".join(res.streaming_content).endswith(b"form")  # type: ignore[attr-defined]
        assert Client().get(f"/catalog/materials/{material.pk}/sample/").status_code == 404
        services.item_set_listed(actor=cast.admin, item_id=food.pk, listed=False)
        assert Client().get(url).status_code == 404


def test_demo_catalogue(cast: Cast) -> None:
    existing = {d.code: d for d in (cast.center, cast.market, cast.tax)}
    departments = {
        code: existing.get(code) or Department.objects.create(code=code, name=f"演示部门{code}")
        for code in DEPARTMENT_CODES
    }
    seed_demo_catalog(departments, cast.admin)
    seed_demo_catalog(departments, cast.admin)  # again: nothing twice
    assert selectors.public_items().count() >= 14
    assert ServiceItem.objects.filter(is_listed=False).count() == 0
    bundles = list(selectors.public_bundles())
    assert len(bundles) == 3
    for bundle in bundles:
        merged = selectors.bundle_materials(bundle)
        separate = MaterialRequirement.objects.filter(version_id__in=[i.current_id for i in bundle.items.all()]).count()
        assert len(merged) < separate, bundle.name
    kinds = set(ValueAddedService.objects.values_list("kind", flat=True))
    assert kinds == set(ValueAddedKind.values)
    for version in ItemVersion.objects.all():
        assert version.status == "published" and version.published_by == cast.admin
        assert all(m.required for m in version.materials.all() if m.deferrable)
        assert all(m.checkpoints.count() >= 1 for m in version.materials.all())
    from qifu.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="item_version.publish").count() == ItemVersion.objects.count()
    assert AuditEvent.objects.filter(action="catalog.list").count() == ServiceItem.objects.count()
    html = Client().get("/catalog/").content.decode()
    assert "开办企业一件事" in html and "企业信息变更一件事" in html
