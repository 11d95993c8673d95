"""Public catalogue pages (no login): the searchable item list, the printable service guide (办事指南), the
一件事 page with its one merged material list, and the value-added service list (增值化服务清单).

A logged-in user sees them inside the staff shell; an anonymous visitor gets the plain public layout.
Staff maintain the catalogue in the admin.
"""

from __future__ import annotations

import os
from typing import Any

from django.db.models import F, Prefetch, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from qifu.catalog import selectors
from qifu.catalog.choices import ValueAddedKind
from qifu.catalog.models import Bundle, ItemVersion, MaterialRequirement, ServiceItem
from qifu.orgs.models import Department

SEARCH_MAX = 50
FREE = "不收费"


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    base = "base.html" if request.user.is_authenticated else "catalog/public_base.html"
    return render(request, template, {"base_template": base, **context}, status=status)


def _not_found(request: HttpRequest, what: str) -> HttpResponse:
    return _render(request, "catalog/not_found.html", {"what": what}, status=404)


def _is_free(version: ItemVersion) -> bool:
    return version.fees.strip().startswith(FREE)


def _ordered_items() -> QuerySet[ServiceItem]:
    """Items with their current version and materials, in the hall's order (department, then code)."""
    materials = MaterialRequirement.objects.prefetch_related("checkpoints")
    return (
        ServiceItem.objects.filter(current__isnull=False)
        .select_related("current", "department")
        .prefetch_related(Prefetch("current__materials", queryset=materials))
        .order_by("department__sort_order", "code")
    )


def _bundle_summary(bundle: Bundle) -> dict[str, Any]:
    items = [i for i in bundle.items.all() if i.current is not None]
    merged = selectors.bundle_materials(bundle)
    separate = sum(len(i.current.materials.all()) for i in items if i.current is not None)
    return {
        "bundle": bundle,
        "items": items,
        "merged": merged,
        "separate_count": separate,
        "merged_count": len(merged),
        "saved_count": separate - len(merged),
        "longest_days": max((i.current.promised_days for i in items if i.current is not None), default=0),
        "departments": list(dict.fromkeys(i.department.short_name or i.department.name for i in items)),
    }


@require_GET
def catalog_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()[:SEARCH_MAX]
    department_id = request.GET.get("dept", "").strip()
    items = selectors.public_items(q)
    selected: Department | None = None
    if department_id.isdigit():
        selected = Department.objects.filter(pk=int(department_id)).first()
        if selected is not None:
            items = items.filter(department=selected)
    departments = Department.objects.filter(
        service_items__is_listed=True, service_items__current__isnull=False
    ).distinct()
    bundles = Bundle.objects.filter(is_listed=True).prefetch_related(Prefetch("items", queryset=_ordered_items()))
    rows = [
        {"item": item, "v": item.current, "free": item.current is not None and _is_free(item.current)} for item in items
    ]
    return _render(
        request,
        "catalog/list.html",
        {
            "q": q,
            "rows": rows,
            "departments": departments,
            "selected": selected,
            "filtered": bool(q or selected),
            "bundles": [_bundle_summary(b) for b in bundles],
        },
    )


@require_GET
def item_detail(request: HttpRequest, item_id: int) -> HttpResponse:
    item = selectors.public_item(item_id)
    if item is None or item.current is None:
        return _not_found(request, "该事项不存在，或已停止对外公布。")
    version = item.current
    bundles = Bundle.objects.filter(is_listed=True, items=item)
    return _render(
        request,
        "catalog/item.html",
        {
            "item": item,
            "v": version,
            "materials": version.materials.all(),
            "free": _is_free(version),
            "bundles": bundles,
            "printed_at": timezone.localtime(),
        },
    )


@require_GET
def bundle_detail(request: HttpRequest, bundle_id: int) -> HttpResponse:
    bundle = (
        Bundle.objects.filter(pk=bundle_id, is_listed=True)
        .prefetch_related(Prefetch("items", queryset=_ordered_items()))
        .first()
    )
    if bundle is None:
        return _not_found(request, "该“一件事”不存在，或已停止对外公布。")
    summary = _bundle_summary(bundle)
    by_id = {m.pk: m for i in summary["items"] for m in i.current.materials.all()}
    item_names = [i.current.name for i in summary["items"]]
    lines = []
    for merged in summary["merged"]:
        first = by_id.get(merged.requirement_ids[0]) if merged.requirement_ids else None
        lines.append(
            {
                "m": merged,
                "copies": first.copies if first else "",
                "note": first.note if first else "",
                "uses": [name in merged.items for name in item_names],
            }
        )
    return _render(request, "catalog/bundle.html", {**summary, "lines": lines, "printed_at": timezone.localtime()})


@require_GET
def value_added(request: HttpRequest) -> HttpResponse:
    services = list(selectors.value_added_services())
    groups = []
    for kind in ValueAddedKind:
        members = [s for s in services if s.kind == kind]
        if members:
            groups.append({"kind": kind.value, "label": kind.label, "services": members})
    return _render(request, "catalog/value_added.html", {"groups": groups, "total": len(services)})


@require_GET
def material_file(request: HttpRequest, material_id: int, kind: str) -> FileResponse:
    """A blank form (空白表格) or sample (示范文本) of a material of a listed item's current version."""
    material = MaterialRequirement.objects.filter(
        pk=material_id, version__item__is_listed=True, version__item__current=F("version")
    ).first()
    if material is None or kind not in ("form", "sample"):
        raise Http404("文件不存在")
    field = material.form_template if kind == "form" else material.sample
    if not field:
        raise Http404("文件不存在")
    try:
        handle = field.open("rb")
    except FileNotFoundError as missing:
        raise Http404("文件不存在") from missing
    label = "空白表格" if kind == "form" else "示范文本"
    extension = os.path.splitext(field.name)[1]
    return FileResponse(handle, as_attachment=True, filename=f"{material.name}-{label}{extension}")
