"""Complaints built through the real intake: a demand registered at a complaint window, then named."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from qifu.demands import services as demand_services
from qifu.demands.models import Demand
from qifu.demands.schemas import DemandIn
from qifu.evaluations.complaint_services import complaint_name
from qifu.evaluations.models import Complaint
from tests.conftest import Cast


def complaint_demand(
    cast: Cast,
    *,
    title: str = "营业执照变更被反复退回",
    channel: str = "fallback_window",
    kind: str = "complaint",
    days_ago: int = 0,
    category: str = "market",
) -> Demand:
    demand = demand_services.demand_register(
        actor=cast.window,
        payload=DemandIn.model_validate(
            {
                "enterprise_id": cast.ent.pk,
                "kind": kind,
                "channel": channel,
                "category": category,
                "title": title,
                "content": "同一份材料被退回两次，每次理由不同。",
            }
        ),
    )
    if days_ago:
        Demand.objects.filter(pk=demand.pk).update(created_at=timezone.now() - dt.timedelta(days=days_ago))
        demand.refresh_from_db()
    return demand


def named(cast: Cast, department: Any = None, **extra: Any) -> Complaint:
    subject = extra.pop("subject", "")
    major = extra.pop("major", False)
    demand = complaint_demand(cast, **extra)
    return complaint_name(
        actor=cast.window,
        demand_id=demand.pk,
        department_id=(department or cast.market).pk,
        subject=subject,
        major=major,
    )
