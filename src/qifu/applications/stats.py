"""Application figures for the dashboard, from daily counters (ApplicationDailyCount) bumped with each event:
by department or by catalogue item. Only item-level applications count; a bundle counts through its children."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from qifu.applications.models import Application, ApplicationDailyCount
from qifu.catalog.models import ServiceItem
from qifu.core.counters import bump_daily
from qifu.orgs.models import Department

COUNTERS = ("accepted", "decided", "decided_on_time", "delivered", "terminated")


def bump(application: Application, **counts: int) -> None:
    """Add to today's counters of an item-level application's department and item (caller's transaction)."""
    if application.item_version_id is None:
        return
    item_id = application.item_version.item_id if application.item_version else 0
    keys = [("department", application.department_id or 0), ("item", item_id)]
    bump_daily(ApplicationDailyCount, timezone.localdate(), keys, counts)


def figures(start: dt.date, end: dt.date, *, by: str = "department") -> list[dict[str, Any]]:
    """Per department (or item): accepted, decided, decided on time, delivered and terminated in the period."""
    if by not in ("department", "item"):
        raise ValueError(by)
    rows = (
        ApplicationDailyCount.objects.filter(dimension=by, day__gte=start, day__lte=end)
        .values("key_id")
        .annotate(**{name: Sum(name) for name in COUNTERS})
    )
    if by == "department":
        names = dict(Department.objects.values_list("pk", "name"))
    else:
        names = {i.pk: i.current.name if i.current else i.code for i in ServiceItem.objects.select_related("current")}
    result = []
    for row in rows:
        counts = {name: row[name] or 0 for name in COUNTERS}
        if not any(counts.values()):
            continue
        result.append(
            {
                "id": row["key_id"],
                "label": names.get(row["key_id"], "—"),
                "accepted": counts["accepted"],
                "decided": counts["decided"],
                "on_time": counts["decided_on_time"],
                "delivered": counts["delivered"],
                "terminated": counts["terminated"],
                "on_time_rate": round(100.0 * counts["decided_on_time"] / counts["decided"], 1)
                if counts["decided"]
                else None,
            }
        )
    return sorted(result, key=lambda r: r["label"])
