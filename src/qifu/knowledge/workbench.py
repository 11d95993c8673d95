"""Knowledge-base to-dos: a department's drafts to review and its published articles due for review (past their
validity or unchanged for a year); the centre's drafts without a department."""

from __future__ import annotations

from typing import Any

from qifu.core.access import DEPARTMENT_ROLES, role_of
from qifu.core.choices import Role
from qifu.core.ui import Todo, todo_provider
from qifu.knowledge import selectors
from qifu.knowledge.choices import ArticleStatus
from qifu.knowledge.models import Article


@todo_provider("知识库")
def knowledge_todos(user: Any) -> list[Todo]:
    role = role_of(user)
    if role in DEPARTMENT_ROLES and user.department_id is not None:
        mine = Article.objects.filter(department_id=user.department_id)
        due = selectors.due_for_review().filter(department_id=user.department_id).count()
    elif role in (Role.ADMIN, Role.DISPATCHER):
        mine = Article.objects.filter(department__isnull=True)
        due = selectors.due_for_review().filter(department__isnull=True).count()
    else:
        return []
    drafts = mine.filter(status=ArticleStatus.DRAFT).count()
    items = []
    if drafts:
        items.append(Todo("待审核的知识条目", drafts, "/knowledge/manage/?status=draft", "primary", "草稿待本部门审核"))
    if due:
        items.append(
            Todo("待复核的知识条目", due, "/knowledge/manage/?status=published", "warning", "已过有效期或一年未更新")
        )
    return items
