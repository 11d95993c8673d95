"""Supervision's to-dos: a department's unanswered supervision orders; the centre's and the supervisor's
overdue cases and cards not yet noted."""

from __future__ import annotations

from typing import Any

from qifu.core.access import DEPARTMENT_ROLES, can, role_of
from qifu.core.ui import Todo, todo_provider
from qifu.supervision.permissions import cards_visible_to, orders_visible_to


@todo_provider("督查督办")
def supervision_todos(user: Any) -> list[Todo]:
    if not can(user, "supervision.view"):
        return []
    todos: list[Todo] = []
    if role_of(user) in DEPARTMENT_ROLES:
        waiting = orders_visible_to(user).filter(replied_at__isnull=True).count()
        todos.append(
            Todo(
                "待反馈的督办单",
                waiting,
                "/supervision/orders/?open=1",
                "danger" if waiting else "primary",
                "督查部门就超期案件发出的督办单，请落实并反馈",
            )
        )
    if can(user, "supervision.cards"):
        red = cards_visible_to(user).filter(color="red", annotated_at__isnull=True).count()
        todos.append(
            Todo("待批注的红牌", red, "/supervision/cards/?color=red", "danger" if red else "primary", "电子监察红牌")
        )
    return todos
