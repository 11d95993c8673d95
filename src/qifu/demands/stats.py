"""The dashboard's demand figures, kept as daily counters (DemandDailyCount) bumped with each event."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone

from qifu.core.choices import Light
from qifu.core.counters import bump_daily
from qifu.demands.models import Demand, DemandCategory, DemandDailyCount
from qifu.demands.transitions import WORKFLOW
from qifu.orgs.models import Department, Park

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
NO_PARK = "（园区外）"
DIMENSIONS = ("department", "category", "park")


def bump(demand: Demand, **counts: int) -> None:
    """Add to today's counters of the demand's lead department, of its category and of its enterprise's park
    (caller's transaction)."""
    keys = [
        ("department", demand.lead_department_id or 0),
        ("category", demand.category_id),
        ("park", demand.enterprise.park_id or 0),
    ]
    bump_daily(DemandDailyCount, timezone.localdate(), keys, counts)


def _rate(numerator: int, denominator: int) -> float | None:
    return round(100.0 * numerator / denominator, 1) if denominator else None


def figures(start: dt.date, end: dt.date, *, by: str = "department") -> list[dict[str, Any]]:
    """One row per department (or category, or park) with the counts and the rates of the period, plus a total
    row. Each row's `id` is the department's (category's, park's) id: 0 for demands not yet assigned (for
    enterprises outside every park), None on the total row."""
    if by not in DIMENSIONS:
        raise ValueError(by)
    rows = (
        DemandDailyCount.objects.filter(dimension=by, day__gte=start, day__lte=end)
        .values("key_id")
        .annotate(**{name: Sum(name) for name in COUNTERS})
    )
    model: Any = {"department": Department, "category": DemandCategory, "park": Park}[by]
    names = dict(model.objects.values_list("pk", "name"))
    missing = NO_PARK if by == "park" else UNASSIGNED
    result = sorted(
        (_with_rates(row["key_id"], names.get(row["key_id"], missing), row) for row in rows),
        key=lambda r: (r["label"] == missing, r["label"]),
    )
    total = {name: sum(r[name] for r in result) for name in COUNTERS}
    result.append(_with_rates(None, "合计", total))
    return result


def weekly(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Demands registered and closed per week (Monday to Sunday, cut to the period), oldest first."""
    per_day = {
        day: (registered or 0, closed or 0)
        for day, registered, closed in DemandDailyCount.objects.filter(
            dimension="department", day__gte=start, day__lte=end
        )
        .values("day")
        .annotate(registered=Sum("registered"), closed=Sum("closed"))
        .order_by()
        .values_list("day", "registered", "closed")
    }
    weeks = []
    monday = start - dt.timedelta(days=start.weekday())
    while monday <= end:
        first, last = max(monday, start), min(monday + dt.timedelta(days=6), end)
        span = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
        weeks.append(
            {
                "week_start": first,
                "week_end": last,
                "registered": sum(per_day.get(d, (0, 0))[0] for d in span),
                "closed": sum(per_day.get(d, (0, 0))[1] for d in span),
            }
        )
        monday += dt.timedelta(days=7)
    return weeks


def lights(now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Running demands per lead department at each light (正常 / 即将超期 / 已超期), plus a total row; read
    through the partial indexes on the running statuses' deadlines, never the whole table."""
    now = now or timezone.now()
    counts: dict[int, dict[str, int]] = {}
    for light in Light.values:
        found = (
            Demand.objects.filter(WORKFLOW.light_q(light, now))
            .values("lead_department_id")
            .annotate(n=Count("id"))
            .order_by()
            .values_list("lead_department_id", "n")
        )
        for department_id, n in found:
            counts.setdefault(department_id or 0, dict.fromkeys(Light.values, 0))[light] = n
    names = dict(Department.objects.filter(pk__in=counts).values_list("pk", "name"))
    rows: list[dict[str, Any]] = sorted(
        ({"id": key, "label": names.get(key, UNASSIGNED), **values} for key, values in counts.items()),
        key=lambda r: (-r[Light.OVERDUE], -r[Light.WARNING], r["label"]),
    )
    total = {light: sum(r[light] for r in rows) for light in Light.values}
    rows.append({"id": None, "label": "合计", **total})
    for row in rows:
        row["running"] = sum(row[light] for light in Light.values)
    return rows


def _with_rates(key_id: int | None, label: str, row: dict[str, Any]) -> dict[str, Any]:
    counts = {name: row[name] or 0 for name in COUNTERS}
    return {
        "id": key_id,
        "label": label,
        **counts,
        "response_rate": _rate(counts["accepted_in_time"], counts["assigned"]),
        "on_time_rate": _rate(counts["replied_on_time"], counts["replied"]),
        "resolution_rate": _rate(counts["resolved"], counts["visited"]),
        "satisfaction_rate": _rate(counts["satisfied"], counts["visited"]),
        "reopen_rate": _rate(counts["reopened"], counts["visited"]),
    }
