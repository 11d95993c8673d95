"""API shapes of policies, matches and claims."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import ConfigDict

from qifu.core.schema_types import Id, Money
from qifu.policies.matching import Explanation
from qifu.policies.models import Policy, PolicyClaim


class Body(Schema):
    model_config = ConfigDict(extra="forbid")


class PolicyIn(Body):
    title: str
    doc_number: str = ""
    department_id: int
    interpreting_department_id: int | None = None
    effective_from: dt.date
    effective_to: dt.date | None = None
    summary: str
    benefit_type: str = "subsidy"
    amount_rule: str = ""
    apply_from: dt.date | None = None
    apply_to: dt.date | None = None
    materials: str = ""
    contact: str = ""
    guide_beneficiaries: str = ""
    guide_conditions: str = ""
    guide_where: str = ""
    payment_days: int = 60
    interpretation: str = ""
    auto_grant: bool = False
    criteria: dict[str, Any] = {}
    publish: bool = False


class PolicyOut(Schema):
    id: int
    title: str
    doc_number: str
    department_id: int
    department_name: str
    effective_from: dt.date
    effective_to: dt.date | None
    summary: str
    benefit_type: str
    auto_grant: bool
    criteria: dict[str, Any]
    status: str
    published_at: dt.datetime | None
    guide_complete: bool

    @staticmethod
    def of(p: Policy) -> PolicyOut:
        return PolicyOut(
            id=p.pk,
            title=p.title,
            doc_number=p.doc_number,
            department_id=p.department_id,
            department_name=p.department.name,
            effective_from=p.effective_from,
            effective_to=p.effective_to,
            summary=p.summary,
            benefit_type=p.benefit_type,
            auto_grant=p.auto_grant,
            criteria=p.criteria,
            status=p.status,
            published_at=p.published_at,
            guide_complete=p.guide_complete,
        )


class EnterpriseMatchOut(Schema):
    enterprise_id: int
    name: str
    verdict: str
    reasons: list[str]
    missing: list[str]


class MatchPageOut(Schema):
    fits: int
    may_fit: int
    items: list[EnterpriseMatchOut]
    next_cursor: int | None


class PolicyMatchOut(Schema):
    policy_id: int
    title: str
    verdict: str
    reasons: list[str]
    missing: list[str]
    claimed: bool

    @staticmethod
    def of(policy: Policy, found: Explanation, claimed: bool) -> PolicyMatchOut:
        return PolicyMatchOut(
            policy_id=policy.pk,
            title=policy.title,
            verdict=str(found.verdict),
            reasons=found.reasons,
            missing=found.missing,
            claimed=claimed,
        )


class ClaimIn(Body):
    policy_id: Id
    enterprise_id: Id
    amount: Money | None = None
    materials: list[str] = []


class DecideIn(Body):
    approved: bool
    note: str = ""


class DisburseIn(Body):
    amount: Decimal
    paid_on: dt.date
    note: str = ""


class RateIn(Body):
    rating: int
    comment: str = ""


class TimelineOut(Schema):
    at: dt.datetime
    actor: str
    action: str
    note: str


class ClaimMaterialOut(Schema):
    id: int
    name: str
    reused_from: str  # e.g. "办件 BJ2026…": the enterprise filed this file before under the same name
    has_file: bool


class ClaimOut(Schema):
    id: int
    number: str
    policy_id: int
    policy_title: str
    enterprise_id: int
    enterprise_name: str
    status: str
    status_label: str
    auto_granted: bool
    amount_requested: Decimal | None
    amount_paid: Decimal | None
    paid_on: dt.date | None
    due_at: dt.datetime
    calendar_confirmed: bool
    decision_note: str
    materials: list[ClaimMaterialOut]
    timeline: list[TimelineOut]

    @staticmethod
    def of(c: PolicyClaim, timeline: Any) -> ClaimOut:
        return ClaimOut(
            id=c.pk,
            number=c.number,
            policy_id=c.policy_id,
            policy_title=c.policy.title,
            enterprise_id=c.enterprise_id,
            enterprise_name=c.enterprise.name,
            status=c.status,
            status_label=c.get_status_display(),
            auto_granted=c.auto_granted,
            amount_requested=c.amount_requested,
            amount_paid=c.amount_paid,
            paid_on=c.paid_on,
            due_at=c.due_at,
            calendar_confirmed=c.calendar_confirmed,
            decision_note=c.decision_note,
            materials=[
                ClaimMaterialOut(id=m.pk, name=m.name, reused_from=m.reused_from, has_file=bool(m.file))
                for m in c.materials.all()
            ],
            timeline=[TimelineOut(at=t.at, actor=t.actor_label, action=t.action, note=t.note) for t in timeline],
        )
