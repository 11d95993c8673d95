"""The applications' part of the enterprise page (一企一档): its applications, and 办事 and 预约."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from qifu.applications.choices import ApplicationStatus
from qifu.applications.views import STATUS_BADGE, filtered
from qifu.core.access import can, role_of
from qifu.core.choices import Role
from qifu.core.panels import Panel, PanelRow, QuickAction, enterprise_panel

LATEST = 5


def application_panel(request: Any, enterprise: Any) -> str:
    if not can(request.user, "application.view"):
        return ""
    # The list's own filter, so that the count is what its link shows.
    qs = filtered(request.user, {"enterprise_id": str(enterprise.pk)})
    rows = [
        PanelRow(
            label=a.number,
            url=reverse("applications:detail", args=[a.pk]),
            text=a.title,
            badge=a.get_status_display(),
            badge_class=STATUS_BADGE.get(ApplicationStatus(a.status), "bg-secondary"),
            when=a.submitted_at,
        )
        for a in qs.order_by("-id")[:LATEST]
    ]
    return enterprise_panel(
        request,
        Panel(
            key="enterprise-applications",
            title="办件",
            count=qs.count(),
            rows=rows,
            list_url=f"{reverse('applications:list')}?enterprise_id={enterprise.pk}",
            empty="暂无办件。",
        ),
    )


def application_actions(request: Any, enterprise: Any) -> list[QuickAction]:
    if not can(request.user, "application.submit"):
        return []
    chosen = "" if role_of(request.user) == Role.ENTERPRISE else f"?enterprise_id={enterprise.pk}"
    return [
        QuickAction("办事", reverse("applications:create") + chosen, "选择事项，帮办或代办"),
        QuickAction("预约", reverse("applications:appointments") + chosen, "预约窗口办理时段"),
    ]
