"""Readable case numbers: a prefix, the date and the day's sequence (SQ2026112200001)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection


def next_daily_number(counter: Any, prefix: str, day: dt.date) -> str:
    """The next number of `day` from the counter model (fields `day`, `last`): one upsert that also locks the
    day's row until the transaction ends, so concurrent intakes never share a number."""
    table = counter._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (day, last) VALUES (%s, 1) "  # noqa: S608 (the table name is ours)
            f"ON CONFLICT (day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [day.isoformat()],
        )
        last = cursor.fetchone()[0]
    return f"{prefix}{day:%Y%m%d}{last:05d}"
