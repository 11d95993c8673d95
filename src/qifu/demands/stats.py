"""The dashboard's demand figures, kept as daily counters (DemandStat) bumped with each event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import F, Sum
from django.utils import timezone

from qifu.demands.models import Demand, DemandStat

COUNTERS = (
    "registered",
    "assigned",
    "accepted",
    "accepted_in_time",
    "replied",
    "replied_on_time",
    "visited",
    "satisfied",
    "resolved",
    "reopened",
    "closed",
)


def bump(demand: Demand, **counts: int) -> None:
    """Add to today's counters of the demand's lead department and category (in the caller's transaction)."""
    key = {"day": timezone.localdate(), "department_id": demand.lead_department_id, "category_id": demand.category_id}
    increments = {name: F(name) + value for name, value in counts.items() if value}
    if not increments:
        return
    if not DemandStat.objects.filter(**key).update(**increments):
        DemandStat.objects.create(**key, **{name: value for name, value in counts.items() if value})


def _rate(numerator: int, denominator: int) -> float | None:
    return round(100.0 * numerator / denominator, 1) if denominator else None


def figures(start: dt.date, end: dt.date, *, by: str = "department") -> list[dict[str, Any]]:
    """One row per department (or category) with the counts and the rates of the period, plus a total row."""
    group = {"department": "department__name", "category": "category__name"}[by]
    rows = (
        DemandStat.objects.filter(day__gte=start, day__lte=end)
        .values(group)
        .annotate(**{name: Sum(name) for name in COUNTERS})
        .order_by(group)
    )
    result = []
    total = dict.fromkeys(COUNTERS, 0)
    for row in rows:
        for name in COUNTERS:
            total[name] += row[name] or 0
        result.append(_with_rates(row[group] or "（待分拨）", row))
    result.append(_with_rates("合计", total))
    return result


def _with_rates(label: str, row: dict[str, Any]) -> dict[str, Any]:
    counts = {name: row[name] or 0 for name in COUNTERS}
    return {
        "label": label,
        **counts,
        "response_rate": _rate(counts["accepted_in_time"], counts["assigned"]),
        "on_time_rate": _rate(counts["replied_on_time"], counts["replied"]),
        "resolution_rate": _rate(counts["resolved"], counts["visited"]),
        "satisfaction_rate": _rate(counts["satisfied"], counts["visited"]),
        "reopen_rate": _rate(counts["reopened"], counts["visited"]),
    }
