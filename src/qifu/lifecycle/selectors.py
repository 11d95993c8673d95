"""Reads of the officers' work, already scoped to the user: enterprises due a visit, visits, plans, an
enterprise's file, and the leaders' assistance of the year."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.core.access import SEE_ALL, role_of
from qifu.core.models import TimelineEvent
from qifu.demands.models import FollowUp
from qifu.enterprises.choices import LedgerCategory
from qifu.enterprises.models import Enterprise, LedgerEntry
from qifu.lifecycle.models import LeaderAssistance, ServicePlan, Visit
from qifu.lifecycle.permissions import plans_for, served_enterprises
from qifu.lifecycle.transitions import PLAN_WORKFLOW, TASK_WORKFLOW
from qifu.policies.models import PolicyClaim


def visit_cutoff(today: dt.date | None = None) -> dt.date:
    """Enterprises last visited before this day are due a visit (QIFU_VISIT_CADENCE_DAYS)."""
    return (today or timezone.localdate()) - dt.timedelta(days=settings.QIFU_VISIT_CADENCE_DAYS)


def visits_due(user: Any) -> QuerySet[Enterprise]:
    """The user's enterprises not visited within the cadence (never visited included), each with
    `last_visit_on`. A visit is a ledger entry of category 走访 (every recorded visit writes one)."""
    return (
        served_enterprises(user)
        .annotate(
            last_visit_on=Max("ledger_entries__entry_date", filter=Q(ledger_entries__category=LedgerCategory.VISIT))
        )
        .filter(Q(last_visit_on__isnull=True) | Q(last_visit_on__lt=visit_cutoff()))
    )


def days_since(day: dt.date | None) -> int | None:
    return (timezone.localdate() - day).days if day else None


def visits_for(user: Any) -> QuerySet[Visit]:
    return (
        Visit.objects.filter(enterprise__in=served_enterprises(user))
        .select_related("enterprise", "visitor")
        .prefetch_related("demands")
    )


def plan_list_for(user: Any, status: str = "") -> QuerySet[ServicePlan]:
    qs = (
        plans_for(user)
        .select_related("enterprise")
        .annotate(task_count=Count("tasks"), done_count=Count("tasks", filter=Q(tasks__status="done")))
    )
    return qs.filter(status=status) if status else qs


@dataclass(frozen=True)
class LeaderYear:
    leader: User
    count: int


def leaders_of_year(user: Any, year: int) -> list[LeaderYear]:
    """Each department leader (department_head) in the user's view with the year's assistance count, those with
    none first: the centre sees every department, a leader its own department."""
    leaders = User.objects.filter(role=Role.DEPARTMENT_HEAD, is_active=True, department__isnull=False)
    if role_of(user) not in SEE_ALL:
        leaders = leaders.filter(department_id=user.department_id)
    counted = leaders.select_related("department").annotate(
        year_count=Count("assistances", filter=Q(assistances__assisted_on__year=year))
    )
    rows = [LeaderYear(leader=u, count=u.year_count) for u in counted]
    return sorted(
        rows, key=lambda r: (r.count > 0, r.leader.department.name if r.leader.department else "", r.leader.pk)
    )


def assistances_of(qs: QuerySet[LeaderAssistance]) -> QuerySet[LeaderAssistance]:
    return qs.select_related("leader", "department", "enterprise", "demand")


def plan_timeline(plan: ServicePlan) -> list[dict[str, Any]]:
    """The plan's steps and its tasks', in order (only staff read plans)."""
    tasks = {t.pk: t for t in plan.tasks.all()}
    steps = TimelineEvent.objects.filter(
        Q(subject_type=PLAN_WORKFLOW.subject, subject_id=plan.pk)
        | Q(subject_type=TASK_WORKFLOW.subject, subject_id__in=list(tasks))
    ).order_by("at", "id")
    return [
        {
            "at": s.at,
            "actor": s.actor_label,
            "label": PLAN_WORKFLOW.label(s.action)
            if s.subject_type == PLAN_WORKFLOW.subject
            else f"{TASK_WORKFLOW.label(s.action)}（{tasks[s.subject_id].title[:12]}…）",
            "note": s.note or s.public,
        }
        for s in steps
    ]


def enterprise_file(enterprise: Enterprise) -> dict[str, Any]:
    """The officer's file of one enterprise (DB4106/T 98 §4): its plans with their tasks, its ledger, its visits
    and the evaluations so far (demand follow-ups and policy-claim ratings)."""
    return {
        "plans": list(ServicePlan.objects.filter(enterprise=enterprise).prefetch_related("tasks").order_by("id")),
        "ledger": list(LedgerEntry.objects.filter(enterprise=enterprise).select_related("author")[:60]),
        "visits": list(
            Visit.objects.filter(enterprise=enterprise).select_related("visitor").prefetch_related("demands")[:60]
        ),
        "follow_ups": list(
            FollowUp.objects.filter(demand__enterprise=enterprise).select_related("demand", "by").order_by("-id")[:30]
        ),
        "ratings": list(
            PolicyClaim.objects.filter(enterprise=enterprise, rating__isnull=False)
            .select_related("policy")
            .order_by("-id")[:30]
        ),
    }
