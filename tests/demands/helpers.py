"""Building demands in a given state by calling the real services."""

from __future__ import annotations

from typing import Any

from qifu.demands import services
from qifu.demands.models import Demand
from qifu.demands.schemas import DemandIn
from tests.conftest import Cast


def register(cast: Cast, **data: Any) -> Demand:
    values = {
        "enterprise_id": cast.ent.pk,
        "kind": "need",
        "channel": "visit",
        "category": "market",
        "title": "厂房消防验收咨询",
        "content": "新建厂房需要办理消防验收，不清楚材料要求。",
    }
    values.update(data)
    return services.demand_register(actor=cast.dispatcher, payload=DemandIn.model_validate(values))


def in_state(cast: Cast, status: str) -> Demand:
    """A demand of cast.ent brought to `status` through the services (lead department: cast.market)."""
    demand = register(cast)
    if status == "registered":
        return demand
    if status == "merged":
        other = register(cast, title="另一件")
        return services.demand_merge(actor=cast.dispatcher, demand_id=demand.pk, into_id=other.pk)
    if status == "withdrawn":
        return services.demand_withdraw(actor=cast.dispatcher, demand_id=demand.pk, reason="企业已自行解决")
    demand = services.demand_assign(
        actor=cast.dispatcher, demand_id=demand.pk, department_id=cast.market.pk, complexity="general", days=10
    )
    if status == "assigned":
        return demand
    demand = services.demand_accept(actor=cast.handler, demand_id=demand.pk)
    if status == "in_progress":
        return demand
    demand = services.demand_reply(actor=cast.handler, demand_id=demand.pk, content="已告知所需材料清单。")
    if status == "replied":
        return demand
    demand = services.demand_visit(actor=cast.dispatcher, demand_id=demand.pk, satisfaction="satisfied")
    if status == "closed":
        return demand
    assert status == "archived", status
    return services.demand_archive(actor=cast.dispatcher, demand_id=demand.pk)
