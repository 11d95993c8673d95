"""Key-project to-dos: the stalled projects (滞后) of the specialist, the responsible department and the centre."""

from __future__ import annotations

from typing import Any

from qifu.accounts.choices import Role
from qifu.core.access import can, role_of
from qifu.core.ui import Todo, todo_provider
from qifu.projects import selectors


@todo_provider("重点项目")
def project_todos(user: Any) -> list[Todo]:
    if not can(user, "project.view") or role_of(user) == Role.ENTERPRISE:
        return []
    mine = selectors.project_list_for(user).select_related(None).prefetch_related(None)
    if role_of(user) == Role.SERVICE_OFFICER and not mine.exists():
        return []  # an officer who is no project's specialist
    stalled = selectors.project_list_for(user, stalled=True).select_related(None).prefetch_related(None).count()
    label = "我负责的滞后重点项目" if role_of(user) == Role.SERVICE_OFFICER else "滞后的重点项目"
    return [
        Todo(
            label, stalled, "/projects/?stalled=1", "danger" if stalled else "primary", "有节点超过计划完成日期仍未完成"
        )
    ]
