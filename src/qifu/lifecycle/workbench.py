"""The officers' service to-dos: enterprises due a visit (the officer's own, the centre's all), service-plan
tasks at warning or overdue, and a department leader's yearly assistance."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from qifu.accounts.choices import Role
from qifu.core.access import can, role_of
from qifu.core.choices import Light
from qifu.core.ui import Todo, todo_provider
from qifu.lifecycle import selectors
from qifu.lifecycle.models import LeaderAssistance, PlanTask
from qifu.lifecycle.permissions import plans_for
from qifu.lifecycle.transitions import TASK_WORKFLOW


@todo_provider("走访服务")
def lifecycle_todos(user: Any) -> list[Todo]:
    role = role_of(user)
    todos: list[Todo] = []
    index = reverse("lifecycle:index")
    if role in (Role.SERVICE_OFFICER, Role.DISPATCHER, Role.ADMIN):
        due = selectors.visits_due(user).count()
        todos.append(
            Todo(
                f"超过{settings.QIFU_VISIT_CADENCE_DAYS}天未走访的企业",
                due,
                index + "#due",
                "warning" if due else "primary",
                "应定期走访企业，了解生产经营情况（DB4106/T 98 5.3.2）",
            )
        )
    if can(user, "plan.manage") and role != Role.ADMIN:
        tasks = PlanTask.objects.filter(plan__in=plans_for(user))
        late = tasks.filter(TASK_WORKFLOW.light_q(Light.OVERDUE)).count()
        near = tasks.filter(TASK_WORKFLOW.light_q(Light.WARNING)).count()
        if late or near:
            todos.append(
                Todo("服务任务即将到期或已超期", late + near, index + "#plans", "danger" if late else "warning")
            )
    year = timezone.localdate().year
    if role == Role.DEPARTMENT_HEAD:
        mine = LeaderAssistance.objects.filter(leader=user, assisted_on__year=year).count()
        todos.append(
            Todo(
                f"{year}年本人帮办次数",
                mine,
                reverse("lifecycle:assistance"),
                "primary" if mine else "warning",
                "" if mine else "领导班子成员每人每年至少开展一次帮办（陪同办理、体验式办理）",
            )
        )
    if role in (Role.DISPATCHER, Role.ADMIN):
        none = sum(1 for row in selectors.leaders_of_year(user, year) if not row.count)
        todos.append(
            Todo(
                f"{year}年尚无帮办记录的部门领导",
                none,
                reverse("lifecycle:assistance"),
                "warning" if none else "primary",
            )
        )
    return todos
