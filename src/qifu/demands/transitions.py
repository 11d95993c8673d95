"""The demand workflow: which action moves which status where, and who may take it.

DESIGN.md "Workflows": registered -assign-> assigned -accept-> in_progress -reply-> replied
-visit(satisfied)-> closed -archive-> archived; assigned -return-> registered; replied
-visit(unsatisfied)-> in_progress (reopened, counted); registered|assigned|in_progress -withdraw->
withdrawn; any open -merge-> merged; a simple demand may be replied directly by the dispatcher.
"""

from __future__ import annotations

from typing import Any

from qifu.accounts.choices import Role
from qifu.core.access import DEPARTMENT_ROLES, role_of
from qifu.core.workflow import Check, Workflow, anyone_of
from qifu.demands.choices import TIMED_STATUSES, ExtensionStatus
from qifu.demands.choices import DemandStatus as S
from qifu.demands.models import Demand, ExtensionRequest

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


WHO: dict[str, Check] = {
    "assign": _centre,
    "accept": _lead_department,
    "return": _lead_department,
    "reply": lambda user, demand: _lead_department(user, demand) if demand.status == P else _centre(user, demand),
    "visit_satisfied": anyone_of(_centre, _own_enterprise),
    "visit_unsatisfied": anyone_of(_centre, _own_enterprise),
    "archive": _centre,
    "withdraw": anyone_of(_centre, _own_enterprise),
    "merge": _centre,
    "remind": _centre,
    "supervise": _centre,
    "escalate": anyone_of(_centre, _lead_head),
    "extend": _lead_department,
    "decide_extension": anyone_of(_centre, _lead_head),
    "consult": anyone_of(_centre, _lead_department),
    "add_info": _own_enterprise,
    "edit": _centre,
}


ACTION_LABELS = {
    "register": "登记",
    "assign": "交办",
    "accept": "签收",
    "return": "退回",
    "reply": "答复",
    "visit_satisfied": "回访（满意，销号）",
    "visit_unsatisfied": "回访（不满意，重办）",
    "archive": "归档",
    "withdraw": "撤回",
    "merge": "合并",
    "merged_in": "并入重复诉求",
    "remind": "催办",
    "supervise": "督办",
    "escalate": "上报区政府",
    "extend": "申请延期",
    "decide_extension": "审批延期",
    "consult": "会商",
    "add_info": "补充信息",
    "edit": "更正",
    "attach": "上传附件",
    "deadline_moved": "期限调整",
}

WORKFLOW: Workflow[Demand] = Workflow(
    subject="demand",
    noun="诉求",
    model=Demand,
    transitions=TRANSITIONS,
    side_actions=SIDE_ACTIONS,
    who=WHO,
    labels=ACTION_LABELS,
    heading=lambda demand: f"{demand.number} {demand.title}",
    link=lambda demand: f"/demands/{demand.pk}/",
    timed=TIMED_STATUSES,
)

# An extension request (延期申请) is decided once, by whoever may decide extensions of its demand.
EXTENSION_WORKFLOW: Workflow[ExtensionRequest] = Workflow(
    subject="demand_extension",
    noun="延期申请",
    model=ExtensionRequest,
    transitions={
        (ExtensionStatus.PENDING, "approve"): ExtensionStatus.APPROVED,
        (ExtensionStatus.PENDING, "reject"): ExtensionStatus.REJECTED,
    },
    who={
        "approve": lambda user, request: WHO["decide_extension"](user, request.demand),
        "reject": lambda user, request: WHO["decide_extension"](user, request.demand),
    },
    labels={"approve": "同意延期", "reject": "不同意延期"},
    heading=lambda request: f"{request.demand.number} 延期{request.days}个工作日",
    link=lambda request: f"/demands/{request.demand_id}/",
)
