"""The demand workflow: which action moves which status where, and who may take it.

DESIGN.md "Workflows": registered -assign-> assigned -accept-> in_progress -reply-> replied
-visit(satisfied)-> closed -archive-> archived; assigned -return-> registered; replied
-visit(unsatisfied)-> in_progress (reopened, counted); registered|assigned|in_progress -withdraw->
withdrawn; any open -merge-> merged; a simple demand may be replied directly by the dispatcher.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from qifu.accounts.choices import Role
from qifu.core.access import DEPARTMENT_ROLES, role_of
from qifu.demands.choices import DemandStatus as S

R, A, P, Y, C, V, W, M = (
    S.REGISTERED,
    S.ASSIGNED,
    S.IN_PROGRESS,
    S.REPLIED,
    S.CLOSED,
    S.ARCHIVED,
    S.WITHDRAWN,
    S.MERGED,
)

# (status, action) -> next status. "visit" is split by its outcome.
TRANSITIONS: dict[tuple[str, str], str] = {
    (R, "assign"): A,
    (A, "accept"): P,
    (A, "return"): R,
    (P, "reply"): Y,
    (R, "reply"): Y,  # simple demands, answered on the spot by the dispatcher
    (Y, "visit_satisfied"): C,
    (Y, "visit_unsatisfied"): P,
    (C, "archive"): V,
    (R, "withdraw"): W,
    (A, "withdraw"): W,
    (P, "withdraw"): W,
    (R, "merge"): M,
    (A, "merge"): M,
    (P, "merge"): M,
    (Y, "merge"): M,
}
# Actions that record something on an open demand without moving it.
SIDE_ACTIONS: dict[str, tuple[str, ...]] = {
    "remind": (A, P),
    "supervise": (A, P),
    "escalate": (R, A, P),
    "extend": (A, P),
    "decide_extension": (A, P),
    "consult": (A, P),
    "add_info": (R, A, P, Y),
    "edit": (R, A, P),
}
ACTIONS = sorted({action for _, action in TRANSITIONS} | set(SIDE_ACTIONS))

CENTRE = frozenset({Role.ADMIN, Role.DISPATCHER})


def _centre(user: Any, demand: Any) -> bool:
    return role_of(user) in CENTRE


def _lead_department(user: Any, demand: Any) -> bool:
    return (
        role_of(user) in DEPARTMENT_ROLES
        and user.department_id is not None
        and user.department_id == demand.lead_department_id
    )


def _lead_head(user: Any, demand: Any) -> bool:
    return role_of(user) == Role.DEPARTMENT_HEAD and user.department_id == demand.lead_department_id


def _own_enterprise(user: Any, demand: Any) -> bool:
    return role_of(user) == Role.ENTERPRISE and user.enterprise_id == demand.enterprise_id


def _any(*checks: Callable[[Any, Any], bool]) -> Callable[[Any, Any], bool]:
    return lambda user, demand: any(check(user, demand) for check in checks)


WHO: dict[str, Callable[[Any, Any], bool]] = {
    "assign": _centre,
    "accept": _lead_department,
    "return": _lead_department,
    "reply": lambda user, demand: _lead_department(user, demand) if demand.status == P else _centre(user, demand),
    "visit_satisfied": _any(_centre, _own_enterprise),
    "visit_unsatisfied": _any(_centre, _own_enterprise),
    "archive": _centre,
    "withdraw": _any(_centre, _own_enterprise),
    "merge": _centre,
    "remind": _centre,
    "supervise": _centre,
    "escalate": _any(_centre, _lead_head),
    "extend": _lead_department,
    "decide_extension": _any(_centre, _lead_head),
    "consult": _any(_centre, _lead_department),
    "add_info": _own_enterprise,
    "edit": _centre,
}


def allowed(status: str, action: str) -> bool:
    """Whether the workflow allows `action` in `status` (regardless of who asks)."""
    if action in SIDE_ACTIONS:
        return status in SIDE_ACTIONS[action]
    return (status, action) in TRANSITIONS


def may(user: Any, demand: Any, action: str) -> bool:
    """Whether this user may take `action` on this demand now (state and role)."""
    return allowed(demand.status, action) and WHO[action](user, demand)
