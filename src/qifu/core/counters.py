"""Daily counters for the dashboard: one row per (dimension, day, key) holding counts, bumped in the transaction
of each event, so a period's figures read at most days x keys rows however many cases there are."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F


def bump_daily(model: Any, day: dt.date, keys: list[tuple[str, int]], counts: dict[str, int]) -> None:
    """Add `counts` to the day's row of each (dimension, key_id) of `model` (fields day, dimension, key_id)."""
    values = {name: value for name, value in counts.items() if value}
    if not values:
        return
    for dimension, key_id in keys:
        key = {"day": day, "dimension": dimension, "key_id": key_id}
        if model.objects.filter(**key).update(**{n: F(n) + v for n, v in values.items()}):
            continue
        try:
            with transaction.atomic():
                model.objects.create(**key, **values)
        except IntegrityError:  # another transaction created the day's row first
            model.objects.filter(**key).update(**{n: F(n) + v for n, v in values.items()})
