"""The policies' part of the enterprise page (一企一档): the policies it matches, its claims and their ratings."""

from __future__ import annotations

from typing import Any

from django.db.models import Avg, Count
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse

from qifu.core.access import can, role_of
from qifu.core.choices import Role
from qifu.core.panels import Panel, PanelRow, enterprise_panel
from qifu.policies import selectors
from qifu.policies.choices import ClaimStatus
from qifu.policies.permissions import claims_visible_to
from qifu.policies.views import STATUS_BADGE

LATEST = 5
RATING_LABELS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}


def _own(request: HttpRequest) -> bool:
    return role_of(request.user) == Role.ENTERPRISE


def enterprise_policy_panel(request: HttpRequest, enterprise: Any) -> str:
    if not can(request.user, "policy.view"):
        return ""
    matches = selectors.enterprise_policy_matches(enterprise)
    mine = reverse("policies:mine")
    return render_to_string(
        "policies/_enterprise_panel.html",
        {
            "policy_matches": matches[:10],
            "count": len(matches),
            "list_url": mine if _own(request) else f"{mine}?enterprise_id={enterprise.pk}",
        },
        request=request,
    )


def claim_panel(request: HttpRequest, enterprise: Any) -> str:
    if not can(request.user, "policy.view"):
        return ""
    qs = claims_visible_to(request.user).filter(enterprise_id=enterprise.pk)
    rows = [
        PanelRow(
            label=c.number,
            url=reverse("policies:claim_detail", args=[c.pk]),
            text=c.policy.title,
            badge=c.get_status_display(),
            badge_class=STATUS_BADGE[ClaimStatus(c.status)],
            when=c.submitted_at,
        )
        for c in qs.select_related("policy").order_by("-id")[:LATEST]
    ]
    return enterprise_panel(
        request,
        Panel(
            key="enterprise-claims",
            title="政策申兑",
            count=qs.count(),
            rows=rows,
            list_url=f"{reverse('policies:claims')}?enterprise_id={enterprise.pk}",
            empty="暂无政策申兑。",
        ),
    )


def claim_rating_panel(request: HttpRequest, enterprise: Any) -> str:
    """Ratings: the stars the enterprise gave the claims the viewer sees."""
    if not can(request.user, "policy.view"):
        return ""
    qs = claims_visible_to(request.user).filter(enterprise_id=enterprise.pk, rating__isnull=False)
    figures = qs.aggregate(n=Count("id"), average=Avg("rating"))
    rows = [
        PanelRow(
            label=c.number,
            url=reverse("policies:claim_detail", args=[c.pk]),
            text=c.policy.title,
            badge=f"{c.rating}星 {RATING_LABELS.get(c.rating or 0, '')}",
            badge_class="bg-success" if (c.rating or 0) >= 3 else "bg-danger",
            note=c.rating_comment,
            when=c.closed_at,
        )
        for c in qs.select_related("policy").order_by("-id")[:LATEST]
    ]
    return enterprise_panel(
        request,
        Panel(
            key="enterprise-claim-ratings",
            title="申兑服务评价",
            count=figures["n"],
            rows=rows,
            list_url=f"{reverse('policies:claims')}?enterprise_id={enterprise.pk}",
            list_label="该企业的申兑",
            empty="暂无申兑评价。",
            summary=f"平均 {figures['average']:.1f} 星（共 {figures['n']} 次评价）" if figures["n"] else "",
        ),
    )
