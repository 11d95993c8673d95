"""The service plan's and its tasks' workflows, on the core mechanism (DESIGN.md "Workflows").

A plan: active -complete-> completed; active -terminate (a reason of DB4106/T 98-2023 §6)-> terminated.
A task: open -progress (percent, a note)-> open; open -complete-> done; open -cancel-> cancelled (the system,
when its plan is terminated). An open task's deadline runs (`due_at`, `warning_at`).
"""

from __future__ import annotations

from typing import Any

from qifu.core.workflow import Workflow
from qifu.lifecycle.choices import PlanStatus as P
from qifu.lifecycle.choices import TaskStatus as T
from qifu.lifecycle.models import PlanTask, ServicePlan
from qifu.lifecycle.permissions import may_manage_plan


def _plan_heading(plan: Any) -> str:
    return f"{plan.enterprise.name} {plan.get_stage_display()}服务方案"


def _task_manager(user: Any, task: Any) -> bool:
    return may_manage_plan(user, task.plan)


def _nobody(user: Any, case: Any) -> bool:
    return False  # the system only (actor None)


PLAN_WORKFLOW: Workflow[ServicePlan] = Workflow(
    subject="service_plan",
    noun="服务方案",
    model=ServicePlan,
    transitions={
        (P.ACTIVE, "complete"): P.COMPLETED,
        (P.ACTIVE, "terminate"): P.TERMINATED,
    },
    who={"complete": may_manage_plan, "terminate": may_manage_plan},
    labels={"create": "制定服务方案", "complete": "服务完成", "terminate": "终止服务"},
    heading=_plan_heading,
    link=lambda plan: f"/lifecycle/plans/{plan.pk}/",
)

TASK_WORKFLOW: Workflow[PlanTask] = Workflow(
    subject="service_plan_task",
    noun="服务任务",
    model=PlanTask,
    transitions={
        (T.OPEN, "complete"): T.DONE,
        (T.OPEN, "cancel"): T.CANCELLED,
    },
    side_actions={"progress": (T.OPEN,)},
    who={"progress": _task_manager, "complete": _task_manager, "cancel": _nobody},
    labels={"progress": "更新进度", "complete": "任务完成", "cancel": "随方案终止"},
    heading=lambda task: f"{_plan_heading(task.plan)} · {task.title[:30]}",
    link=lambda task: f"/lifecycle/plans/{task.plan_id}/",
    timed=(T.OPEN,),
)
