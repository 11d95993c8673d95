"""API shapes of the catalogue (API.md "Catalogue and applications")."""

from __future__ import annotations

from ninja import Schema

from qifu.catalog.models import ServiceItem
from qifu.catalog.selectors import MergedMaterial


class ItemMaterialOut(Schema):
    id: int
    name: str
    required: bool
    deferrable: bool
    copies: str
    checkpoints: list[str]


class DepartmentRef(Schema):
    id: int
    name: str


class ItemOut(Schema):
    id: int
    code: str
    name: str
    version: int
    department: DepartmentRef
    legal_days: int
    promised_days: int
    joint: bool
    fees: str
    channel: str
    deferral_allowed: bool
    materials: list[ItemMaterialOut]


class ItemList(Schema):
    items: list[ItemOut]


class BundleMaterialOut(Schema):
    name: str
    required: bool
    deferrable: bool
    requirement_ids: list[int]
    items: list[str]


class BundleOut(Schema):
    id: int
    code: str
    name: str
    description: str
    items: list[ItemOut]
    materials: list[BundleMaterialOut]


class BundleList(Schema):
    items: list[BundleOut]


class ValueAddedOut(Schema):
    id: int
    kind: str
    name: str
    provider: str
    description: str
    contact: str


class ValueAddedList(Schema):
    items: list[ValueAddedOut]


def item_out(item: ServiceItem) -> ItemOut:
    version = item.current
    assert version is not None  # only items with a published version are listed
    return ItemOut(
        id=item.pk,
        code=item.code,
        name=version.name,
        version=version.number,
        department=DepartmentRef(id=item.department.pk, name=item.department.name),
        legal_days=version.legal_days,
        promised_days=version.promised_days,
        joint=version.joint,
        fees=version.fees,
        channel=version.channel,
        deferral_allowed=version.deferral_allowed,
        materials=[
            ItemMaterialOut(
                id=m.pk,
                name=m.name,
                required=m.required,
                deferrable=m.deferrable,
                copies=m.copies,
                checkpoints=[c.text for c in m.checkpoints.all()],
            )
            for m in version.materials.all()
        ],
    )


def bundle_material_out(m: MergedMaterial) -> BundleMaterialOut:
    return BundleMaterialOut(
        name=m.name,
        required=m.required,
        deferrable=m.deferrable,
        requirement_ids=list(m.requirement_ids),
        items=list(m.items),
    )
