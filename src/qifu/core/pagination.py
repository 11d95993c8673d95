"""Keyset pagination shared by pages and the API: `(items, next_cursor)` ordered by id descending."""

from __future__ import annotations

import base64
from typing import Any, TypeVar

from django.db.models import Model, QuerySet

from qifu.core.errors import ValidationFailed

M = TypeVar("M", bound=Model)
MAX_LIMIT = 200


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, value = raw.split(":", 1)
        if kind != "id":
            raise ValueError(kind)
        return int(value)
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed.field("cursor", "分页游标无效") from None


def total(qs: QuerySet[Any]) -> int:
    """How many rows the list's filter matches ("共 N 条"): one COUNT over the filter's index, without the
    page's ordering."""
    return qs.order_by().count()


def keyset_page(
    qs: QuerySet[M], *, cursor: str | None, limit: int, ids_first: bool = False
) -> tuple[list[M], str | None]:
    """One page of newest-first rows after `cursor`; the index (…, id) of each filter keeps deep pages fast.

    `ids_first` picks the page's ids with a narrow query before loading the rows and their joins: for
    filters no index serves in id order (SQLite would otherwise join and sort every matching row).
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed.field("limit", f"每页条数应在1到{MAX_LIMIT}之间")
    if cursor:
        qs = qs.filter(id__lt=decode_cursor(cursor))
    if ids_first:
        ids = list(qs.order_by("-id").values_list("id", flat=True)[: limit + 1])
        qs = qs.filter(id__in=ids)
    rows = list(qs.order_by("-id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    return rows, (encode_cursor(rows[-1].pk) if more and rows else None)
