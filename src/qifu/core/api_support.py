"""What every API router shares: error bodies, pagination params, idempotency (bearer auth is accounts')."""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja import Schema
from ninja.errors import ValidationError as NinjaValidationError
from pydantic import BaseModel

from qifu.core.cleaning import FIRST_DAY, ID_MAX, LAST_DAY, is_valid_unicode
from qifu.core.models import IdempotencyRecord


class ErrorOut(Schema):
    detail: str
    errors: list[dict[str, Any]] = []


class TimelineOut(Schema):
    """One step of a case's timeline as the caller may read it: staff read its note, the enterprise its public
    line (`TimelineStep.text_for`)."""

    at: dt.datetime
    actor: str
    action: str
    note: str

    @classmethod
    def of(cls, steps: Any, *, staff: bool) -> list[TimelineOut]:
        return [cls(at=t.at, actor=t.actor_label, action=t.action, note=t.text_for(staff)) for t in steps]


class ListParams(Schema):
    cursor: str | None = None
    limit: int = 50


def _unstorable(value: Any, loc: tuple[str, ...], found: list[dict[str, Any]]) -> None:
    """Collect, as pydantic-style errors, the values in `value` that no column can hold."""
    kind = ""
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            _unstorable(getattr(value, name), (*loc, name), found)
    elif isinstance(value, dict):
        for key, item in value.items():
            _unstorable(key, loc, found)
            _unstorable(item, (*loc, str(key)), found)
    elif isinstance(value, list | tuple | set):
        for item in value:
            _unstorable(item, loc, found)
    elif isinstance(value, bool):
        pass
    elif isinstance(value, int):
        kind = "" if -ID_MAX - 1 <= value <= ID_MAX else "int_range"
    elif isinstance(value, float | Decimal):
        kind = "" if math.isfinite(value) else "finite_number"
    elif isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        kind = "" if FIRST_DAY <= day <= LAST_DAY else "date_range"
    elif isinstance(value, str):
        kind = "" if is_valid_unicode(value) else "string_unicode"
    if kind:
        found.append({"loc": loc, "type": kind})


def refuse_unstorable(func: Callable[..., Any]) -> Callable[..., Any]:
    """Added to every operation of the API: a path, query or body value that no column can hold (an integer
    beyond bigint, NaN or infinity, a day outside 1900-2100, a lone surrogate) answers 422 naming the field."""

    @functools.wraps(func)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        found: list[dict[str, Any]] = []
        for name, value in kwargs.items():
            _unstorable(value, ("body",) if isinstance(value, BaseModel) else ("query", name), found)
        if found:
            raise NinjaValidationError(found)
        return func(request, *args, **kwargs)

    return guarded


def idempotent(request: HttpRequest, endpoint: str, create: Callable[[], tuple[int, Any]]) -> tuple[int, Any]:
    """Run `create` once per (user, Idempotency-Key, endpoint); repeats get the first answer back."""
    key = request.headers.get("Idempotency-Key", "").strip()[:200]
    if not key:
        return create()
    user_id = request.user.pk or 0
    found = IdempotencyRecord.objects.filter(user_id=user_id, key=key, endpoint=endpoint).first()
    if found is not None:
        return found.status, found.body
    try:
        with transaction.atomic():
            status, body = create()
            stored = json.loads(json.dumps(body, default=str, ensure_ascii=False))
            IdempotencyRecord.objects.create(user_id=user_id, key=key, endpoint=endpoint, status=status, body=stored)
    except IntegrityError:
        # A concurrent request with the same key won; its creation stands, ours was rolled back.
        found = IdempotencyRecord.objects.get(user_id=user_id, key=key, endpoint=endpoint)
        return found.status, found.body
    return status, stored
