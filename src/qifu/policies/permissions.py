"""Who sees which policies and claims; single-object access answers 404 for missing and not yours alike."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from qifu.accounts.choices import Role
from qifu.core.access import DEPARTMENT_ROLES, HALL_ROLES, restrict, role_of
from qifu.core.access import sees_internal as sees_internal  # one rule for every case kind
from qifu.core.errors import NotFound
from qifu.policies.choices import PolicyStatus
from qifu.policies.models import Policy, PolicyClaim


def policies_visible_to(user: Any) -> QuerySet[Policy]:
    """Published policies for everyone (the public too); drafts and withdrawn ones to their department and admin."""
    qs = Policy.objects.select_related("department", "interpreting_department")
    role = role_of(user)
    if role == Role.ADMIN:
        return qs
    if role in DEPARTMENT_ROLES and user.department_id:
        return qs.filter(Q(status=PolicyStatus.PUBLISHED) | Q(department_id=user.department_id))
    return qs.filter(status=PolicyStatus.PUBLISHED)


def may_manage(user: Any, policy: Policy | None = None, department_id: int | None = None) -> bool:
    """The issuing department's staff (谁出台谁解读) and the admin maintain a policy and its pushes."""
    role = role_of(user)
    if role == Role.ADMIN:
        return True
    wanted = policy.department_id if policy is not None else department_id
    return role in DEPARTMENT_ROLES and user.department_id is not None and user.department_id == wanted


def access_policy_for(user: Any, policy_id: int) -> Policy:
    policy = policies_visible_to(user).filter(pk=policy_id).first()
    if policy is None:
        raise NotFound()
    return policy


def claims_visible_to(user: Any) -> QuerySet[PolicyClaim]:
    return restrict(
        PolicyClaim.objects.all(), user, enterprise="enterprise", department="department", hall_sees_all=True
    )


def access_claim_for(user: Any, claim_id: int) -> PolicyClaim:
    claim = claims_visible_to(user).select_related("policy", "enterprise", "department").filter(pk=claim_id).first()
    if claim is None:
        raise NotFound()
    return claim


def may_upload(user: Any, claim: PolicyClaim) -> bool:
    """The hall and the applicant attach a claim's files (while it is open: the workflow's "upload")."""
    role = role_of(user)
    return (
        role in HALL_ROLES
        or role == Role.ADMIN
        or (role == Role.ENTERPRISE and user.enterprise_id == claim.enterprise_id)
    )


def may_download(user: Any, claim: PolicyClaim) -> bool:
    """Materials are confidential (seed 000): the hall, the claim's department and the enterprise itself."""
    role = role_of(user)
    return (
        role in HALL_ROLES
        or role == Role.ADMIN
        or (role in DEPARTMENT_ROLES and user.department_id == claim.department_id)
        or (role == Role.ENTERPRISE and user.enterprise_id == claim.enterprise_id)
    )
