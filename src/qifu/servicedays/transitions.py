"""The service-day session workflow (DESIGN.md "Workflows"): planned -close-> held; planned -cancel-> cancelled.

The calendar also moves sessions, as the system (actor None): a planned day that becomes a statutory holiday is
cancelled, and a day cancelled for a holiday that is no longer one is planned again (`restore`), so that
sessions follow the calendar both ways. No person may restore.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from qifu.accounts.choices import Role
from qifu.core.access import role_of
from qifu.core.workflow import Workflow
from qifu.servicedays.choices import ListRowStatus
from qifu.servicedays.choices import ServiceDayStatus as S
from qifu.servicedays.models import DemandListRow, ServiceDay

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.PLANNED, "close"): S.HELD,
    (S.PLANNED, "cancel"): S.CANCELLED,
    (S.CANCELLED, "restore"): S.PLANNED,
}
CENTRE = frozenset({Role.ADMIN, Role.DISPATCHER})


def _centre(user: Any, session: Any) -> bool:
    return role_of(user) in CENTRE


def _nobody(user: Any, session: Any) -> bool:
    return False


WORKFLOW: Workflow[ServiceDay] = Workflow(
    subject="service_day",
    noun="企业服务日",
    model=ServiceDay,
    transitions=TRANSITIONS,
    who={"close": _centre, "cancel": _centre, "restore": _nobody},
    labels={"plan": "排期", "close": "结束并小结", "cancel": "取消", "restore": "恢复"},
    heading=lambda s: f"{s.number}企业服务日",
    link=lambda s: reverse("servicedays:detail", args=[s.pk]),
)

# A row of a park's demand list is classified once, by the centre, and so becomes a demand.
ROW_WORKFLOW: Workflow[DemandListRow] = Workflow(
    subject="demand_list_row",
    noun="需求清单条目",
    model=DemandListRow,
    transitions={(ListRowStatus.PENDING, "classify"): ListRowStatus.CLASSIFIED},
    who={"classify": _centre},
    labels={"classify": "分类交办"},
    heading=lambda row: f"需求清单第{row.position}行 {row.title}",
    link=lambda row: reverse("servicedays:detail", args=[row.demand_list.service_day_id]),
)
