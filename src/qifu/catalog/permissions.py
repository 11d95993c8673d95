"""Who may maintain the catalogue: one place, asked by services, pages and the workflow."""

from __future__ import annotations

from typing import Any

from qifu.accounts.choices import Role
from qifu.catalog.models import ServiceItem
from qifu.core.access import role_of


def may_maintain(user: Any, item: ServiceItem) -> bool:
    """The admin, and the head of the department that implements the item (谁实施谁维护)."""
    role = role_of(user)
    return role == Role.ADMIN or (role == Role.DEPARTMENT_HEAD and user.department_id == item.department_id)
