"""Reads of demands, scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from qifu.accounts.models import User
from qifu.core import hooks
from qifu.core.access import DEPARTMENT_ROLES
from qifu.core.models import TimelineEvent
from qifu.demands.choices import OPEN_STATUSES
from qifu.demands.filters import DemandFilter
from qifu.demands.models import Demand, DemandCategory
from qifu.demands.permissions import access_demand_for, demands_visible_to, handles, sees_internal
from qifu.enterprises.permissions import sees_personal_data


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
    if not sees_internal(user):
        qs = qs.filter(internal=False)
    return qs


def categories() -> QuerySet[DemandCategory]:
    return DemandCategory.objects.filter(is_active=True).select_related("default_department")


def department_handlers(demand: Demand) -> QuerySet[User]:
    """Who may be named handler (承办人) of a demand: the lead department's active staff."""
    if demand.lead_department_id is None:
        return User.objects.none()
    return User.objects.filter(
        department_id=demand.lead_department_id, role__in=DEPARTMENT_ROLES, is_active=True
    ).order_by("role", "display_name")


def sees_contact(user: Any, demand: Demand) -> bool:
    """Contact data unmasked for roles that need it and for the staff handling this demand (they call back)."""
    return sees_personal_data(user) or handles(user, demand)


def similar_open_numbers(user: Any, demand: Demand) -> list[str]:
    """Numbers of open demands that `user` may see and that may be the same problem: the same enterprise's in the
    same category (or with the same title), and alike text from every enterprise in scope; shown at intake so that
    the clerk can merge them (并单) or see a class of problem."""
    same = list(
        demands_visible_to(user)
        .filter(enterprise_id=demand.enterprise_id, status__in=OPEN_STATUSES)
        .filter(Q(category_id=demand.category_id) | Q(title=demand.title))
        .exclude(pk=demand.pk)
        .order_by("-id")
        .values_list("number", flat=True)[:5]
    )
    # Like text from every enterprise in scope (core.hooks.SIMILAR_DEMANDS: the knowledge app's similarity).
    alike = [number for finder in hooks.get_hooks(hooks.SIMILAR_DEMANDS) for number in finder(user, demand)]
    return list(dict.fromkeys(same + alike))[:8]
