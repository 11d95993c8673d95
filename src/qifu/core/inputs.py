"""One validation path per write: the ninja `Schema` that the API takes is the one a page parses its form with.

`parse(SomeIn, request.POST)` gives the page the same typed, clean value (or the same Chinese errors, each
naming its field) that the API handler receives, so a service never sees unchecked input.
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

import pydantic
from django.db import models
from django.http import QueryDict

from qifu.core.cleaning import DAY_RANGE_TEXT
from qifu.core.errors import DomainError, FieldError, ValidationFailed
from qifu.core.schema_types import WriteIn

SchemaT = TypeVar("SchemaT", bound=pydantic.BaseModel)

MESSAGES = {
    "missing": "不能为空",
    "string_too_long": "过长",
    "string_too_short": "过短",
    "date_from_datetime_parsing": "应为日期，格式如 2025-01-24",
    "date_parsing": "应为日期，格式如 2025-01-24",
    "date_type": "应为日期，格式如 2025-01-24",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "decimal_parsing": "应为数字",
    "decimal_type": "应为数字",
    "float_parsing": "应为数字",
    "finite_number": "应为有限的数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "list_type": "应为列表",
    "greater_than": "数值过小",
    "greater_than_equal": "数值过小",
    "less_than": "数值过大",
    "less_than_equal": "数值过大",
    "decimal_max_digits": "数值过大",
    "decimal_max_places": "小数位数过多",
    "literal_error": "不是可选的值",
    "enum": "不是可选的值",
    "extra_forbidden": "是未知字段",
    "json_invalid": "不是有效的 JSON",
    "string_type": "应为文本",
    "model_type": "格式不正确",
    "model_attributes_type": "格式不正确",
    "dict_type": "应为对象",
    "int_range": "超出范围",
    "date_range": DAY_RANGE_TEXT,
    "string_unicode": "含有无效字符",
}
LABELS = {
    "start": "开始日期",
    "end": "结束日期",
    "days": "工作日数",
    "year": "年份",
    "username": "用户名",
    "password": "密码",
    "limit": "每页条数",
    "cursor": "分页游标",
    "version": "版本",
    "note": "说明",
    "reason": "理由",
    "content": "内容",
    # Names shared by many schemas in different senses: the plain word, not one schema's title.
    "amount": "金额",
    "department_id": "部门",
    "enterprise_id": "企业",
    "park_id": "园区",
    "town_id": "镇街",
}


_REGISTERED: dict[str, str] = {}


def register_labels(labels: Mapping[str, str]) -> None:
    """Chinese names of fields that no write schema titles (an app's nested criteria, its form-only fields)."""
    for name, label in labels.items():
        _REGISTERED.setdefault(name, label)


@functools.cache
def _schema_titles() -> dict[str, str]:
    """Every write schema's field titles, so that an API error names a field in Chinese as its page would."""
    found: dict[str, str] = {}
    pending = list(WriteIn.__subclasses__())
    while pending:
        schema = pending.pop()
        pending.extend(schema.__subclasses__())
        for name, f in schema.model_fields.items():
            if f.title:
                found.setdefault(name, f.title)
    return found


def label_of(name: str, labels: Mapping[str, str] | None = None) -> str:
    return (
        (labels or {}).get(name)
        or LABELS.get(name)
        or _REGISTERED.get(name)
        or _schema_titles().get(name)
        or ("编号" if name.endswith("_id") else name)
    )


def field_error(
    error: Mapping[str, Any], labels: Mapping[str, str] | None = None, options: Mapping[str, str] | None = None
) -> FieldError:
    """A pydantic error as a FieldError in Chinese: the field's label and what is wrong with it; a choice outside
    the list names the choices by their Chinese labels (`options`), never by their codes.

    A validator that raises `ValueError("…")` speaks for itself: its text is the message.
    """
    loc = [p for p in error.get("loc", ()) if isinstance(p, str) and p not in ("body", "query", "path", "payload")]
    field = ".".join(loc)  # criteria.max_revenue; list positions are left out
    leaf = loc[-1] if loc else ""
    label = label_of(leaf, labels) if leaf else "请求"
    kind, ctx = str(error.get("type")), error.get("ctx") or {}
    if kind == "value_error" and ctx.get("error"):
        return FieldError(field, str(ctx["error"]))
    if kind in ("string_too_short", "too_short") and ctx.get("min_length") == 1:
        return FieldError(field, f"{label}不能为空")
    if kind == "string_too_long" and ctx.get("max_length"):
        return FieldError(field, f"{label}不能超过{ctx['max_length']}个字")
    if kind == "less_than_equal" and "le" in ctx:
        return FieldError(field, f"{label}应不大于{ctx['le']}")
    if kind == "greater_than_equal" and "ge" in ctx:
        return FieldError(field, f"{label}应不小于{ctx['ge']}")
    if kind in ("enum", "literal_error") and (options or {}).get(leaf):
        return FieldError(field, f"{label}应为以下之一：{(options or {})[leaf]}")
    return FieldError(field, f"{label}{MESSAGES.get(kind, '格式不正确')}")


def errors_by_field(exc: DomainError) -> dict[str, str]:
    """A refusal's problems by field, for a form that shows each under its input (two problems of one field
    joined); a nested field ("demand.title") is keyed as its form input is named ("demand_title")."""
    found: dict[str, str] = {}
    for e in exc.errors:
        key = e.field.replace(".", "_")
        found[key] = f"{found[key]}；{e.message}" if key in found else e.message
    return found


def failed(errors: list[FieldError]) -> ValidationFailed:
    return ValidationFailed("请求参数有误：" + "；".join(e.message for e in errors), errors)


def titles(schema: type[pydantic.BaseModel]) -> dict[str, str]:
    """The Chinese labels a schema gives its fields (`Field(title="…")`)."""
    return {name: f.title for name, f in schema.model_fields.items() if f.title}


def choice_options(schema: type[pydantic.BaseModel]) -> dict[str, str]:
    """The Chinese labels of each choice field's choices (a Django `Choices`, alone, optional or in a list)."""
    found: dict[str, str] = {}
    for name, f in schema.model_fields.items():
        for kind in (f.annotation, *typing.get_args(f.annotation)):
            if isinstance(kind, type) and issubclass(kind, models.Choices):
                found[name] = "、".join(str(label) for label in kind.labels)
    return found


def _is_list(annotation: Any) -> bool:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_is_list(a) for a in typing.get_args(annotation) if a is not type(None))
    return origin in (list, set, tuple) or annotation in (list, set, tuple)


def form_data(schema: type[pydantic.BaseModel], data: Mapping[str, Any]) -> dict[str, Any]:
    """A form's fields as the schema expects them: lists for list fields, blank values left out."""
    values: dict[str, Any] = {}
    for name, f in schema.model_fields.items():
        key = f.alias or name
        if key not in data:
            continue
        if _is_list(f.annotation):
            items = data.getlist(key) if isinstance(data, QueryDict) else data[key]
            values[key] = [v for v in items if v not in ("", None)]
        else:
            value = data[key]
            if value not in ("", None):
                values[key] = value
    return values


def parse(schema: type[SchemaT], data: Mapping[str, Any]) -> SchemaT:
    """Validate a page's form (or any mapping) with the API's schema; ValidationFailed names each bad field."""
    try:
        return schema.model_validate(form_data(schema, data))
    except pydantic.ValidationError as exc:
        labels, options = titles(schema), choice_options(schema)
        raise failed([field_error(e, labels, options) for e in exc.errors()]) from None


def uploaded(request: Any, name: str) -> list[tuple[str, bytes]]:
    """The files of a form's file input `name` as (name, content), for a service to check and keep
    (core.files.check_uploads)."""
    return [(f.name or "", f.read()) for f in request.FILES.getlist(name)]
