"""Who may do what, and which records a user may see: the one scoping helper every selector uses.

Scope rules (DESIGN.md "Access"): an enterprise user sees its own enterprise's records; an
officer the enterprises in its current stewardship; a park liaison its park's enterprises;
department staff what is assigned to their department (and, for registry-like records, all);
dispatcher and admin all; supervisor all, read-only. Everyone else sees nothing.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet

from qifu.core import hooks
from qifu.core.choices import Role

M = TypeVar("M", bound=Model)

# Capabilities by role. A page or endpoint asks `can(user, "…")`; the sidebar shows only what a role can use.
CAPABILITIES: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset(
        {
            "supervision.view",
            "supervision.order",
            "supervision.cards",
            "rating.view",
            "rating.rectify",
            "project.view",
            "project.manage",
            "serviceday.view",
            "serviceday.manage",
            "serviceday.push",
            "serviceday.register",
            "serviceday.record",
            "serviceday.designate",
            "policy.view",
            "policy.manage",
            "policy.claim",
            "catalog.manage",
            "application.view",
            "application.submit",
            "application.window",
            "demand.view",
            "demand.register",
            "demand.export",
            "demand.import",
            "dashboard.view",
            "workbench",
            "enterprise.view",
            "enterprise.create",
            "enterprise.edit",
            "enterprise.import",
            "enterprise.export",
            "enterprise.personal",
            "ledger.write",
            "stewardship.assign",
            "calendar.view",
            "calendar.manage",
            "orgs.admin",
            "audit.view",
            "lifecycle.view",
            "plan.manage",
            "assist.view",
            "reform.view",
            "reform.manage",
            "assessment.view",
            "assessment.manage",
            "problemclass.view",
            "problemclass.manage",
        }
    ),
    Role.DISPATCHER: frozenset(
        {
            "supervision.view",
            "supervision.order",
            "supervision.cards",
            "rating.view",
            "rating.rectify",
            "project.view",
            "project.manage",
            "serviceday.view",
            "serviceday.manage",
            "serviceday.register",
            "serviceday.record",
            "policy.view",
            "application.view",
            "demand.view",
            "demand.register",
            "demand.export",
            "demand.import",
            "dashboard.view",
            "workbench",
            "enterprise.view",
            "enterprise.create",
            "enterprise.edit",
            "enterprise.import",
            "enterprise.export",
            "enterprise.personal",
            "stewardship.assign",
            "calendar.view",
            "lifecycle.view",
            "plan.manage",
            "assist.view",
            "reform.view",
            "reform.manage",
            "assessment.view",
            "assessment.manage",
            "problemclass.view",
            "problemclass.manage",
        }
    ),
    Role.WINDOW_STAFF: frozenset(
        {
            "policy.view",
            "policy.claim",
            "application.view",
            "application.submit",
            "application.window",
            "demand.view",
            "demand.register",
            "workbench",
            "enterprise.view",
            "enterprise.create",
            "enterprise.edit",
            "enterprise.personal",
            "calendar.view",
        }
    ),
    Role.GUIDE: frozenset(
        {
            "policy.view",
            "policy.claim",
            "application.view",
            "application.submit",
            "application.window",
            "demand.view",
            "demand.register",
            "workbench",
            "enterprise.view",
            "enterprise.personal",
            "calendar.view",
        }
    ),
    Role.SERVICE_OFFICER: frozenset(
        {
            "project.view",
            "serviceday.view",
            "policy.view",
            "policy.claim",
            "application.view",
            "application.submit",
            "demand.view",
            "demand.register",
            "workbench",
            "enterprise.view",
            "enterprise.edit",
            "enterprise.export",
            "enterprise.personal",
            "ledger.write",
            "calendar.view",
            "lifecycle.view",
            "visit.record",
            "plan.manage",
        }
    ),
    Role.PARK_LIAISON: frozenset(
        {
            "serviceday.view",
            "serviceday.push",
            "serviceday.register",
            "serviceday.designate",
            "policy.view",
            "policy.claim",
            "application.view",
            "application.submit",
            "demand.view",
            "demand.register",
            "workbench",
            "enterprise.view",
            "enterprise.edit",
            "enterprise.export",
            "enterprise.personal",
            "calendar.view",
            "ledger.write",
            "lifecycle.view",
            "visit.record",
        }
    ),
    Role.DEPARTMENT_HANDLER: frozenset(
        {
            "supervision.view",
            "rating.view",
            "rating.rectify",
            "project.view",
            "demand.register",
            "serviceday.view",
            "serviceday.record",
            "policy.view",
            "policy.manage",
            "application.view",
            "demand.view",
            "workbench",
            "enterprise.view",
            "calendar.view",
            "reform.view",
            "assessment.view",
            "problemclass.view",
        }
    ),
    Role.DEPARTMENT_HEAD: frozenset(
        {
            "supervision.view",
            "rating.view",
            "rating.rectify",
            "project.view",
            "demand.register",
            "serviceday.view",
            "serviceday.record",
            "policy.view",
            "policy.manage",
            "catalog.manage",
            "application.view",
            "demand.view",
            "demand.export",
            "dashboard.view",
            "workbench",
            "enterprise.view",
            "enterprise.export",
            "calendar.view",
            "assist.record",
            "assist.view",
            "reform.view",
            "assessment.view",
            "problemclass.view",
        }
    ),
    Role.SUPERVISOR: frozenset(
        {
            "supervision.view",
            "supervision.order",
            "supervision.cards",
            "rating.view",
            "rating.rectify",
            "project.view",
            "serviceday.view",
            "policy.view",
            "application.view",
            "demand.view",
            "demand.export",
            "dashboard.view",
            "workbench",
            "enterprise.view",
            "enterprise.export",
            "calendar.view",
            "audit.view",
            "lifecycle.view",
            "assist.view",
            "reform.view",
            "assessment.view",
            "problemclass.view",
        }
    ),
    Role.ENTERPRISE: frozenset(
        {
            "rating.view",
            "project.view",
            "serviceday.view",
            "serviceday.register",
            "policy.view",
            "policy.claim",
            "application.view",
            "application.submit",
            "demand.view",
            "demand.register",
            "workbench",
            "enterprise.view",
            "enterprise.edit",
            "enterprise.personal",
        }
    ),
}

SEE_ALL = frozenset({Role.ADMIN, Role.DISPATCHER, Role.SUPERVISOR})
DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_HANDLER, Role.DEPARTMENT_HEAD})
HALL_ROLES = frozenset({Role.WINDOW_STAFF, Role.GUIDE})


def role_of(user: Any) -> str:
    """The user's role, or "" for anonymous, inactive or role-less users (the outsider)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return ""
    return str(user.role or "")


def sees_internal(user: Any) -> bool:
    """Internal notes (instructions and approvals between staff) are for staff with a role, never the enterprise,
    on every kind of case; each app's permissions.py answers with this one rule."""
    role = role_of(user) if user is not None else ""
    return bool(role) and role != Role.ENTERPRISE


def can(user: Any, capability: str) -> bool:
    return capability in CAPABILITIES.get(role_of(user), frozenset())


def restrict(
    qs: QuerySet[M],
    user: Any,
    *,
    enterprise: str | None,
    department: str | None = None,
    co_department: str | None = None,
    responder: str | None = None,
    staff_see_all: bool = False,
    hall_sees_all: bool = False,
) -> QuerySet[M]:
    """Narrow `qs` to what `user` may see.

    `enterprise` is the lookup path from the model to its Enterprise ("" when the model is
    Enterprise, None when the records have none); `department` the path to the department
    the record is assigned to, `co_department` to the departments that assist on it;
    `responder` the path to the staff member who first received it (首问负责: window staff keep
    seeing what they took in); `staff_see_all` lets hall and department staff see every row
    (registry-like records, such as the enterprise register itself); `hall_sees_all` lets the hall
    (window, guide) see every row while departments keep to their own (applications).
    """
    role = role_of(user)
    prefix = f"{enterprise}__" if enterprise else ""
    if role in SEE_ALL:
        return qs
    if role == Role.ENTERPRISE:
        if enterprise is None or user.enterprise_id is None:
            return qs.none()
        return qs.filter(**{f"{prefix}id" if prefix else "id": user.enterprise_id})
    if role == Role.SERVICE_OFFICER:
        if enterprise is None:
            return qs.none()
        # The enterprises app says which enterprises an officer stewards (core.hooks.OFFICER_ENTERPRISES).
        stewarded = Q(pk__in=[])
        for provider in hooks.get_hooks(hooks.OFFICER_ENTERPRISES):
            stewarded |= Q(**{f"{prefix}id__in": provider(user)})
        return qs.filter(stewarded)
    if role == Role.PARK_LIAISON:
        if enterprise is None or user.park_id is None:
            return qs.none()
        return qs.filter(**{f"{prefix}park_id": user.park_id})
    if role in DEPARTMENT_ROLES or role in HALL_ROLES:
        if staff_see_all or (hall_sees_all and role in HALL_ROLES):
            return qs
        if role in DEPARTMENT_ROLES and department is not None and user.department_id is not None:
            mine = Q(**{f"{department}_id": user.department_id})
            if co_department is None:
                return qs.filter(mine)
            return qs.filter(mine | Q(**{co_department: user.department_id})).distinct()
        if role in HALL_ROLES and responder is not None:
            return qs.filter(**{responder: user})
        return qs.none()
    return qs.none()


def require(user: Any, capability: str) -> None:
    """Raise PermissionDenied unless the user's role has `capability` (use after scoping, for actions)."""
    from qifu.core.errors import PermissionDenied

    if not can(user, capability):
        raise PermissionDenied()


# Complaints and special studies, officers' evaluation (the evaluations app's complaint and officer parts).
_EVALUATION_CAPABILITIES: dict[str, tuple[str, ...]] = {
    Role.ADMIN: ("complaint.view", "complaint.manage", "officer_eval.view", "officer_eval.manage"),
    Role.DISPATCHER: ("complaint.view", "complaint.manage", "officer_eval.view", "officer_eval.manage"),
    Role.WINDOW_STAFF: ("complaint.view", "complaint.manage"),
    Role.SUPERVISOR: ("complaint.view", "officer_eval.view"),
    Role.DEPARTMENT_HEAD: ("complaint.view", "officer_eval.view"),
    Role.DEPARTMENT_HANDLER: ("complaint.view",),
    Role.SERVICE_OFFICER: ("officer_eval.view",),
    Role.ENTERPRISE: ("survey.answer",),
}
for _role, _caps in _EVALUATION_CAPABILITIES.items():
    CAPABILITIES[_role] = CAPABILITIES[_role] | frozenset(_caps)
