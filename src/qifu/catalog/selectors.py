"""Reads of the catalogue: the public list, one item's guide, bundles with their merged material list."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from qifu.catalog.models import Bundle, MaterialRequirement, ServiceItem, ValueAddedService


def _with_content(qs: QuerySet[ServiceItem]) -> QuerySet[ServiceItem]:
    materials = MaterialRequirement.objects.prefetch_related("checkpoints")
    return qs.select_related("current", "department").prefetch_related(
        Prefetch("current__materials", queryset=materials)
    )


def public_items(q: str = "") -> QuerySet[ServiceItem]:
    """Listed items with a published version, searchable by name, code or department."""
    qs = ServiceItem.objects.filter(is_listed=True, current__isnull=False)
    if q:
        qs = qs.filter(Q(current__name__contains=q) | Q(code__icontains=q) | Q(department__name__contains=q))
    return _with_content(qs).order_by("department__sort_order", "code")


def public_item(item_id: int) -> ServiceItem | None:
    return _with_content(ServiceItem.objects.filter(pk=item_id, is_listed=True, current__isnull=False)).first()


def public_bundles() -> QuerySet[Bundle]:
    listed = ServiceItem.objects.filter(is_listed=True, current__isnull=False)
    return Bundle.objects.filter(is_listed=True).prefetch_related(
        Prefetch("items", queryset=_with_content(listed).order_by("department__sort_order", "code"))
    )


@dataclass(frozen=True)
class MergedMaterial:
    """One line of a bundle's single material list: asked once, whichever items need it."""

    name: str
    required: bool
    deferrable: bool
    requirement_ids: tuple[int, ...]
    items: tuple[str, ...]
    checkpoints: tuple[str, ...]


@dataclass
class _Merging:
    name: str
    required: bool = False
    deferrable: bool = True
    ids: list[int] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    checkpoints: list[str] = field(default_factory=list)


def bundle_materials(bundle: Bundle) -> list[MergedMaterial]:
    """The union of the items' current materials with duplicates (same name) merged: required if any item
    requires it, deferrable only if every item allows deferring it."""
    merged: dict[str, _Merging] = {}
    for item in bundle.items.all():
        if item.current is None:
            continue
        for material in item.current.materials.all():
            entry = merged.setdefault("".join(material.name.split()), _Merging(material.name))
            entry.required = entry.required or material.required
            entry.deferrable = entry.deferrable and material.deferrable
            entry.ids.append(material.pk)
            entry.items.append(item.current.name)
            entry.checkpoints += [c.text for c in material.checkpoints.all() if c.text not in entry.checkpoints]
    return [
        MergedMaterial(
            name=e.name,
            required=e.required,
            deferrable=e.deferrable,
            requirement_ids=tuple(e.ids),
            items=tuple(e.items),
            checkpoints=tuple(e.checkpoints),
        )
        for e in merged.values()
    ]


def value_added_services() -> QuerySet[ValueAddedService]:
    return ValueAddedService.objects.filter(is_listed=True).select_related("provider")
