"""The core app's to-dos: the coming year's holiday arrangement, unread notifications."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from qifu.core.access import can
from qifu.core.models import CalendarYear
from qifu.core.ui import Todo, todo_provider


@todo_provider("消息")
def unread_notifications(user: Any) -> list[Todo]:
    count = user.notifications.filter(read_at__isnull=True).count()
    return [Todo("未读通知", count, reverse("notifications"), "primary")]


@todo_provider("系统")
def calendar_next_year(user: Any) -> list[Todo]:
    if not can(user, "calendar.manage"):
        return []
    today = timezone.localdate()
    years = [today.year] + ([today.year + 1] if today.month >= 10 else [])
    confirmed = set(CalendarYear.objects.filter(year__in=years, confirmed=True).values_list("year", flat=True))
    missing = [y for y in years if y not in confirmed]
    return [
        Todo(
            "节假日安排未确认的年度",
            len(missing),
            reverse("calendar"),
            "warning" if missing else "primary",
            "、".join(f"{y}年" for y in missing) + ("：期限按周一至周五计算" if missing else ""),
        )
    ]
