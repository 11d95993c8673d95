"""Reads of policies, matches and claims, scoped to the user; and the loaders that give the matcher its facts."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone

from qifu.core.choices import Light
from qifu.core.cleaning import parse_id
from qifu.core.models import TimelineEvent
from qifu.core.workcalendar import SHANGHAI, get_calendar
from qifu.enterprises.models import Enterprise, Tag
from qifu.orgs.models import Park, Town
from qifu.policies.choices import OPEN_CLAIM_STATUSES, ClaimStatus, PolicyStatus
from qifu.policies.criteria import to_criteria
from qifu.policies.matching import EnterpriseColumns, Explanation, Facts, Names, Verdict, decode_ids, explain
from qifu.policies.models import Policy, PolicyClaim, PolicyMatchChange, PolicyPush
from qifu.policies.permissions import claims_visible_to, policies_visible_to, sees_internal
from qifu.policies.transitions import WORKFLOW

FACT_FIELDS = (
    "id",
    "industry_code",
    "scale",
    "park_id",
    "town_id",
    "lifecycle_stage",
    "established_on",
    "employees",
    "annual_revenue",
)
TagThrough = Enterprise.tags.through
GUIDE_DAYS = 7  # working days after publication by which the 申兑指南 must be complete


# ---------------------------------------------------------------- facts for the matcher


def _facts(row: tuple[Any, ...], tags: frozenset[int]) -> Facts:
    pk, industry, scale, park, town, stage, established, employees, revenue = row
    return Facts(
        enterprise_id=pk,
        industry_code=industry,
        scale=scale,
        park_id=park,
        town_id=town,
        lifecycle_stage=stage,
        tag_ids=tags,
        established_on=established,
        employees=employees,
        annual_revenue=float(revenue) if revenue is not None else None,
    )


def enterprise_facts(ids: Iterable[int]) -> dict[int, Facts]:
    wanted = list(ids)
    tags: dict[int, set[int]] = defaultdict(set)
    for enterprise_id, tag_id in TagThrough.objects.filter(enterprise_id__in=wanted).values_list(
        "enterprise_id", "tag_id"
    ):
        tags[enterprise_id].add(tag_id)
    rows = Enterprise.objects.filter(pk__in=wanted).values_list(*FACT_FIELDS)
    return {row[0]: _facts(row, frozenset(tags.get(row[0], ()))) for row in rows}


def enterprise_columns() -> EnterpriseColumns:
    """Every enterprise as columns, for a full match (read in one pass per table)."""
    rows = list(Enterprise.objects.order_by("pk").values_list(*FACT_FIELDS))
    pairs = np.array(list(TagThrough.objects.values_list("enterprise_id", "tag_id")), dtype=np.int64).reshape(-1, 2)
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(FACT_FIELDS)
    ids, industry, scale, park, town, stage, established, employees, revenue = columns
    return EnterpriseColumns.from_arrays(
        ids=np.array(ids, dtype=np.int64),
        industry_codes=list(industry),
        scales=list(scale),
        park_ids=np.array([p if p is not None else -1 for p in park], dtype=np.int64),
        town_ids=np.array([t if t is not None else -1 for t in town], dtype=np.int64),
        lifecycle_stages=list(stage),
        tag_pairs=(pairs[:, 0], pairs[:, 1]),
        established_on=np.array([d.toordinal() if d else -1 for d in established], dtype=np.int64),
        employees=np.array([e if e is not None else np.nan for e in employees], dtype=np.float64),
        revenue=np.array([float(r) if r is not None else np.nan for r in revenue], dtype=np.float64),
    )


def load_names() -> Names:
    """Chinese names of parks, towns and tags for the reasons of a match."""
    return Names(
        parks=dict(Park.objects.values_list("pk", "name")),
        towns=dict(Town.objects.values_list("pk", "name")),
        tags=dict(Tag.objects.values_list("pk", "name")),
    )


# ---------------------------------------------------------------- policies


def open_q(today: dt.date) -> Q:
    """Policies still open: in force and inside their application window."""
    return (
        Q(status=PolicyStatus.PUBLISHED)
        & (Q(effective_to__isnull=True) | Q(effective_to__gte=today))
        & (Q(apply_to__isnull=True) | Q(apply_to__gte=today))
    )


def policy_library(user: Any, params: dict[str, str]) -> QuerySet[Policy]:
    """The searchable library: keyword, issuing department, benefit type, industry (a code or its prefix), open."""
    qs = policies_visible_to(user)
    q = (params.get("q") or "").strip()[:50]
    if q:
        qs = qs.filter(Q(title__contains=q) | Q(summary__contains=q) | Q(doc_number__contains=q))
    department_id = parse_id("department_id", "出台部门", params.get("department_id"))
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    if params.get("benefit_type"):
        qs = qs.filter(benefit_type=params["benefit_type"])
    if params.get("guide_missing") in ("1", "true"):
        qs = qs.filter(pk__in=[p.pk for p in guide_missing()])
    if params.get("open") in ("1", "true"):
        qs = qs.filter(open_q(timezone.localdate()))
    industry = (params.get("industry") or "").strip().upper()
    if industry:
        # A policy without an industry criterion is open to every industry.
        prefixes = {industry[:n] for n in range(1, len(industry) + 1)}
        ids = [
            p.pk for p in qs.select_related(None).only("pk", "criteria") if _industry_ok(p.criteria, prefixes, industry)
        ]
        qs = qs.filter(pk__in=ids)
    return qs.order_by("-published_at", "-id")


def guide_missing() -> list[Policy]:
    """Published policies whose redemption guide is still incomplete GUIDE_DAYS working days after publication."""
    today, calendar = timezone.localdate(), get_calendar()
    published = Policy.objects.filter(status=PolicyStatus.PUBLISHED, published_at__isnull=False)
    return [
        p
        for p in published
        if not p.guide_complete and calendar.workdays_between(timezone.localdate(p.published_at), today) > GUIDE_DAYS
    ]


def _industry_ok(criteria: dict[str, Any], prefixes: set[str], asked: str) -> bool:
    wanted = criteria.get("industries") or []
    return not wanted or any(w in prefixes or w.startswith(asked) for w in wanted)


def match_ids(policy: Policy) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The ids of the enterprises the policy fits and may fit: the stored set with later changes applied."""
    stored = getattr(policy, "match_set", None) if hasattr(policy, "match_set") else None
    fit = decode_ids(bytes(stored.fit)) if stored else np.empty(0, dtype=np.int64)
    maybe = decode_ids(bytes(stored.maybe)) if stored else np.empty(0, dtype=np.int64)
    changes = list(PolicyMatchChange.objects.filter(policy=policy).values_list("enterprise_id", "verdict"))
    if not changes:
        return fit, maybe
    changed = np.array([c[0] for c in changes], dtype=np.int64)
    fit, maybe = np.setdiff1d(fit, changed), np.setdiff1d(maybe, changed)
    add_fit = np.array([e for e, v in changes if v == Verdict.FITS], dtype=np.int64)
    add_maybe = np.array([e for e, v in changes if v == Verdict.MAY_FIT], dtype=np.int64)
    return np.union1d(fit, add_fit).astype(np.int64), np.union1d(maybe, add_maybe).astype(np.int64)


@dataclass(frozen=True)
class MatchRow:
    enterprise: Enterprise
    explanation: Explanation


def policy_matches_page(
    policy: Policy, *, cursor: int = 0, limit: int = 50, verdict: str = ""
) -> tuple[list[MatchRow], int | None, int, int]:
    """One page of the enterprises a policy fits (and may fit), by id after `cursor`, each with its reasons;
    the next cursor and the two counts."""
    fit, maybe = match_ids(policy)
    if verdict == Verdict.FITS:
        ids = fit
    elif verdict == Verdict.MAY_FIT:
        ids = maybe
    else:
        ids = np.union1d(fit, maybe)
    start = int(np.searchsorted(ids, cursor, side="right"))
    page = [int(i) for i in ids[start : start + limit]]
    enterprises = Enterprise.objects.in_bulk(page)
    facts = enterprise_facts(page)
    criteria, today, names = to_criteria(policy.criteria), timezone.localdate(), load_names()
    rows = [MatchRow(enterprises[i], explain(criteria, facts[i], today, names)) for i in page if i in enterprises]
    more = start + limit < len(ids)
    return rows, (page[-1] if more and page else None), len(fit), len(maybe)


@dataclass(frozen=True)
class PolicyMatch:
    policy: Policy
    explanation: Explanation
    pushed: bool
    claimed: bool


def policy_matches_for(enterprises: list[Enterprise], *, include_maybe: bool = True) -> dict[int, list[PolicyMatch]]:
    """For each enterprise, the open policies it fits (then may fit), with reasons, evaluated now from its
    current data; the policies, names, pushes and claims are read once for all of them."""
    ids = [e.pk for e in enterprises]
    facts = enterprise_facts(ids)
    today, names = timezone.localdate(), load_names()
    pushed = set(PolicyPush.objects.filter(enterprise_id__in=ids).values_list("enterprise_id", "policy_id"))
    claimed = set(PolicyClaim.objects.filter(enterprise_id__in=ids).live().values_list("enterprise_id", "policy_id"))
    policies = [(p, to_criteria(p.criteria)) for p in Policy.objects.filter(open_q(today)).select_related("department")]
    out: dict[int, list[PolicyMatch]] = {}
    for enterprise_id in ids:
        found_all = []
        for policy, criteria in policies:
            found = explain(criteria, facts[enterprise_id], today, names)
            if found.verdict == Verdict.FITS or (include_maybe and found.verdict == Verdict.MAY_FIT):
                pair = (enterprise_id, policy.pk)
                found_all.append(PolicyMatch(policy, found, pair in pushed, pair in claimed))
        found_all.sort(
            key=lambda m: (
                m.explanation.verdict != Verdict.FITS,
                -(m.policy.published_at or timezone.now()).timestamp(),
            )
        )
        out[enterprise_id] = found_all
    return out


def enterprise_policy_matches(enterprise: Enterprise, *, include_maybe: bool = True) -> list[PolicyMatch]:
    return policy_matches_for([enterprise], include_maybe=include_maybe)[enterprise.pk]


def reach(policy: Policy) -> dict[str, Any]:
    """Matched, pushed, read, claimed, approved, paid, amount paid, average days to payment, overdue claims."""
    fit, maybe = match_ids(policy)
    pushes = PolicyPush.objects.filter(policy=policy).aggregate(pushed=Count("pk"), read=Count("read_at"))
    claims = PolicyClaim.objects.filter(policy=policy).exclude(status=ClaimStatus.WITHDRAWN)
    approved = (ClaimStatus.APPROVED, ClaimStatus.DISBURSED)
    paid = claims.filter(status=ClaimStatus.DISBURSED)
    days = [
        (c.paid_on - timezone.localdate(c.submitted_at)).days for c in paid.only("paid_on", "submitted_at") if c.paid_on
    ]
    return {
        "matched": len(fit),
        "maybe": len(maybe),
        "pushed": pushes["pushed"],
        "read": pushes["read"],
        "claimed": claims.count(),
        "approved": claims.filter(status__in=approved).count(),
        "paid": paid.count(),
        "amount_paid": paid.aggregate(total=Sum("amount_paid"))["total"] or Decimal("0"),
        "avg_days_to_payment": round(sum(days) / len(days), 1) if days else None,
        "overdue": claims.filter(WORKFLOW.light_q(Light.OVERDUE)).count(),
    }


# ---------------------------------------------------------------- claims


def claim_list_for(user: Any, status: str = "", *, light: str = "") -> QuerySet[PolicyClaim]:
    """The claims a user sees, by status and by the light of their time to payment (open ones only)."""
    qs = claims_visible_to(user).select_related("policy", "enterprise", "department")
    if light:
        qs = qs.filter(WORKFLOW.light_q(light))
    return qs.filter(status=status) if status else qs


def claim_timeline(user: Any, claim: PolicyClaim) -> QuerySet[TimelineEvent]:
    qs = TimelineEvent.objects.filter(subject_type=WORKFLOW.subject, subject_id=claim.pk).order_by("at", "id")
    return qs if sees_internal(user) else qs.filter(internal=False)


def department_figures(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Per issuing department, for claims filed in the period: policies in force, enterprises matched (last full
    match), pushed and read, claimed, approved, paid, amount paid, average calendar days from filing to payment,
    and claims now overdue."""
    since = dt.datetime.combine(start, dt.time(), tzinfo=SHANGHAI)
    until = dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=SHANGHAI)
    rows: dict[str, dict[str, Any]] = defaultdict(
        lambda: (
            dict.fromkeys(("policies", "matched", "pushed", "read", "claimed", "approved", "paid", "overdue"), 0)
            | {"amount": Decimal("0"), "days": []}
        )
    )
    published = Policy.objects.filter(status=PolicyStatus.PUBLISHED)
    for name, policies, matched in published.values_list("department__name").annotate(
        Count("pk"), Sum("match_set__fit_count")
    ):
        rows[name].update(policies=policies, matched=matched or 0)
    pushes = PolicyPush.objects.filter(pushed_at__gte=since, pushed_at__lt=until)
    for name, pushed, read in pushes.values_list("policy__department__name").annotate(Count("pk"), Count("read_at")):
        rows[name].update(pushed=pushed, read=read)
    claims = PolicyClaim.objects.filter(submitted_at__gte=since, submitted_at__lt=until).exclude(
        status=ClaimStatus.WITHDRAWN
    )
    now = timezone.now()
    for claim in claims.select_related("department").only(
        "status", "amount_paid", "paid_on", "submitted_at", "due_at", "department__name"
    ):
        row = rows[claim.department.name]
        row["claimed"] += 1
        row["approved"] += claim.status in (ClaimStatus.APPROVED, ClaimStatus.DISBURSED)
        row["overdue"] += claim.status in OPEN_CLAIM_STATUSES and claim.due_at < now
        if claim.status == ClaimStatus.DISBURSED and claim.paid_on:
            row["paid"] += 1
            row["amount"] += claim.amount_paid or 0
            row["days"].append((claim.paid_on - timezone.localdate(claim.submitted_at)).days)
    out = []
    for name in sorted(rows):
        row = rows[name]
        days = row.pop("days")
        out.append({"label": name, **row, "avg_days": round(sum(days) / len(days), 1) if days else None})
    return out
