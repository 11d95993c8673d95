"""The application workflow (DESIGN.md "Workflows"): submitted -pre_review-> accepted | correction_requested
(one-time notice; the clock does not run) -correct-> submitted | refused; accepted -handover-> in_review
-decide-> approved | denied -deliver-> delivered; any open -terminate-> terminated."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qifu.accounts.choices import Role
from qifu.applications.choices import OPEN_STATUSES
from qifu.applications.choices import ApplicationStatus as S
from qifu.core.access import DEPARTMENT_ROLES, role_of

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.SUBMITTED, "accept"): S.ACCEPTED,
    (S.SUBMITTED, "request_correction"): S.CORRECTION_REQUESTED,
    (S.SUBMITTED, "refuse"): S.REFUSED,
    (S.CORRECTION_REQUESTED, "correct"): S.SUBMITTED,
    (S.ACCEPTED, "handover"): S.IN_REVIEW,
    (S.IN_REVIEW, "approve"): S.APPROVED,
    (S.IN_REVIEW, "deny"): S.DENIED,
    (S.APPROVED, "deliver"): S.DELIVERED,
    (S.DENIED, "deliver"): S.DELIVERED,
    **{(status, "terminate"): S.TERMINATED for status in OPEN_STATUSES},
}
SIDE_ACTIONS: dict[str, tuple[str, ...]] = {
    "pause": (S.IN_REVIEW,),
    "resume": (S.IN_REVIEW,),
    "extend": (S.IN_REVIEW,),
    "supply_deferred": (S.ACCEPTED, S.IN_REVIEW),
}
HALL = frozenset({Role.ADMIN, Role.WINDOW_STAFF, Role.GUIDE})


def _hall(user: Any, application: Any) -> bool:
    return role_of(user) in HALL


def _department(user: Any, application: Any) -> bool:
    return role_of(user) in DEPARTMENT_ROLES and user.department_id == application.department_id


def _head(user: Any, application: Any) -> bool:
    return role_of(user) == Role.DEPARTMENT_HEAD and user.department_id == application.department_id


def _applicant(user: Any, application: Any) -> bool:
    return role_of(user) == Role.ENTERPRISE and user.enterprise_id == application.enterprise_id


def _any(*checks: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    return lambda user, application: any(check(user, application) for check in checks)


WHO: dict[str, Callable[[Any, Any], bool]] = {
    "accept": _hall,
    "request_correction": _hall,
    "refuse": _hall,
    "correct": _any(_hall, _applicant),
    "handover": _hall,
    "approve": _department,
    "deny": _department,
    "deliver": _hall,
    "terminate": _any(_hall, _head),
    "pause": _department,
    "resume": _department,
    "extend": _head,  # the head's approval (行政许可法 Art. 42)
    "supply_deferred": _any(_hall, _applicant),
}


def allowed(status: str, action: str) -> bool:
    if action in SIDE_ACTIONS:
        return status in SIDE_ACTIONS[action]
    return (status, action) in TRANSITIONS
