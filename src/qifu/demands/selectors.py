"""Reads of demands, scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qifu.accounts.choices import Role
from qifu.core.access import role_of
from qifu.core.models import TimelineEvent
from qifu.demands.filters import DemandFilter
from qifu.demands.models import Demand, DemandCategory
from qifu.demands.permissions import access_demand_for, demands_visible_to


def demand_list_for(user: Any, filters: DemandFilter | None = None) -> QuerySet[Demand]:
    qs = demands_visible_to(user)
    if filters is not None:
        qs = filters.apply(qs)
    return qs.select_related("category", "enterprise", "lead_department", "handler")


def demand_get_for(user: Any, demand_id: int) -> Demand:
    return access_demand_for(user, demand_id)


def timeline_for(user: Any, demand: Demand) -> QuerySet[TimelineEvent]:
    """The demand's steps; the enterprise does not see internal notes."""
    qs = TimelineEvent.objects.filter(subject_type="demand", subject_id=demand.pk).order_by("at", "id")
    if role_of(user) == Role.ENTERPRISE or user is None:
        qs = qs.filter(internal=False)
    return qs


def categories() -> QuerySet[DemandCategory]:
    return DemandCategory.objects.filter(is_active=True).select_related("default_department")
