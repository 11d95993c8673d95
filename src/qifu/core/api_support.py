"""What every API router shares: error bodies, pagination params, idempotency (bearer auth is accounts')."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from ninja import Schema

from qifu.core.models import IdempotencyRecord


class ErrorOut(Schema):
    detail: str
    errors: list[dict[str, Any]] = []


class ListParams(Schema):
    cursor: str | None = None
    limit: int = 50


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
