"""Policy to-dos on each role's workbench: guides still missing, claims to accept, review and pay, and for
enterprises and officers the policies that fit and have not been claimed."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from qifu.accounts.choices import Role
from qifu.core.access import DEPARTMENT_ROLES, HALL_ROLES, restrict, role_of
from qifu.core.choices import Light
from qifu.core.ui import OpenCase, Todo, todo_provider
from qifu.enterprises.models import Enterprise
from qifu.policies import selectors, services
from qifu.policies.choices import OPEN_CLAIM_STATUSES, ClaimStatus
from qifu.policies.matching import Verdict
from qifu.policies.models import Policy, PolicyClaim
from qifu.policies.transitions import WORKFLOW

CLAIMS = "/policies/claims/"


def _claims(user: Any, label: str, status: str, level: str = "primary", hint: str = "") -> Todo:
    count = selectors.claim_list_for(user, status).count()
    return Todo(label, count, f"{CLAIMS}?status={status}", level if count else "primary", hint)


def unclaimed_fits(enterprise_ids: list[int]) -> int:
    """How many (enterprise, open policy) pairs fit and have no live claim."""
    compiled = services.compiled_policies()
    claimable = Policy.objects.filter(selectors.open_q(timezone.localdate()), auto_grant=False)  # 免申即享 needs none
    open_ids = set(claimable.values_list("pk", flat=True))
    claimed = set(
        PolicyClaim.objects.filter(enterprise_id__in=enterprise_ids).live().values_list("enterprise_id", "policy_id")
    )
    count = 0
    for enterprise_id, facts in selectors.enterprise_facts(enterprise_ids).items():
        for policy_id, verdict in compiled.verdicts(facts).items():
            if verdict == Verdict.FITS and policy_id in open_ids and (enterprise_id, policy_id) not in claimed:
                count += 1
    return count


@todo_provider("惠企政策")
def policy_todos(user: Any) -> list[Todo]:
    role = role_of(user)
    if role in HALL_ROLES:
        return [
            _claims(user, "待受理的政策申兑", ClaimStatus.SUBMITTED, "warning"),
            _claims(user, "待流转的政策申兑", ClaimStatus.ACCEPTED, hint="受理后即时流转至兑现部门"),
        ]
    if role in DEPARTMENT_ROLES:
        return [
            _claims(user, "待审核的政策申兑", ClaimStatus.IN_REVIEW, "warning"),
            _claims(user, "审核通过待兑付", ClaimStatus.APPROVED, "warning", "在兑付时限内登记兑付"),
        ]
    if role in (Role.ADMIN, Role.DISPATCHER, Role.SUPERVISOR):
        missing = len(selectors.guide_missing())
        overdue = PolicyClaim.objects.filter(WORKFLOW.light_q(Light.OVERDUE)).count()
        return [
            Todo(
                "发布超7个工作日仍缺申兑指南的政策",
                missing,
                "/policies/?guide_missing=1",
                "danger" if missing else "primary",
            ),
            Todo("兑付超期的政策申兑", overdue, f"{CLAIMS}?light={Light.OVERDUE}", "danger" if overdue else "primary"),
        ]
    if role == Role.ENTERPRISE and user.enterprise_id:
        fits = unclaimed_fits([user.enterprise_id])
        return [
            Todo(
                "为您匹配、尚未申报的政策",
                fits,
                "/policies/mine/",
                "warning" if fits else "primary",
                "查看符合条件的理由并在线申报",
            ),
            Todo(
                "我的政策申兑（办理中）",
                selectors.claim_list_for(user).filter(status__in=OPEN_CLAIM_STATUSES).count(),
                CLAIMS,
            ),
        ]
    if role == Role.SERVICE_OFFICER:
        mine = list(restrict(Enterprise.objects.all(), user, enterprise="").values_list("pk", flat=True)[:500])
        fits = unclaimed_fits(mine)
        return [
            Todo(
                "包联企业可申报未申报的政策",
                fits,
                "/policies/mine/",
                "warning" if fits else "primary",
                "帮助企业分析可享受的政策并协助申报",
            )
        ]
    return []


def open_cases(user: Any, limit: int) -> list[OpenCase]:
    """The user's newest open policy claims (core.hooks.OPEN_CASES)."""
    rows = selectors.claim_list_for(user).filter(status__in=OPEN_CLAIM_STATUSES).order_by("-submitted_at")[:limit]
    return [
        OpenCase(
            "政策申兑",
            c.number,
            c.policy.title,
            c.get_status_display(),
            reverse("policies:claim_detail", args=[c.pk]),
            c.submitted_at,
            c.due_at,
        )
        for c in rows
    ]
