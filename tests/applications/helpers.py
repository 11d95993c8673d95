"""A small catalogue for application tests, built with the real services."""

from __future__ import annotations

from qifu.catalog import services as catalog
from qifu.catalog.models import Bundle, ItemVersion, MaterialRequirement, ServiceItem
from qifu.orgs.models import Department
from tests.conftest import Cast


def item(
    cast: Cast,
    code: str,
    name: str,
    department: Department,
    materials: list[tuple[str, bool, bool]],
    promised: int = 10,
    deferral: bool = False,
) -> ServiceItem:
    made = ServiceItem.objects.create(code=code, department=department)
    version = ItemVersion.objects.create(
        item=made, number=1, name=name, promised_days=promised, deferral_allowed=deferral
    )
    for order, (material, required, deferrable) in enumerate(materials):
        MaterialRequirement.objects.create(
            version=version, name=material, required=required, deferrable=deferrable, sort_order=order
        )
    catalog.version_publish(actor=cast.admin, version_id=version.pk)
    catalog.item_set_listed(actor=cast.admin, item_id=made.pk, listed=True)
    made.refresh_from_db()
    return made


def food_licence(cast: Cast) -> ServiceItem:
    return item(
        cast,
        "SJJ-SPJY",
        "食品经营许可",
        cast.market,
        [("营业执照", True, False), ("食品安全管理制度", True, False), ("经营场所平面图", True, True)],
        promised=10,
        deferral=True,
    )


def restaurant_bundle(cast: Cast) -> Bundle:
    founding = item(
        cast,
        "SJJ-SL",
        "企业设立登记",
        cast.market,
        [("营业执照", True, False), ("法定代表人身份证明", True, False)],
        promised=3,
    )
    tax = item(
        cast,
        "SWJ-FP",
        "发票领用",
        cast.tax,
        [("法定代表人身份证明", True, False), ("发票专用章", True, False)],
        promised=2,
    )
    bundle = Bundle.objects.create(code="KCG", name="开餐馆一件事", is_listed=True)
    bundle.items.set([founding, tax, food_licence(cast)])
    return bundle


def requirement_ids(made: ServiceItem) -> dict[str, int]:
    assert made.current is not None
    return {m.name: m.pk for m in made.current.materials.all()}
