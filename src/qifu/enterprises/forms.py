"""The enterprise form as a list of fields for the template; validation itself is the service's."""

from __future__ import annotations

from typing import Any

from qifu.enterprises.choices import LedgerCategory, LifecycleStage, Scale
from qifu.enterprises.models import Enterprise, Tag
from qifu.enterprises.validation import FIELD_LABELS
from qifu.orgs.models import Grid, Park, Town

# (field, input type, required). Order is the order on the page.
LAYOUT: list[tuple[str, str, bool]] = [
    ("uscc", "text", True),
    ("name", "text", True),
    ("legal_representative", "text", False),
    ("registered_capital", "number", False),
    ("established_on", "date", False),
    ("industry_code", "text", True),
    ("scale", "select", True),
    ("lifecycle_stage", "select", False),
    ("park_id", "select", False),
    ("town_id", "select", False),
    ("grid_id", "select", False),
    ("employees", "number", False),
    ("annual_revenue", "number", False),
    ("contact_name", "text", False),
    ("contact_phone", "text", False),
    ("contact_email", "email", False),
    ("address", "text", False),
    ("tags", "tags", False),
]
HINTS = {
    "uscc": "18位，含校验位",
    "industry_code": "GB/T 4754-2017，如 C3911",
    "registered_capital": "万元",
    "annual_revenue": "万元",
}


def _choices(field: str) -> list[tuple[str, str]]:
    if field == "scale":
        return [("", "请选择")] + [(str(c.value), str(c.label)) for c in Scale]
    if field == "lifecycle_stage":
        return [(str(c.value), str(c.label)) for c in LifecycleStage]
    places = {"park_id": Park.objects.all(), "town_id": Town.objects.all(), "grid_id": Grid.objects.all()}[field]
    return [("", "（无）")] + [(str(pk), name) for pk, name in places.values_list("pk", "name")]


def initial_from(enterprise: Enterprise) -> dict[str, Any]:
    values: dict[str, Any] = {f: getattr(enterprise, f) for f, _, _ in LAYOUT if f != "tags"}
    values["tags"] = [t.name for t in enterprise.tags.all()]
    return {k: ("" if v is None else v) for k, v in values.items()}


def data_from_post(post: Any, fields: set[str] | None = None) -> dict[str, Any]:
    """The submitted values of the form's fields (only `fields` when given)."""
    data: dict[str, Any] = {}
    for field, kind, _ in LAYOUT:
        if fields is not None and field not in fields:
            continue
        data[field] = post.getlist("tags") if kind == "tags" else post.get(field, "")
    return data


def form_fields(
    values: dict[str, Any], errors: dict[str, str], *, editable: set[str] | None = None
) -> list[dict[str, Any]]:
    tag_names = list(Tag.objects.values_list("name", flat=True))
    rows = []
    for field, kind, required in LAYOUT:
        rows.append(
            {
                "name": field,
                "label": FIELD_LABELS[field],
                "type": kind,
                "required": required,
                "value": values.get(field, ""),
                "error": errors.get(field, ""),
                "hint": HINTS.get(field, ""),
                "choices": _choices(field) if kind == "select" else (tag_names if kind == "tags" else []),
                "readonly": editable is not None and field not in editable,
            }
        )
    return rows


LEDGER_CATEGORIES = [(str(c.value), str(c.label)) for c in LedgerCategory]
