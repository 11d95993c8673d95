"""API shapes of policies, matches and claims."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from qifu.core.api_support import TimelineOut
from qifu.core.schema_types import Day, Id, Money, WriteIn
from qifu.policies.choices import BenefitType, ClaimStatus
from qifu.policies.matching import Explanation
from qifu.policies.models import Policy, PolicyClaim
from qifu.policies.transitions import WORKFLOW

Amount = Annotated[Money, Field(gt=0)]
"""A sum asked or paid (万元): positive, and within its column (core.schema_types.Money)."""


class PolicyIn(WriteIn):
    """A policy as recorded or edited (the API's create and the page's form); `publish` publishes it at once."""

    title: str = Field(title="政策名称", min_length=1, max_length=200)
    doc_number: str = Field("", title="文号", max_length=100)
    department_id: Id = Field(title="出台部门")
    interpreting_department_id: Id | None = Field(None, title="解读部门")
    effective_from: Day = Field(title="生效日期")
    effective_to: Day | None = Field(None, title="失效日期")
    summary: str = Field(title="政策摘要", min_length=1, max_length=5000)
    benefit_type: BenefitType = Field(BenefitType.SUBSIDY, title="兑现方式")
    amount_rule: str = Field("", title="支持标准", max_length=500)
    max_amount: Amount | None = Field(None, title="单笔兑现上限（万元）")
    apply_from: Day | None = Field(None, title="申报开始")
    apply_to: Day | None = Field(None, title="申报截止")
    materials: str = Field("", title="申报材料", max_length=3000)
    contact: str = Field("", title="咨询电话", max_length=100)
    guide_beneficiaries: str = Field("", title="申兑对象", max_length=3000)
    guide_conditions: str = Field("", title="申兑条件", max_length=3000)
    guide_where: str = Field("", title="申报地点", max_length=200)
    payment_days: int = Field(60, title="兑付时限（工作日）", ge=1, le=250)
    interpretation: str = Field("", title="政策解读", max_length=20000)
    auto_grant: bool = Field(False, title="免申即享")
    criteria: dict[str, Any] = Field(default_factory=dict, title="享受条件")
    publish: bool = Field(False, title="立即发布")


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
    amount_rule: str
    max_amount: Decimal | None
    payment_days: int
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
            amount_rule=p.amount_rule,
            max_amount=p.max_amount,
            payment_days=p.payment_days,
            auto_grant=p.auto_grant,
            criteria=p.criteria,
            status=p.status,
            published_at=p.published_at,
            guide_complete=p.guide_complete,
        )


class PolicyPageOut(Schema):
    items: list[PolicyOut]
    next_cursor: str | None


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


class ClaimIn(WriteIn):
    policy_id: Id = Field(title="政策")
    enterprise_id: Id = Field(title="申报企业")
    amount: Amount | None = Field(None, title="申请金额（万元）")
    materials: list[Annotated[str, Field(max_length=200)]] = Field(
        default_factory=list, title="申报时提供的材料", max_length=100
    )


class ClaimDecideIn(WriteIn):
    approved: bool = Field(title="审核结论")
    note: str = Field("", title="审核意见", max_length=1000)


class ClaimDisburseIn(WriteIn):
    amount: Amount = Field(title="兑付金额（万元）")
    paid_on: Day = Field(title="兑付日期")
    note: str = Field("", title="备注", max_length=1000)


class ClaimNoteIn(WriteIn):
    """The optional note of the pages' accept, handover and withdraw (the API's take no body)."""

    note: str = Field("", title="备注", max_length=1000)


class ClaimRateIn(WriteIn):
    rating: int = Field(title="评价", ge=1, le=5)
    comment: str = Field("", title="评价意见", max_length=300)


class PolicyMatchListOut(Schema):
    items: list[PolicyMatchOut]
    next_cursor: str | None  # always null: every open policy the enterprise fits is on the one page


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
    light: str | None
    calendar_confirmed: bool
    decision_note: str
    materials: list[ClaimMaterialOut]
    timeline: list[TimelineOut]
    track_url: str | None

    @staticmethod
    def of(c: PolicyClaim, timeline: Any, *, staff: bool, track_url: str | None = None) -> ClaimOut:
        """The claim; the enterprise (`staff=False`) reads the public line of each step and only a denial's
        reason (审核意见 of an approval is the department's own)."""
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
            light=WORKFLOW.light(c),
            calendar_confirmed=c.calendar_confirmed,
            decision_note=c.decision_note if staff or c.status == ClaimStatus.DENIED else "",
            materials=[
                ClaimMaterialOut(id=m.pk, name=m.name, reused_from=m.reused_from, has_file=bool(m.file))
                for m in c.materials.all()
            ],
            timeline=TimelineOut.of(timeline, staff=staff),
            track_url=track_url,
        )


class ClaimPageOut(Schema):
    items: list[ClaimOut]
    next_cursor: str | None
