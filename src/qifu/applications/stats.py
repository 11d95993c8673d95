"""Application figures for the dashboard: by department or item, for a period of decisions.

These are aggregated from the applications themselves (indexed by status); unlike demands they have
no daily counters yet, which is fine at a district's volume and noted for a province's.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, F, Q

from qifu.applications.choices import ApplicationStatus
from qifu.applications.models import Application
from qifu.core.workcalendar import SHANGHAI

DECIDED = (ApplicationStatus.APPROVED, ApplicationStatus.DENIED, ApplicationStatus.DELIVERED)


def figures(start: dt.date, end: dt.date, *, by: str = "department") -> list[dict[str, Any]]:
    """Per department (or item): accepted in the period, decided in the period, decided on time, delivered."""
    group = {"department": "department__name", "item": "item_version__name"}[by]
    since = dt.datetime.combine(start, dt.time(), tzinfo=SHANGHAI)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=SHANGHAI)
    decided = Q(decided_at__gte=since, decided_at__lt=until)
    rows = (
        Application.objects.filter(item_version__isnull=False)  # bundle parents are counted through their children
        .values(group)
        .annotate(
            accepted=Count("id", filter=Q(accepted_at__gte=since, accepted_at__lt=until)),
            decided=Count("id", filter=decided),
            on_time=Count("id", filter=decided & Q(decided_at__lte=F("due_at"))),
            delivered=Count("id", filter=Q(delivered_at__gte=since, delivered_at__lt=until)),
            terminated=Count(
                "id", filter=Q(status=ApplicationStatus.TERMINATED, updated_at__gte=since, updated_at__lt=until)
            ),
        )
        .order_by(group)
    )
    result = []
    for row in rows:
        if not any(row[k] for k in ("accepted", "decided", "delivered", "terminated")):
            continue
        result.append(
            {
                "label": row[group] or "—",
                **{k: row[k] for k in ("accepted", "decided", "on_time", "delivered", "terminated")},
                "on_time_rate": round(100.0 * row["on_time"] / row["decided"], 1) if row["decided"] else None,
            }
        )
    return result
