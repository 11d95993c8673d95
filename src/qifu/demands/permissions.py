"""Which demands a user may see, and single-demand access (404 for missing and out of scope alike)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qifu.core.access import restrict
from qifu.core.errors import NotFound
from qifu.demands.models import Demand


def demands_visible_to(user: Any) -> QuerySet[Demand]:
    return restrict(
        Demand.objects.all(),
        user,
        enterprise="enterprise",
        department="lead_department",
        co_department="co_departments",
        responder="first_responder",
    )


def access_demand_for(user: Any, demand_id: int) -> Demand:
    qs = demands_visible_to(user).select_related("category", "enterprise", "lead_department", "handler")
    demand = qs.filter(pk=demand_id).first()
    if demand is None:
        raise NotFound()
    return demand
