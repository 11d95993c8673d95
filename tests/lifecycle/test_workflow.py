"""The service plan's and its tasks' workflows, with the tables written out by hand here (DESIGN.md "Workflows"),
and every (status, action, role) answered as those tables say."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from qifu.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from qifu.core.models import AuditEvent, TimelineEvent
from qifu.lifecycle import services
from qifu.lifecycle.models import PlanTask, ServicePlan
from qifu.lifecycle.schemas import TaskIn
from qifu.lifecycle.transitions import PLAN_WORKFLOW, TASK_WORKFLOW
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

PLAN_TABLE = {
    ("active", "complete"): "completed",
    ("active", "terminate"): "terminated",
}
TASK_TABLE = {
    ("open", "complete"): "done",
    ("open", "cancel"): "cancelled",
}
TASK_SIDE = {"progress": ("open",)}
# Who may end a plan of cast.ent (stewarded by cast.officer, in park A).
MAY_MANAGE = {"admin", "dispatcher", "service_officer"}
ROLES = [
    "admin",
    "dispatcher",
    "service_officer",
    "other_officer",
    "park_liaison",
    "supervisor",
    "department_head",
    "enterprise",
]
SEES = {"admin", "dispatcher", "service_officer", "park_liaison", "supervisor"}


def test_the_tables_are_those_written_here() -> None:
    assert dict(PLAN_WORKFLOW.transitions) == PLAN_TABLE and dict(PLAN_WORKFLOW.side_actions) == {}
    assert dict(TASK_WORKFLOW.transitions) == TASK_TABLE and dict(TASK_WORKFLOW.side_actions) == TASK_SIDE
    assert TASK_WORKFLOW.timed == ("open",)


def make_plan(cast: Cast, stage: str = "operation", tasks: int = 2) -> ServicePlan:
    today = timezone.localdate()
    return services.plan_create(
        actor=cast.officer,
        enterprise_id=cast.ent.pk,
        stage=stage,
        goals="稳产增效",
        tasks=[TaskIn(title=f"5.3.{i + 1} 服务", due_on=today + dt.timedelta(days=10 * (i + 1))) for i in range(tasks)],
    )


def in_status(cast: Cast, status: str) -> ServicePlan:
    plan = make_plan(cast, tasks=1)
    if status == "completed":
        services.task_progress(actor=cast.officer, task_id=plan.tasks.get().pk, progress=100)
        services.plan_complete(actor=cast.officer, plan_id=plan.pk)
    if status == "terminated":
        services.plan_terminate(actor=cast.officer, plan_id=plan.pk, reason_code="b", note="材料不能补正")
    plan.refresh_from_db()
    assert plan.status == status
    return plan


def user_of(cast: Cast, role: str) -> Any:
    return cast.other_officer if role == "other_officer" else cast.by_role()[role]


@pytest.mark.parametrize("status", ["active", "completed", "terminated"])
@pytest.mark.parametrize("action", ["complete", "terminate"])
def test_every_plan_status_action_and_role(cast: Cast, status: str, action: str) -> None:
    for role in ROLES:
        plan = in_status(cast, status)
        if action == "complete" and status == "active":
            services.task_progress(actor=cast.officer, task_id=plan.tasks.get().pk, progress=100)
        try:
            if action == "complete":
                services.plan_complete(actor=user_of(cast, role), plan_id=plan.pk)
            else:
                services.plan_terminate(actor=user_of(cast, role), plan_id=plan.pk, reason_code="a", note="终止")
            got: type[DomainError] | str = "ok"
        except DomainError as exc:
            got = type(exc)
        if role not in SEES:
            want: type[DomainError] | str = NotFound
        elif (status, action) not in PLAN_TABLE:
            want = Conflict
        elif role not in MAY_MANAGE:
            want = PermissionDenied
        else:
            want = "ok"
        assert got == want, (status, action, role)
        plan.refresh_from_db()
        assert plan.status == (PLAN_TABLE[(status, action)] if want == "ok" else status)
        ServicePlan.objects.filter(pk=plan.pk).delete()


def test_a_task_progresses_and_is_done_at_100(cast: Cast) -> None:
    plan = make_plan(cast)
    first, second = plan.tasks.order_by("id")
    services.task_progress(actor=cast.officer, task_id=first.pk, progress=40, note="已走访一次")
    first.refresh_from_db()
    assert first.status == "open" and first.progress == 40 and first.progress_note == "已走访一次"
    with pytest.raises(Conflict):  # a task still open: the plan cannot be completed yet
        services.plan_complete(actor=cast.officer, plan_id=plan.pk)
    with pytest.raises(PermissionDenied):
        services.task_progress(actor=cast.liaison, task_id=first.pk, progress=50)
    with pytest.raises(NotFound):
        services.task_progress(actor=cast.other_officer, task_id=first.pk, progress=50)
    for task in (first, second):
        services.task_progress(actor=cast.officer, task_id=task.pk, progress=100)
    assert set(plan.tasks.values_list("status", flat=True)) == {"done"}
    with pytest.raises(Conflict):
        services.task_progress(actor=cast.officer, task_id=first.pk, progress=90)
    services.plan_complete(actor=cast.officer, plan_id=plan.pk, note="阶段服务完成")
    plan.refresh_from_db()
    assert plan.status == "completed"
    steps = TimelineEvent.objects.filter(subject_type="service_plan", subject_id=plan.pk).order_by("id")
    assert [s.action for s in steps] == ["create", "complete"]
    assert AuditEvent.objects.filter(action="service_plan_task.progress").count() == 1
    assert AuditEvent.objects.filter(action="service_plan_task.complete").count() == 2


def test_terminating_ends_the_open_tasks_and_their_lights(cast: Cast) -> None:
    plan = make_plan(cast)
    done = plan.tasks.order_by("id").first()
    assert done is not None
    services.task_progress(actor=cast.officer, task_id=done.pk, progress=100)
    services.plan_terminate(actor=cast.officer, plan_id=plan.pk, reason_code="a", note="企业主动要求终止")
    assert sorted(plan.tasks.values_list("status", flat=True)) == ["cancelled", "done"]
    with pytest.raises(Conflict):
        services.task_progress(actor=cast.officer, task_id=done.pk, progress=100)


def test_a_task_turns_warning_then_overdue(cast: Cast) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8))), tick=False):
        plan = services.plan_create(
            actor=cast.officer,
            enterprise_id=cast.ent.pk,
            stage="construction",
            goals="按期投产",
            tasks=[TaskIn(title="5.2.4 应跟踪项目建设进度、试产投产情况。", due_on=dt.date(2026, 11, 13))],
        )
    task = plan.tasks.get()
    for day, light in [
        (dt.date(2026, 11, 9), "normal"),
        (dt.date(2026, 11, 13), "warning"),
        (dt.date(2026, 11, 14), "overdue"),
    ]:
        moment = dt.datetime.combine(day, dt.time(12, 0), tzinfo=dt.timezone(dt.timedelta(hours=8)))
        assert TASK_WORKFLOW.light(task, moment) == light, day
        assert PlanTask.objects.filter(TASK_WORKFLOW.light_q(light, moment)).count() == 1
