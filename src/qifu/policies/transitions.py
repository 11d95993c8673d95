"""The claim workflow (申兑, DESIGN.md "Workflows"): submitted -accept-> accepted -handover-> in_review
-approve-> approved | -deny-> denied; approved -disburse-> disbursed; the enterprise may withdraw before the
decision. Auto-granted claims (免申即享) start at approved."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qifu.accounts.choices import Role
from qifu.core.access import DEPARTMENT_ROLES, HALL_ROLES, role_of
from qifu.policies.choices import ClaimStatus as S

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.SUBMITTED, "accept"): S.ACCEPTED,
    (S.ACCEPTED, "handover"): S.IN_REVIEW,
    (S.IN_REVIEW, "approve"): S.APPROVED,
    (S.IN_REVIEW, "deny"): S.DENIED,
    (S.APPROVED, "disburse"): S.DISBURSED,
    (S.SUBMITTED, "withdraw"): S.WITHDRAWN,
    (S.ACCEPTED, "withdraw"): S.WITHDRAWN,
    (S.IN_REVIEW, "withdraw"): S.WITHDRAWN,
}


def _hall(user: Any, claim: Any) -> bool:
    return role_of(user) in HALL_ROLES or role_of(user) == Role.ADMIN


def _department(user: Any, claim: Any) -> bool:
    return role_of(user) in DEPARTMENT_ROLES and user.department_id == claim.department_id


def _applicant(user: Any, claim: Any) -> bool:
    return role_of(user) == Role.ENTERPRISE and user.enterprise_id == claim.enterprise_id


WHO: dict[str, Callable[[Any, Any], bool]] = {
    "accept": _hall,
    "handover": _hall,
    "approve": _department,
    "deny": _department,
    "disburse": _department,
    "withdraw": _applicant,
}
