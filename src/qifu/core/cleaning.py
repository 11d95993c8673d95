"""Cleaning free text from forms and the API, with a Chinese message naming the field."""

from __future__ import annotations

from typing import Any

from qifu.core.errors import ValidationFailed


def clean_text(field: str, label: str, value: Any, *, required: bool = True, max_length: int = 2000) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationFailed.field(field, f"{label}不能为空")
    if len(text) > max_length:
        raise ValidationFailed.field(field, f"{label}不能超过{max_length}个字")
    return text
