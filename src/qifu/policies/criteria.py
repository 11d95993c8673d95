"""The eligibility criteria of a policy: the JSON of API.md ("Policies") checked field by field, with a Chinese
message naming the field, and turned into matching.Criteria. Tags may be given by name or id; ids are stored."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from qifu.core.cleaning import clean_decimal, clean_int, parse_id
from qifu.core.errors import FieldError, ValidationFailed
from qifu.enterprises.choices import LifecycleStage, Scale
from qifu.enterprises.models import Tag
from qifu.orgs.models import Park, Town
from qifu.policies.matching import Criteria

INDUSTRY_PREFIX = re.compile(r"^[A-T]\d{0,4}$")
LIST_FIELDS = ("industries", "scales", "park_ids", "town_ids", "lifecycle_stages", "tags_all", "tags_any")
RANGES = {
    "years": ("成立年限", int),
    "employees": ("从业人数", int),
    "revenue": ("年营业收入", Decimal),
}
LABELS = {
    "industries": "行业",
    "scales": "企业规模",
    "park_ids": "所属园区",
    "town_ids": "所属镇街",
    "lifecycle_stages": "生命周期阶段",
    "tags_all": "须同时具备的标签",
    "tags_any": "具备其一的标签",
    **{
        f"{end}_{name}": f"{label}{'下限' if end == 'min' else '上限'}"
        for name, (label, _) in RANGES.items()
        for end in ("min", "max")
    },
}


def _field(name: str) -> str:
    return f"criteria.{name}"


def _as_list(name: str, value: Any, errors: list[FieldError]) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        errors.append(FieldError(_field(name), f"{LABELS[name]}应为列表"))
        return []
    return value


def _ids(name: str, values: list[Any], model: Any, noun: str, errors: list[FieldError]) -> list[int]:
    ids = []
    for v in values:
        try:
            pk = None if isinstance(v, bool) or not isinstance(v, int | str) else parse_id(name, "", v)
        except ValidationFailed:
            pk = None
        if pk is None:
            errors.append(FieldError(_field(name), f"{LABELS[name]}应为编号，“{v}”不是编号"))
            continue
        ids.append(pk)
    known = set(model.objects.filter(pk__in=ids).values_list("pk", flat=True))
    for missing in sorted(set(ids) - known):
        errors.append(FieldError(_field(name), f"没有编号为 {missing} 的{noun}"))
    return sorted(set(ids))


def _tags(name: str, values: list[Any], errors: list[FieldError]) -> list[int]:
    by_name = dict(Tag.objects.values_list("name", "pk"))
    known_ids = set(by_name.values())
    ids = []
    for v in values:
        if isinstance(v, int) and not isinstance(v, bool) and v in known_ids:
            ids.append(v)
        elif isinstance(v, str) and v.strip() in by_name:
            ids.append(by_name[v.strip()])
        else:
            errors.append(FieldError(_field(name), f"没有“{v}”这个企业标签"))
    return sorted(set(ids))


def _number(name: str, value: Any, kind: type, errors: list[FieldError]) -> Any:
    """The bound as the enterprise column it is compared with can hold it (years and employees as integers)."""
    try:
        if kind is int:
            return clean_int(_field(name), LABELS[name], value, high=10_000_000)
        return clean_decimal(_field(name), LABELS[name], value, below=Decimal("1e14"))
    except ValidationFailed as exc:
        errors.extend(exc.errors)
        return None


def clean_criteria(raw: Any) -> dict[str, Any]:
    """The stored form of `raw` (only the criteria given), or ValidationFailed naming every bad field."""
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValidationFailed.field("criteria", "享受条件格式不正确")
    errors: list[FieldError] = []
    unknown = sorted(set(raw) - set(LABELS))
    for key in unknown:
        errors.append(FieldError(_field(str(key)), f"不认识的享受条件“{key}”"))
    out: dict[str, Any] = {}
    industries = []
    for code in _as_list("industries", raw.get("industries"), errors):
        text = str(code).strip().upper()
        if not INDUSTRY_PREFIX.match(text):
            errors.append(
                FieldError(_field("industries"), f"行业代码“{code}”格式不正确，应为门类字母加0至4位数字，如 C39")
            )
        else:
            industries.append(text)
    for name, choices, noun in (("scales", Scale, "企业规模"), ("lifecycle_stages", LifecycleStage, "生命周期阶段")):
        picked = []
        for v in _as_list(name, raw.get(name), errors):
            if v in choices.values:
                picked.append(v)
            else:
                errors.append(FieldError(_field(name), f"没有“{v}”这种{noun}"))
        out[name] = sorted(set(picked))
    out["industries"] = sorted(set(industries))
    out["park_ids"] = _ids("park_ids", _as_list("park_ids", raw.get("park_ids"), errors), Park, "园区", errors)
    out["town_ids"] = _ids("town_ids", _as_list("town_ids", raw.get("town_ids"), errors), Town, "镇街", errors)
    for name in ("tags_all", "tags_any"):
        out[name] = _tags(name, _as_list(name, raw.get(name), errors), errors)
    for name, (label, kind) in RANGES.items():
        low = _number(f"min_{name}", raw.get(f"min_{name}"), kind, errors)
        high = _number(f"max_{name}", raw.get(f"max_{name}"), kind, errors)
        if low is not None and high is not None and low > high:
            errors.append(FieldError(_field(f"max_{name}"), f"{label}上限不能小于下限"))
        out[f"min_{name}"] = low if kind is int or low is None else str(low)
        out[f"max_{name}"] = high if kind is int or high is None else str(high)
    if errors:
        raise ValidationFailed("享受条件有误：" + "；".join(e.message for e in errors), errors)
    return {k: v for k, v in out.items() if v not in (None, [])}


def to_criteria(stored: dict[str, Any]) -> Criteria:
    """The matcher's form of a policy's stored criteria."""

    def number(name: str) -> Any:
        value = stored.get(name)
        if value is None:
            return None
        return float(value) if name.endswith("revenue") else int(value)

    return Criteria(
        industries=tuple(stored.get("industries", ())),
        scales=tuple(stored.get("scales", ())),
        park_ids=tuple(stored.get("park_ids", ())),
        town_ids=tuple(stored.get("town_ids", ())),
        lifecycle_stages=tuple(stored.get("lifecycle_stages", ())),
        tags_all=tuple(stored.get("tags_all", ())),
        tags_any=tuple(stored.get("tags_any", ())),
        **{f"{end}_{name}": number(f"{end}_{name}") for name in RANGES for end in ("min", "max")},
    )
