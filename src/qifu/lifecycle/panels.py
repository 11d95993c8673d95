"""The officers' service card on the enterprise page (core.hooks.ENTERPRISE_PANEL): the last visits, the plans,
and the way to record a visit, draw up a plan and print the file."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from qifu.core.access import can
from qifu.lifecycle.models import ServicePlan, Visit
from qifu.lifecycle.permissions import served_enterprises


def enterprise_lifecycle_panel(request: HttpRequest, enterprise: Any) -> str:
    if not served_enterprises(request.user).filter(pk=enterprise.pk).exists():
        return ""
    return render_to_string(
        "lifecycle/_enterprise_panel.html",
        {
            "e": enterprise,
            "visits": list(Visit.objects.filter(enterprise=enterprise).select_related("visitor")[:3]),
            "plans": list(ServicePlan.objects.filter(enterprise=enterprise)[:5]),
            "may_visit": can(request.user, "visit.record"),
            "may_plan": can(request.user, "plan.manage"),
        },
        request=request,
    )
