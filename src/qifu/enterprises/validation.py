"""Checking enterprise fields, shared by the API, the pages and the spreadsheet import.

Every problem names its field and speaks Chinese; nothing is written unless all fields pass.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.utils import timezone

from qifu.core.cleaning import clean_decimal, clean_int, parse_id
from qifu.core.errors import FieldError, ValidationFailed
from qifu.core.identifiers import clean_uscc
from qifu.enterprises.choices import LifecycleStage, Scale
from qifu.enterprises.industry import industry_problem
from qifu.enterprises.models import Tag
from qifu.orgs.models import Grid, Park, Town

FIELD_LABELS: dict[str, str] = {
    "uscc": "统一社会信用代码",
    "name": "企业名称",
    "legal_representative": "法定代表人",
    "registered_capital": "注册资本(万元)",
    "established_on": "成立日期",
    "industry_code": "行业代码",
    "scale": "企业规模",
    "park_id": "所属园区",
    "town_id": "所属镇街",
    "grid_id": "所属网格",
    "lifecycle_stage": "生命周期阶段",
    "tags": "企业标签",
    "employees": "从业人数",
    "annual_revenue": "年营业收入(万元)",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
    "contact_email": "联系邮箱",
    "address": "地址",
    "credit_restricted": "信用受限",
}
REQUIRED = ("uscc", "name", "industry_code", "scale")
_PHONE = re.compile(r"^[0-9+\-() ]{7,20}$")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(field: str, value: Any, max_length: int) -> str:
    text = "" if value is None else str(value).strip()
    if len(text) > max_length:
        raise ValidationFailed.field(field, f"{FIELD_LABELS[field]}不能超过{max_length}个字")
    return text


def _decimal(field: str, value: Any) -> Decimal | None:
    return clean_decimal(field, FIELD_LABELS[field], value, below=Decimal("1e12"))


def _integer(field: str, value: Any) -> int | None:
    return clean_int(field, FIELD_LABELS[field], value, high=10_000_000)


def _date(field: str, value: Any) -> dt.date | None:
    if _blank(value):
        return None
    if isinstance(value, dt.datetime):
        day = value.date()
    elif isinstance(value, dt.date):
        day = value
    else:
        text = str(value).strip().replace("/", "-").replace(".", "-")
        try:
            day = dt.date.fromisoformat(text[:10]) if len(text) >= 10 else dt.date(*map(int, text.split("-")))
        except (ValueError, TypeError):
            raise ValidationFailed.field(field, f"{FIELD_LABELS[field]}应为日期，格式如 2020-05-18") from None
    if day > timezone.localdate():
        raise ValidationFailed.field(field, f"{FIELD_LABELS[field]}不能晚于今天")
    if day.year < 1949:
        raise ValidationFailed.field(field, f"{FIELD_LABELS[field]}不能早于1949年")
    return day


def _choice(field: str, value: Any, choices: type[Scale] | type[LifecycleStage]) -> str:
    text = str(value or "").strip()
    for choice in choices:
        label = str(choice.label)
        if text in (choice.value, label) or (label.endswith("型") and text == label[:-1]):
            return str(choice.value)
    allowed = "、".join(str(c.label) for c in choices)
    raise ValidationFailed.field(field, f"{FIELD_LABELS[field]}应为以下之一：{allowed}")


def _fk(field: str, value: Any, model: type[Park] | type[Town] | type[Grid]) -> int | None:
    pk = parse_id(field, FIELD_LABELS[field], value)
    if pk is not None and not model.objects.filter(pk=pk).exists():
        raise ValidationFailed.field(field, f"{FIELD_LABELS[field]}不存在")
    return pk


def split_tags(value: Any) -> list[str]:
    if _blank(value):
        return []
    if isinstance(value, list | tuple):
        return [str(v).strip() for v in value if str(v).strip()]
    return [t.strip() for t in re.split(r"[,，、;；\s]+", str(value)) if t.strip()]


def _tags(field: str, value: Any, known: Mapping[str, int] | None) -> list[int]:
    names = split_tags(value)
    known = known if known is not None else dict(Tag.objects.values_list("name", "id"))
    unknown = [n for n in names if n not in known]
    if unknown:
        raise ValidationFailed.field(field, f"未知的企业标签：{'、'.join(unknown)}")
    return sorted({known[n] for n in names})


def clean_enterprise_data(
    data: Mapping[str, Any], *, partial: bool, known_tags: Mapping[str, int] | None = None
) -> dict[str, Any]:
    """Validated values ready for the model (tags as a list of tag ids), or ValidationFailed with every problem."""
    out: dict[str, Any] = {}
    errors: list[FieldError] = []
    checks: dict[str, Any] = {
        "uscc": lambda v: clean_uscc(v),
        "name": lambda v: _text("name", v, 200),
        "legal_representative": lambda v: _text("legal_representative", v, 50),
        "registered_capital": lambda v: _decimal("registered_capital", v),
        "established_on": lambda v: _date("established_on", v),
        "industry_code": lambda v: _industry(v),
        "scale": lambda v: _choice("scale", v, Scale),
        "park_id": lambda v: _fk("park_id", v, Park),
        "town_id": lambda v: _fk("town_id", v, Town),
        "grid_id": lambda v: _fk("grid_id", v, Grid),
        "lifecycle_stage": lambda v: _choice("lifecycle_stage", v, LifecycleStage),
        "tags": lambda v: _tags("tags", v, known_tags),
        "employees": lambda v: _integer("employees", v),
        "annual_revenue": lambda v: _decimal("annual_revenue", v),
        "contact_name": lambda v: _text("contact_name", v, 50),
        "contact_phone": lambda v: _phone(v),
        "contact_email": lambda v: _email(v),
        "address": lambda v: _text("address", v, 200),
        "credit_restricted": lambda v: _bool("credit_restricted", v),
    }
    for field, check in checks.items():
        if field not in data:
            if field in REQUIRED and not partial:
                errors.append(FieldError(field, f"{FIELD_LABELS[field]}不能为空"))
            continue
        value = data[field]
        if field in REQUIRED and _blank(value):
            errors.append(FieldError(field, f"{FIELD_LABELS[field]}不能为空"))
            continue
        if field == "lifecycle_stage" and _blank(value):
            continue
        try:
            out[field] = check(value)
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    if "name" in out and len(out["name"]) < 2:
        errors.append(FieldError("name", "企业名称至少2个字"))
    if errors:
        raise ValidationFailed(f"企业信息有{len(errors)}处错误：" + "；".join(e.message for e in errors), errors)
    return out


def _bool(field: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value or "").strip().lower()
    if text in ("1", "true", "on", "是", "yes"):
        return True
    if text in ("", "0", "false", "off", "否", "no"):
        return False
    raise ValidationFailed.field(field, f"{FIELD_LABELS[field]}应为“是”或“否”")


def _industry(value: Any) -> str:
    code = str(value).strip().upper()
    problem = industry_problem(code)
    if problem:
        raise ValidationFailed.field("industry_code", problem)
    return code


def _phone(value: Any) -> str:
    text = _text("contact_phone", value, 30)
    if text and not _PHONE.match(text):
        raise ValidationFailed.field("contact_phone", "联系电话格式不正确")
    return text


def _email(value: Any) -> str:
    text = _text("contact_email", value, 254)
    if text:
        try:
            validate_email(text)
        except DjangoValidationError:
            raise ValidationFailed.field("contact_email", "联系邮箱格式不正确") from None
    return text
