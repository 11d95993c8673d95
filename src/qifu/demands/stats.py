"""The dashboard's demand figures, kept as daily counters (DemandDailyCount) bumped with each event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from qifu.core.counters import bump_daily
from qifu.demands.models import Demand, DemandCategory, DemandDailyCount
from qifu.orgs.models import Department

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
UNASSIGNED = "（待分拨）"


def bump(demand: Demand, **counts: int) -> None:
    """Add to today's counters of the demand's lead department and of its category (caller's transaction)."""
    keys = [("department", demand.lead_department_id or 0), ("category", demand.category_id)]
    bump_daily(DemandDailyCount, timezone.localdate(), keys, counts)


def _rate(numerator: int, denominator: int) -> float | None:
    return round(100.0 * numerator / denominator, 1) if denominator else None


def figures(start: dt.date, end: dt.date, *, by: str = "department") -> list[dict[str, Any]]:
    """One row per department (or category) with the counts and the rates of the period, plus a total row."""
    if by not in ("department", "category"):
        raise ValueError(by)
    rows = (
        DemandDailyCount.objects.filter(dimension=by, day__gte=start, day__lte=end)
        .values("key_id")
        .annotate(**{name: Sum(name) for name in COUNTERS})
    )
    model = Department if by == "department" else DemandCategory
    names = dict(model.objects.values_list("pk", "name"))
    result = sorted(
        (_with_rates(names.get(row["key_id"], UNASSIGNED), row) for row in rows),
        key=lambda r: (r["label"] == UNASSIGNED, r["label"]),
    )
    total = {name: sum(r[name] for r in result) for name in COUNTERS}
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
