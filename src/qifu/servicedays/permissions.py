"""Which service days a user may see, and single-session access (404 for missing and out of scope alike).

The centre and the supervisor see every session, officers too (they go with their enterprises); a member unit's
staff the sessions their unit attends; a park liaison its park's; an enterprise its own park's. Inside a session
an enterprise sees only its own registration, records and demands.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qifu.accounts.choices import Role
from qifu.core.access import DEPARTMENT_ROLES, SEE_ALL, role_of
from qifu.core.errors import NotFound
from qifu.servicedays.models import DemandList, ServiceDay

# The people who work the day call the roster's phones; others read them masked (core.masking).
ROSTER_PHONE_ROLES = frozenset(
    {Role.ADMIN, Role.DISPATCHER, Role.DEPARTMENT_HANDLER, Role.DEPARTMENT_HEAD, Role.PARK_LIAISON}
)


def service_days_visible_to(user: Any) -> QuerySet[ServiceDay]:
    qs = ServiceDay.objects.all()
    role = role_of(user)
    if role in SEE_ALL or role == Role.SERVICE_OFFICER:
        return qs
    if role in DEPARTMENT_ROLES and user.department_id is not None:
        return qs.filter(departments=user.department_id)
    if role == Role.PARK_LIAISON and user.park_id is not None:
        return qs.filter(park_id=user.park_id)
    if role == Role.ENTERPRISE and user.enterprise_id is not None and user.enterprise.park_id is not None:
        return qs.filter(park_id=user.enterprise.park_id)
    return qs.none()


def access_service_day_for(user: Any, service_day_id: int) -> ServiceDay:
    found = service_days_visible_to(user).select_related("park", "schedule").filter(pk=service_day_id).first()
    if found is None:
        raise NotFound()
    return found


def access_demand_list_for(user: Any, list_id: int) -> DemandList:
    """A park's list: the centre's to classify, the park's own liaison's, the supervisor's to read."""
    role = role_of(user)
    qs = DemandList.objects.select_related("service_day", "park", "pushed_by")
    if role in SEE_ALL:
        found = qs.filter(pk=list_id).first()
    elif role == Role.PARK_LIAISON and user.park_id is not None:
        found = qs.filter(pk=list_id, park_id=user.park_id).first()
    else:
        found = None
    if found is None:
        raise NotFound()
    return found


def own_enterprise_only(user: Any) -> int | None:
    """The enterprise whose rows alone this user sees inside a session (None: all rows)."""
    return user.enterprise_id if role_of(user) == Role.ENTERPRISE else None


def sees_roster_phones(user: Any) -> bool:
    return role_of(user) in ROSTER_PHONE_ROLES
