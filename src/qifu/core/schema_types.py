"""Field types for API schemas that say, in the OpenAPI document too, what their column can hold.

Every operation is also guarded by `api_support.refuse_unstorable`, which refuses out-of-bigint integers,
NaN/infinity, days outside 1900-2100 and lone surrogates in any field; these types add the column's own bounds.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import (
    AfterValidator,
    BeforeValidator,
    ConfigDict,
    Field,
    ModelWrapValidatorHandler,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)

from qifu.core.cleaning import FIRST_DAY, ID_MAX, LAST_DAY

Id = Annotated[int, Field(ge=1, le=ID_MAX)]
Day = Annotated[dt.date, Field(ge=FIRST_DAY, le=LAST_DAY)]
Count = Annotated[int, Field(ge=0, le=2**31 - 1)]  # PositiveIntegerField


def _clock_text(value: Any) -> Any:
    if not isinstance(value, str | dt.time):
        raise ValueError("时间应写成 09:00 这样的时刻")
    return value


def _local(value: dt.time) -> dt.time:
    return value.replace(tzinfo=None)  # a time of day in the district (Asia/Shanghai): the column holds no zone


ClockTime = Annotated[dt.time, BeforeValidator(_clock_text), AfterValidator(_local)]
"""A time of day such as 09:00, as a TimeField holds it (no time zone; an offset given is dropped)."""


def _amount(below: str) -> Any:
    """A money column in 万元 with cents: finite, not negative, below its largest value, at most two decimals."""
    return (
        Field(ge=0, lt=Decimal(below), decimal_places=2, allow_inf_nan=False),
        WithJsonSchema({"type": "number", "minimum": 0, "exclusiveMaximum": float(below), "multipleOf": 0.01}),
    )


# 万元 columns: DecimalField(max_digits=14, decimal_places=2) (registered capital, claim amounts), and max_digits=16
Money = Annotated[Decimal, *_amount("1e12")]
Revenue = Annotated[Decimal, *_amount("1e14")]


class WriteIn(Schema):
    """What every write's input shares: unknown fields refused, text trimmed before its length is checked."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo) -> Any:
        """A body (a dict) is validated once. ninja's Schema validates a schema that forbids extra fields twice,
        the dict and then its DjangoGetter, which ran every validator twice, a database lookup (the intake's
        enterprise and category) included; anything else goes the way ninja's does."""
        if isinstance(values, dict):
            return handler(values)
        handler(values)
        return handler(DjangoGetter(values, cls, info.context))


def text_field(title: str, max_length: int, *, required: bool = True) -> Any:
    """A text field of a write schema: its Chinese title, required (not blank once trimmed) or "" by default."""
    if required:
        return Field(title=title, min_length=1, max_length=max_length)
    return Field("", title=title, max_length=max_length)
