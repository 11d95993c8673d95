"""The policies' card on the enterprise page (core.hooks.ENTERPRISE_PANEL): the policies it matches."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from qifu.core.access import can
from qifu.policies import selectors


def enterprise_policy_panel(request: HttpRequest, enterprise: Any) -> str:
    if not can(request.user, "policy.view"):
        return ""
    matches = selectors.enterprise_policy_matches(enterprise)[:10]
    if not matches:
        return ""
    return render_to_string("policies/_enterprise_panel.html", {"policy_matches": matches}, request=request)
