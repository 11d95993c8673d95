"""Daily counters for the dashboard: one row per (dimension, day, key) holding counts, bumped in the transaction
of each event, so a period's figures read at most days x keys rows however many cases there are."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db import connection

from qifu.core.audit import lock_chain


def bump_daily(model: Any, day: dt.date, keys: list[tuple[str, int]], counts: dict[str, int]) -> None:
    """Add `counts` to the day's row of each (dimension, key_id) of `model` (fields day, dimension, key_id).

    One statement for every key (an intake bumps its department, category and park): INSERT … ON CONFLICT DO
    UPDATE adds to the row another transaction created first, on SQLite and PostgreSQL alike. The rows are
    written in a fixed order (sorted keys), so two transactions bumping the same keys lock them in the same
    order and never deadlock."""
    values = {name: value for name, value in counts.items() if value}
    if not values:
        return
    meta = model._meta
    quote = connection.ops.quote_name
    # Every counter column: the model's defaults are not in the database, so the INSERT names them all.
    counters = [
        f.column for f in meta.concrete_fields if not f.primary_key and f.column not in ("day", "dimension", "key_id")
    ]
    unknown = set(values) - set(counters)
    if unknown:
        raise ValueError(f"{meta.label} has no counters {sorted(unknown)}")
    columns = ["day", "dimension", "key_id", *counters]
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    params: list[Any] = []
    day_value = connection.ops.adapt_datefield_value(day)
    times = Counter(keys)  # a key named twice is bumped twice, as two calls would
    for dimension, key_id in sorted(times):
        n = times[(dimension, key_id)]
        params += [day_value, dimension, key_id, *(values.get(c, 0) * n for c in counters)]
    table = quote(meta.db_table)
    updates = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in values)
    sql = (
        f"INSERT INTO {table} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608 (names are the model's)
        f"VALUES {', '.join([row] * (len(params) // len(columns)))} "
        f"ON CONFLICT ({quote('dimension')}, {quote('day')}, {quote('key_id')}) DO UPDATE SET {updates}"
    )
    lock_chain()  # the audit head before the counters, whichever the caller writes first (see lock_chain)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
