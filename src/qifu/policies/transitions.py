"""The two workflows of policies, on the core mechanism.

A claim (申兑, DESIGN.md "Workflows"): submitted -accept-> accepted -handover-> in_review -approve-> approved |
-deny-> denied; approved -disburse-> disbursed; the enterprise may withdraw before the decision. Auto-granted
claims (免申即享) start at approved. A policy: draft -publish-> published -withdraw-> withdrawn, and a withdrawn
policy may be published again.
"""

from __future__ import annotations

from typing import Any

from qifu.accounts.choices import Role
from qifu.core.access import DEPARTMENT_ROLES, HALL_ROLES, role_of
from qifu.core.workflow import Workflow
from qifu.policies.choices import OPEN_CLAIM_STATUSES
from qifu.policies.choices import ClaimStatus as S
from qifu.policies.choices import PolicyStatus as P
from qifu.policies.models import Policy, PolicyClaim
from qifu.policies.permissions import may_manage, may_upload

ACTION_LABELS = {
    "submit": "提交申兑",
    "auto_grant": "免申即享，自动核定",
    "accept": "受理",
    "handover": "流转至兑现部门",
    "approve": "审核通过",
    "deny": "审核未通过",
    "disburse": "兑付",
    "withdraw": "撤回申请",
    "rate": "评价",
    "upload": "上传材料",
    "warning": "即将超期",
    "overdue": "已超期",
}


def _hall(user: Any, claim: Any) -> bool:
    return role_of(user) in HALL_ROLES or role_of(user) == Role.ADMIN


def _department(user: Any, claim: Any) -> bool:
    return role_of(user) in DEPARTMENT_ROLES and user.department_id == claim.department_id


def _applicant(user: Any, claim: Any) -> bool:
    return role_of(user) == Role.ENTERPRISE and user.enterprise_id == claim.enterprise_id


WORKFLOW: Workflow[PolicyClaim] = Workflow(
    subject="policy_claim",
    noun="申兑",
    model=PolicyClaim,
    transitions={
        (S.SUBMITTED, "accept"): S.ACCEPTED,
        (S.ACCEPTED, "handover"): S.IN_REVIEW,
        (S.IN_REVIEW, "approve"): S.APPROVED,
        (S.IN_REVIEW, "deny"): S.DENIED,
        (S.APPROVED, "disburse"): S.DISBURSED,
        (S.SUBMITTED, "withdraw"): S.WITHDRAWN,
        (S.ACCEPTED, "withdraw"): S.WITHDRAWN,
        (S.IN_REVIEW, "withdraw"): S.WITHDRAWN,
    },
    side_actions={
        "upload": (S.SUBMITTED, S.ACCEPTED, S.IN_REVIEW),
        "rate": (S.DISBURSED, S.DENIED),
    },
    who={
        "accept": _hall,
        "handover": _hall,
        "approve": _department,
        "deny": _department,
        "disburse": _department,
        "withdraw": _applicant,
        "upload": may_upload,
        "rate": _applicant,
    },
    labels=ACTION_LABELS,
    heading=lambda claim: f"{claim.number} {claim.policy.title}",
    link=lambda claim: f"/policies/claims/{claim.pk}/",
    timed=tuple(OPEN_CLAIM_STATUSES),
)

POLICY_WORKFLOW: Workflow[Policy] = Workflow(
    subject="policy",
    noun="政策",
    model=Policy,
    transitions={
        (P.DRAFT, "publish"): P.PUBLISHED,
        (P.WITHDRAWN, "publish"): P.PUBLISHED,
        (P.PUBLISHED, "withdraw"): P.WITHDRAWN,
    },
    who={"publish": may_manage, "withdraw": may_manage},
    labels={"publish": "发布政策", "withdraw": "撤回政策"},
    heading=lambda policy: policy.title,
    link=lambda policy: f"/policies/{policy.pk}/",
)
