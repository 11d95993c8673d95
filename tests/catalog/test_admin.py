"""Edits made in the admin's inlines (a draft's materials, a material's checkpoints) are audited like the page's
own object: one row per material or checkpoint added, changed or deleted, in the same transaction."""

from __future__ import annotations

from typing import Any

import pytest
from django.forms import CheckboxInput
from django.test import Client

from qifu.catalog.models import ItemVersion, MaterialRequirement, ReviewCheckpoint, ServiceItem
from qifu.core.audit import verify_chain
from qifu.core.models import AuditEvent
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cast: Cast) -> ItemVersion:
    item = ServiceItem.objects.create(code="SJJ-ADM-1", department=cast.market)
    version = ItemVersion.objects.create(item=item, number=1, name="食品经营许可")
    for order, name in enumerate(["营业执照", "经营场所证明"]):
        material = MaterialRequirement.objects.create(version=version, name=name, sort_order=order)
        ReviewCheckpoint.objects.create(material=material, text=f"{name}真实有效")
    return version


def _post_data(response: Any) -> dict[str, Any]:
    """What the change page would post back untouched: the main form and every inline form."""
    data: dict[str, Any] = {}

    def put(form: Any) -> None:
        for name, field in form.fields.items():
            value = form[name].value()
            if isinstance(field.widget, CheckboxInput):
                if value:
                    data[form.add_prefix(name)] = "on"
            elif value is not None:
                data[form.add_prefix(name)] = value if isinstance(value, list) else str(value)

    put(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        put(formset.management_form)
        for form in formset.forms:
            put(form)
    return data


def _admin(cast: Cast) -> Client:
    client = Client()
    client.force_login(cast.admin)
    return client


def _events(action: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_material_inline_edits_are_audited(cast: Cast, draft: ItemVersion) -> None:
    client = _admin(cast)
    url = f"/admin/catalog/itemversion/{draft.pk}/change/"
    data = _post_data(client.get(url))
    license_, premises = draft.materials.order_by("sort_order")
    prefix = "materials"
    assert data[f"{prefix}-0-id"] == str(license_.pk) and data[f"{prefix}-1-id"] == str(premises.pk)
    data[f"{prefix}-0-name"] = "营业执照副本"  # changed
    data[f"{prefix}-1-DELETE"] = "on"  # deleted
    data.update({f"{prefix}-2-name": "健康证明", f"{prefix}-2-copies": "1", f"{prefix}-2-sort_order": "5"})  # added
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors

    assert list(draft.materials.order_by("sort_order").values_list("name", flat=True)) == ["营业执照副本", "健康证明"]
    (updated,) = _events("materialrequirement.update")
    assert updated.object_id == str(license_.pk) and updated.data["changed"] == ["name"]
    assert updated.data["values"]["name"] == "营业执照副本" and updated.actor_id == cast.admin.pk
    (deleted,) = _events("materialrequirement.delete")
    assert deleted.object_id == str(premises.pk) and deleted.data["values"]["name"] == "经营场所证明"
    (created,) = _events("materialrequirement.create")
    added = draft.materials.get(name="健康证明")
    assert created.object_id == str(added.pk) and created.summary == "新增申请材料：健康证明"
    assert _events("itemversion.update")  # the page's own object, as before
    assert verify_chain().ok


def test_checkpoint_inline_edits_are_audited(cast: Cast, draft: ItemVersion) -> None:
    client = _admin(cast)
    material = draft.materials.get(name="营业执照")
    (checkpoint,) = material.checkpoints.all()
    url = f"/admin/catalog/materialrequirement/{material.pk}/change/"
    data = _post_data(client.get(url))
    data["checkpoints-0-text"] = "营业执照在有效期内"
    data["checkpoints-1-text"] = "名称与申请人一致"
    response = client.post(url, data)
    assert response.status_code == 302

    (updated,) = _events("reviewcheckpoint.update")
    assert updated.object_id == str(checkpoint.pk) and updated.data["changed"] == ["text"]
    (created,) = _events("reviewcheckpoint.create")
    assert created.data["values"]["text"] == "名称与申请人一致"
    assert ReviewCheckpoint.objects.filter(material=material).count() == 2


def test_untouched_inlines_write_no_inline_audit_rows(cast: Cast, draft: ItemVersion) -> None:
    client = _admin(cast)
    url = f"/admin/catalog/itemversion/{draft.pk}/change/"
    assert client.post(url, _post_data(client.get(url))).status_code == 302
    assert not AuditEvent.objects.filter(action__startswith="materialrequirement.").exists()
