"""The demands' part of the enterprise page (一企一档): its demands, the follow-up ratings, and 新诉求."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.urls import reverse

from qifu.core.access import can, role_of
from qifu.core.choices import Role
from qifu.core.panels import Panel, PanelRow, QuickAction, enterprise_panel
from qifu.demands.choices import SATISFIED_LEVELS, DemandStatus, Satisfaction
from qifu.demands.filters import DemandFilter
from qifu.demands.models import FollowUp
from qifu.demands.permissions import demands_visible_to
from qifu.demands.selectors import demand_list_for
from qifu.demands.views import STATUS_BADGE

LATEST = 5


def _list_url(enterprise: Any) -> str:
    return f"{reverse('demands:list')}?enterprise_id={enterprise.pk}"


def demand_panel(request: Any, enterprise: Any) -> str:
    if not can(request.user, "demand.view"):
        return ""
    qs = demand_list_for(request.user, DemandFilter(enterprise_id=enterprise.pk))
    rows = [
        PanelRow(
            label=d.number,
            url=reverse("demands:detail", args=[d.pk]),
            text=d.title,
            badge=d.get_status_display(),
            badge_class=STATUS_BADGE.get(DemandStatus(d.status), "bg-secondary"),
            when=d.created_at,
        )
        for d in qs.order_by("-id")[:LATEST]
    ]
    return enterprise_panel(
        request,
        Panel(
            key="enterprise-demands",
            title="诉求",
            count=qs.count(),
            rows=rows,
            list_url=_list_url(enterprise),
            empty="暂无诉求。",
        ),
    )


def follow_up_panel(request: Any, enterprise: Any) -> str:
    """Ratings: what the enterprise answered at the follow-ups (回访) of the demands the viewer sees."""
    if not can(request.user, "demand.view"):
        return ""
    visible = demands_visible_to(request.user).filter(enterprise_id=enterprise.pk).values("pk")
    qs = FollowUp.objects.filter(demand_id__in=visible)
    figures = qs.aggregate(
        n=Count("id"),
        satisfied=Count("id", filter=Q(satisfaction__in=SATISFIED_LEVELS)),
        solved=Count("id", filter=Q(resolved=True)),
    )
    summary = ""
    if figures["n"]:
        summary = f"满意 {figures['satisfied']} 次、问题已解决 {figures['solved']} 次（共 {figures['n']} 次回访）"
    rows = [
        PanelRow(
            label=f.demand.number,
            url=reverse("demands:detail", args=[f.demand_id]),
            text=f.demand.title,
            badge=Satisfaction(f.satisfaction).label,
            badge_class="bg-success" if f.satisfaction in SATISFIED_LEVELS else "bg-danger",
            note="已解决" if f.resolved else "未解决",
            when=f.created_at,
        )
        for f in qs.select_related("demand").order_by("-id")[:LATEST]
    ]
    return enterprise_panel(
        request,
        Panel(
            key="enterprise-follow-ups",
            title="诉求回访评价",
            count=figures["n"],
            rows=rows,
            list_url=_list_url(enterprise),
            list_label="该企业的诉求",
            empty="暂无回访评价。",
            summary=summary,
        ),
    )


def demand_actions(request: Any, enterprise: Any) -> list[QuickAction]:
    if not can(request.user, "demand.register"):
        return []
    url = reverse("demands:create")
    if role_of(request.user) != Role.ENTERPRISE:
        url += f"?enterprise_id={enterprise.pk}"
    return [QuickAction("新诉求", url, "登记该企业的诉求")]
