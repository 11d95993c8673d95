"""Demand to-dos on each role's workbench (issue 3 "Workbenches")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from qifu.accounts.choices import Role
from qifu.core.access import DEPARTMENT_ROLES, HALL_ROLES, role_of
from qifu.core.choices import Light
from qifu.core.ui import OpenCase, Todo, todo_provider
from qifu.demands.choices import OPEN_STATUSES, DemandStatus
from qifu.demands.filters import DemandFilter
from qifu.demands.permissions import demands_visible_to


def _todo(user: Any, label: str, params: Mapping[str, str], level: str = "primary", hint: str = "") -> Todo:
    count = DemandFilter.parse(params).apply(demands_visible_to(user)).count()
    url = reverse("demands:list") + "?" + urlencode(dict(params))
    return Todo(label, count, url, level if count else "primary", hint)


@todo_provider("企业诉求")
def demand_todos(user: Any) -> list[Todo]:
    role = role_of(user)
    warning = {"light": Light.WARNING}
    overdue = {"light": Light.OVERDUE}
    if role in (Role.ADMIN, Role.DISPATCHER):
        return [
            _todo(user, "待分拨", {"status": DemandStatus.REGISTERED}, "warning"),
            _todo(user, "退回待审", {"returned": "1"}, "warning", "部门退回（派单异议），请重新分拨"),
            _todo(user, "延期待批", {"extension": "pending"}, "warning"),
            _todo(user, "待回访", {"status": DemandStatus.REPLIED}, "warning", "回访企业后方可销号"),
            _todo(user, "即将超期", warning, "warning"),
            _todo(user, "已超期", overdue, "danger"),
        ]
    if role in DEPARTMENT_ROLES:
        todos = [
            _todo(user, "待签收", {"status": DemandStatus.ASSIGNED}, "warning", "交办后1个工作日内签收或退回"),
            _todo(user, "办理中", {"status": DemandStatus.IN_PROGRESS}),
            _todo(user, "即将超期", warning, "warning"),
            _todo(user, "已超期", overdue, "danger"),
        ]
        if role == Role.DEPARTMENT_HEAD:
            todos.append(_todo(user, "本部门延期待批", {"extension": "pending"}, "warning"))
        return todos
    if role == Role.SUPERVISOR:
        return [
            _todo(user, "已超期", overdue, "danger"),
            _todo(user, "重办过的诉求", {"reopened": "1"}, "warning"),
            _todo(user, "已上报区政府", {"escalated": "1"}),
        ]
    if role == Role.ENTERPRISE:
        open_count = demands_visible_to(user).filter(status__in=OPEN_STATUSES).count()
        return [
            Todo("我的诉求（办理中）", open_count, reverse("demands:list")),
            _todo(user, "待我评价", {"status": DemandStatus.REPLIED}, "warning", "请告诉我们问题是否解决"),
        ]
    if role in (Role.SERVICE_OFFICER, Role.PARK_LIAISON) or role in HALL_ROLES:
        open_count = demands_visible_to(user).filter(status__in=OPEN_STATUSES).count()
        label = (
            "包联企业未办结诉求"
            if role == Role.SERVICE_OFFICER
            else ("本园区未办结诉求" if role == Role.PARK_LIAISON else "我首问登记的未办结诉求")
        )
        return [Todo(label, open_count, reverse("demands:list")), _todo(user, "其中已超期", overdue, "danger")]
    return []


def open_cases(user: Any, limit: int) -> list[OpenCase]:
    """The user's newest open demands (core.hooks.OPEN_CASES)."""
    rows = demands_visible_to(user).filter(status__in=OPEN_STATUSES).order_by("-created_at")[:limit]
    return [
        OpenCase(
            "诉求",
            d.number,
            d.title,
            d.get_status_display(),
            reverse("demands:detail", args=[d.pk]),
            d.created_at,
            d.due_at,
        )
        for d in rows
    ]
