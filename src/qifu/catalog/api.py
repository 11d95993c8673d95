"""The public catalogue API: items, bundles (一件事) and value-added services. No login needed."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from qifu.catalog import selectors
from qifu.catalog.schemas import (
    BundleList,
    BundleOut,
    ItemList,
    ItemOut,
    ValueAddedList,
    ValueAddedOut,
    bundle_material_out,
    item_out,
)
from qifu.core.api_support import ErrorOut
from qifu.core.errors import NotFound

router = Router(tags=["事项清单"])


@router.get("/items", auth=None, response=ItemList, summary="政务服务事项（公开，可搜索）")
def items(request: HttpRequest, q: str = "") -> dict[str, Any]:
    return {"items": [item_out(i) for i in selectors.public_items(q.strip()[:50])]}


@router.get("/items/{item_id}", auth=None, response={200: ItemOut, 404: ErrorOut}, summary="事项详情（办事指南）")
def item(request: HttpRequest, item_id: int) -> ItemOut:
    found = selectors.public_item(item_id)
    if found is None:
        raise NotFound()
    return item_out(found)


@router.get("/bundles", auth=None, response=BundleList, summary="一件事（合并后的材料清单）")
def bundles(request: HttpRequest) -> dict[str, Any]:
    return {
        "items": [
            BundleOut(
                id=b.pk,
                code=b.code,
                name=b.name,
                description=b.description,
                items=[item_out(i) for i in b.items.all() if i.current is not None],
                materials=[bundle_material_out(m) for m in selectors.bundle_materials(b)],
            )
            for b in selectors.public_bundles()
        ]
    }


@router.get("/value-added-services", auth=None, response=ValueAddedList, summary="增值化服务清单")
def value_added(request: HttpRequest) -> dict[str, Any]:
    return {
        "items": [
            ValueAddedOut(
                id=v.pk,
                kind=v.kind,
                name=v.name,
                provider=v.provider.name,
                description=v.description,
                contact=v.contact,
            )
            for v in selectors.value_added_services()
        ]
    }
