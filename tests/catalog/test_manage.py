"""Departments maintain their own items: create, edit a draft, publish, list; published versions stay frozen."""

from __future__ import annotations

from typing import Any

import pytest

from qifu.catalog.models import ItemVersion, ServiceItem
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def test_head_creates_fills_publishes_and_lists_an_item(cast: Cast, page_client: Any) -> None:
    head = page_client(cast.head)
    res = head.post(
        "/catalog/manage/new/", {"code": "sjj-gcws", "name": "公共场所卫生许可", "department_id": cast.market.pk}
    )
    version = ItemVersion.objects.get(item__code="SJJ-GCWS")
    assert res["Location"] == f"/catalog/manage/versions/{version.pk}/"
    form = {
        "name": "公共场所卫生许可",
        "legal_days": "20",
        "promised_days": "5",
        "channel": "both",
        "fees": "不收费",
        "deferral_allowed": "on",
        "material_count": "2",
        "m0-name": "营业执照",
        "m0-required": "on",
        "m0-copies": "复印件1份",
        "m0-checkpoints": "在有效期内\n名称一致",
        "m1-name": "卫生管理制度",
        "m1-required": "on",
        "m1-deferrable": "on",
        "m1-checkpoints": "加盖公章",
        "publish": "1",
    }
    assert head.post(f"/catalog/manage/versions/{version.pk}/", form).status_code == 302
    version.refresh_from_db()
    assert version.status == "published" and version.promised_days == 5
    assert [c.text for c in version.materials.get(name="营业执照").checkpoints.all()] == ["在有效期内", "名称一致"]
    item = ServiceItem.objects.get(code="SJJ-GCWS")
    head.post(f"/catalog/manage/{item.pk}/list/")
    assert ServiceItem.objects.get(pk=item.pk).is_listed
    # a published version is frozen: posting to it changes nothing
    head.post(f"/catalog/manage/versions/{version.pk}/", {**form, "promised_days": "2", "publish": ""})
    version.refresh_from_db()
    assert version.promised_days == 5
    assert "公共场所卫生许可" in head.get("/catalog/manage/").content.decode()


def test_other_departments_and_roles_cannot_maintain(cast: Cast, page_client: Any) -> None:
    assert page_client(cast.handler).get("/catalog/manage/").status_code == 403
    res = page_client(cast.head).post(
        "/catalog/manage/new/", {"code": "SWJ-1", "name": "发票", "department_id": cast.tax.pk}, follow=True
    )
    assert "只能为本部门新增事项" in res.content.decode()
    assert not ServiceItem.objects.filter(code="SWJ-1").exists()


def test_bad_time_limits_are_named(cast: Cast, page_client: Any) -> None:
    head = page_client(cast.head)
    head.post("/catalog/manage/new/", {"code": "SJJ-X", "name": "测试事项", "department_id": cast.market.pk})
    version = ItemVersion.objects.get(item__code="SJJ-X")
    res = head.post(
        f"/catalog/manage/versions/{version.pk}/",
        {"name": "测试事项", "legal_days": "5", "promised_days": "9", "material_count": "0", "publish": "1"},
        follow=True,
    )
    assert "承诺办结时限应为1个工作日至法定时限之间" in res.content.decode()
    version.refresh_from_db()
    assert version.status == "draft"
