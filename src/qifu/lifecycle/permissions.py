"""Who sees an officer's work: visits, plans and files belong to the enterprises in the user's scope (an officer
its stewarded enterprises, a park liaison its park's, the centre and supervisors all); leaders' assistance to the
leader's department (and the centre). Everything outside answers 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qifu.core.access import SEE_ALL, can, restrict, role_of
from qifu.core.errors import NotFound
from qifu.enterprises.models import Enterprise
from qifu.lifecycle.models import LeaderAssistance, PlanTask, ServicePlan


def served_enterprises(user: Any) -> QuerySet[Enterprise]:
    """The enterprises whose officers' work the user may see (none without `lifecycle.view`)."""
    if not can(user, "lifecycle.view"):
        return Enterprise.objects.none()
    return restrict(Enterprise.objects.all(), user, enterprise="")


def access_served_enterprise_for(user: Any, enterprise_id: int) -> Enterprise:
    enterprise = served_enterprises(user).select_related("park").filter(pk=enterprise_id).first()
    if enterprise is None:
        raise NotFound()
    return enterprise


def plans_for(user: Any) -> QuerySet[ServicePlan]:
    if not can(user, "lifecycle.view"):
        return ServicePlan.objects.none()
    return restrict(ServicePlan.objects.all(), user, enterprise="enterprise")


def plan_tasks_visible_to(user: Any) -> QuerySet[PlanTask]:
    """The tasks of the plans the user may see (supervision's view of late plan tasks). Those who see every plan
    get every task without the plans subquery, which would lead SQLite to read each plan's tasks and sort them
    instead of walking the deadline index."""
    if can(user, "lifecycle.view") and role_of(user) in SEE_ALL:
        return PlanTask.objects.all()
    return PlanTask.objects.filter(plan__in=plans_for(user))


def access_plan_for(user: Any, plan_id: int, *, write: bool = False) -> ServicePlan:
    qs = plans_for(user).select_related("enterprise", "created_by")
    if write:
        qs = qs.select_for_update(of=("self",))
    plan = qs.filter(pk=plan_id).first()
    if plan is None:
        raise NotFound()
    return plan


def access_task_for(user: Any, task_id: int) -> PlanTask:
    task = PlanTask.objects.select_related("plan__enterprise").filter(pk=task_id, plan__in=plans_for(user)).first()
    if task is None:
        raise NotFound()
    return task


def may_manage_plan(user: Any, plan: ServicePlan) -> bool:
    """The enterprise's officer, or the centre, may run its plans."""
    return can(user, "plan.manage") and plans_for(user).filter(pk=plan.pk).exists()


def assistances_for(user: Any) -> QuerySet[LeaderAssistance]:
    if not can(user, "assist.view"):
        return LeaderAssistance.objects.none()
    return restrict(LeaderAssistance.objects.all(), user, enterprise=None, department="department")


def access_assistance_for(user: Any, assistance_id: int, *, write: bool = False) -> LeaderAssistance:
    qs = assistances_for(user).select_related("leader", "department", "enterprise", "demand")
    if write:
        qs = qs.select_for_update(of=("self",))
    found = qs.filter(pk=assistance_id).first()
    if found is None:
        raise NotFound()
    return found
