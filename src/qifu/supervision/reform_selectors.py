"""Who sees and reports on which reform tasks, and the reads of the task list: the centre (admin, dispatcher) and
the supervisor see every task; department staff see the tasks their unit leads or shares; nobody else sees any.
A lead unit's staff and the centre report progress."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from qifu.core import deadlines
from qifu.core.access import DEPARTMENT_ROLES, SEE_ALL, role_of
from qifu.core.choices import Light, Role
from qifu.core.errors import NotFound, PermissionDenied
from qifu.supervision.models import ReformTask, ReformTaskStatus

CENTRE = frozenset({Role.ADMIN, Role.DISPATCHER})


def reform_tasks_visible_to(user: Any) -> QuerySet[ReformTask]:
    qs = ReformTask.objects.all()
    role = role_of(user)
    if role in SEE_ALL:
        return qs
    if role in DEPARTMENT_ROLES and user.department_id is not None:
        return qs.filter(of_department(user.department_id)).distinct()
    return qs.none()


def of_department(department_id: int) -> Q:
    """Tasks a unit leads or shares."""
    return Q(lead_departments=department_id) | Q(responsible_departments=department_id)


def may_report(user: Any, task: ReformTask) -> bool:
    """The centre, and the staff of one of the task's lead units."""
    role = role_of(user)
    if role in CENTRE:
        return True
    return (
        role in DEPARTMENT_ROLES
        and user.department_id is not None
        and task.lead_departments.filter(pk=user.department_id).exists()
    )


def may_manage(user: Any) -> bool:
    """The centre registers tasks (the 专班 office sits in it)."""
    return role_of(user) in CENTRE


def access_reform_task_for(user: Any, task_id: int, *, report: bool = False) -> ReformTask:
    """The task if the user may see it (else 404); with `report`, 403 unless the user may report on it."""
    task = reform_tasks_visible_to(user).select_related("department").filter(pk=task_id).first()
    if task is None:
        raise NotFound()
    if report and not may_report(user, task):
        raise PermissionDenied()
    return task


def reform_task_list_for(
    user: Any, *, department_id: int | None = None, light: str = "", now: dt.datetime | None = None
) -> QuerySet[ReformTask]:
    """The tasks the user may see, of one unit (led or shared) and at one light of their completion deadline
    (long-term tasks have none, API.md)."""
    qs = reform_tasks_visible_to(user)
    if department_id is not None:
        qs = qs.filter(of_department(department_id)).distinct()
    if light:
        qs = qs.filter(long_term=False).filter(light_q(light, now))
    return qs


def light_q(wanted: str, now: dt.datetime | None = None) -> Q:
    """Open tasks at a light over the indexed deadline columns."""
    return Q(status=ReformTaskStatus.OPEN) & deadlines.light_q(wanted, now)


def completion_light(task: ReformTask, now: dt.datetime | None = None) -> str | None:
    """The light of a dated task's completion deadline while it is open; None for long-term and done tasks."""
    if task.long_term or task.status != ReformTaskStatus.OPEN:
        return None
    return deadlines.light(task.due_at, task.warning_at, now)


def report_light(task: ReformTask, now: dt.datetime | None = None) -> str | None:
    """The light of a long-term task's next report (red when the report is late)."""
    if not task.long_term or task.status != ReformTaskStatus.OPEN:
        return None
    return deadlines.light(task.due_at, task.warning_at, now)


def row_light(task: ReformTask, now: dt.datetime | None = None) -> str | None:
    """What the list's row shows: the completion light, or for a long-term task its report's light."""
    return completion_light(task, now) or report_light(task, now)


LIGHT_CHOICES = [(Light.NORMAL.value, "正常"), (Light.WARNING.value, "即将到期"), (Light.OVERDUE.value, "已逾期")]
