"""Who sees which ratings and rectification cases, and who acts on them.

Ratings and cases: the centre (admin, dispatcher) and the supervisor all; a department's staff those of their
unit; an officer those of the enterprises it stewards; the enterprise its own (its own rating's outcome, not the
unit's notes); the park liaison none. The unit's staff call back, rectify, report and appeal; the centre
does too (for a case with no unit) and alone decides an appeal. 404 outside the scope, 403 for a role that
sees but may not act."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qifu.core.access import DEPARTMENT_ROLES, restrict, role_of
from qifu.core.choices import Role
from qifu.core.errors import NotFound
from qifu.evaluations.models import Rating, Rectification

CENTRE = frozenset({Role.ADMIN, Role.DISPATCHER})
READERS = frozenset({Role.ADMIN, Role.DISPATCHER, Role.SUPERVISOR, Role.DEPARTMENT_HANDLER, Role.DEPARTMENT_HEAD})
"""The roles that read the summary figures and the rectification ledger."""


def ratings_visible_to(user: Any) -> QuerySet[Rating]:
    if role_of(user) == Role.PARK_LIAISON:
        return Rating.objects.none()  # a unit's ratings are not the park's business
    return restrict(Rating.objects.all(), user, enterprise="enterprise", department="department")


def rectifications_visible_to(user: Any) -> QuerySet[Rectification]:
    if role_of(user) == Role.PARK_LIAISON:
        return Rectification.objects.none()
    return restrict(Rectification.objects.all(), user, enterprise="rating__enterprise", department="department")


def is_centre(user: Any) -> bool:
    return role_of(user) in CENTRE


def may_rectify(user: Any, case: Rectification) -> bool:
    """The unit that served (its handlers and head), or the centre."""
    role = role_of(user)
    return role in CENTRE or (
        role in DEPARTMENT_ROLES and case.department_id is not None and user.department_id == case.department_id
    )


def may_decide(user: Any, case: Rectification) -> bool:
    """The centre decides an appeal (申诉复核)."""
    return is_centre(user)


def may_read_figures(user: Any) -> bool:
    return role_of(user) in READERS


def sees_all_figures(user: Any) -> bool:
    """The centre and the supervisor read every unit's figures; a department's staff their own unit's."""
    return role_of(user) in CENTRE or role_of(user) == Role.SUPERVISOR


def access_rectification_for(user: Any, case_id: int) -> Rectification:
    case = (
        rectifications_visible_to(user)
        .select_related("rating", "rating__enterprise", "department", "rating__staff")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound()
    return case
