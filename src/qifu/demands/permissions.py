"""Which demands a user may see, and single-demand access (404 for missing and out of scope alike)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qifu.accounts.choices import Role
from qifu.core.access import DEPARTMENT_ROLES, restrict, role_of
from qifu.core.access import sees_internal as sees_internal  # one rule for every case kind
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


def handles(user: Any, demand: Demand) -> bool:
    """Whether the user handles this case: the centre, the lead and co-departments' staff, the first
    responder, and the enterprise itself. They may download its confidential attachments and see its contact."""
    role = role_of(user)
    if role in (Role.ADMIN, Role.DISPATCHER):
        return True
    if role == Role.ENTERPRISE:
        return bool(user.enterprise_id == demand.enterprise_id)
    if role in DEPARTMENT_ROLES:
        return bool(
            user.department_id == demand.lead_department_id
            or demand.co_departments.filter(pk=user.department_id).exists()
        )
    return bool(user.pk is not None and user.pk == demand.first_responder_id)


def may_upload(user: Any, demand: Demand) -> bool:
    """Attachments are added by those handling an open demand (the enterprise included)."""
    return demand.is_open and handles(user, demand)


def may_download(user: Any, demand: Demand) -> bool:
    """The confidential attachments go only to those handling the demand (seed 000)."""
    return handles(user, demand)
