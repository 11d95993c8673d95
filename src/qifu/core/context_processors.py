"""What every page's shell needs: the sidebar for the role, unread notifications, the district."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from qifu.core.access import role_of
from qifu.core.choices import Role
from qifu.core.ui import menu_for


def shell(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"district_name": settings.QIFU_DISTRICT_NAME}
    role = role_of(user)
    return {
        "district_name": settings.QIFU_DISTRICT_NAME,
        "menu": menu_for(user),
        "role_label": Role(role).label if role else "未分配角色",
        "unread_count": user.notifications.filter(read_at__isnull=True).count(),
    }
