"""Cleaning input from forms, query strings and the API, with a Chinese message naming the field.

Only what a column can hold gets through: ids are ASCII digits within PostgreSQL's bigint, days lie in
1900-2100, numbers are finite and within their column, text is valid Unicode (no lone surrogates).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from qifu.core.errors import ValidationFailed

ID_MAX = 2**63 - 1  # bigint, the type of every primary key
FIRST_DAY = dt.date(1900, 1, 1)
LAST_DAY = dt.date(2100, 12, 31)
DAY_RANGE_TEXT = "应在1900年至2100年之间"


def is_valid_unicode(text: str) -> bool:
    """False for a lone surrogate (JSON "\\udfff"), which no database or UTF-8 page can hold."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def clean_text(field: str, label: str, value: Any, *, required: bool = True, max_length: int = 2000) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationFailed.field(field, f"{label}不能为空")
    if len(text) > max_length:
        raise ValidationFailed.field(field, f"{label}不能超过{max_length}个字")
    if not is_valid_unicode(text):
        raise ValidationFailed.field(field, f"{label}含有无效字符")
    return text


def clean_query(value: Any, max_length: int = 100) -> str:
    """Typed search text: what no column holds (control characters such as NUL, lone surrogates) and odd spaces
    become one space, trimmed and cut to `max_length` characters."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(value or ""))
    return " ".join(text.split())[:max_length]


def parse_id(field: str, label: str, value: Any) -> int | None:
    """None when blank; the id when `value` is ASCII digits within bigint ('³' and '٣' are refused)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or int(text) > ID_MAX:
        raise ValidationFailed.field(field, f"{label}应为编号")
    return int(text)


def check_day(field: str, label: str, day: dt.date) -> dt.date:
    if not FIRST_DAY <= (day.date() if isinstance(day, dt.datetime) else day) <= LAST_DAY:
        raise ValidationFailed.field(field, f"{label}{DAY_RANGE_TEXT}")
    return day


def parse_day(field: str, label: str, value: Any) -> dt.date | None:
    """None when blank; a day in 1900-2100 from a date or an ISO text such as 2026-01-31."""
    if isinstance(value, dt.date):
        return check_day(field, label, value)
    text = str(value or "").strip()
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationFailed.field(field, f"{label}格式应为 2026-01-31") from None
    return check_day(field, label, day)


def clean_decimal(field: str, label: str, value: Any, *, below: Decimal, places: int = 2) -> Decimal | None:
    """None when blank; a finite number in [0, below) rounded to `places` (thousands separators allowed)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise ValidationFailed.field(field, f"{label}应为数字") from None
    if not number.is_finite():
        raise ValidationFailed.field(field, f"{label}应为有限的数字")
    if number < 0:
        raise ValidationFailed.field(field, f"{label}不能为负数")
    if number >= below:
        raise ValidationFailed.field(field, f"{label}数值过大")
    return number.quantize(Decimal(1).scaleb(-places))


def clean_int(field: str, label: str, value: Any, *, high: int) -> int | None:
    """None when blank; a whole number in [0, high] ('12', 12, 12.0; not '1.5', NaN or '³')."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        number = Decimal(str(value).strip())
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or number != number.to_integral_value():
        raise ValidationFailed.field(field, f"{label}应为整数")
    if not 0 <= number <= high:
        raise ValidationFailed.field(field, f"{label}应在0到{high}之间")
    return int(number)
