"""The demand list's filters, parsed once for the pages and the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from qifu.core.choices import Light
from qifu.core.cleaning import parse_day, parse_id
from qifu.core.errors import ValidationFailed
from qifu.core.workcalendar import SHANGHAI
from qifu.demands.choices import Channel, DemandKind, DemandStatus, ExtensionStatus
from qifu.demands.models import Demand, ExtensionRequest
from qifu.demands.transitions import WORKFLOW

FILTER_LABELS = {
    "department_id": "牵头部门",
    "park_id": "园区",
    "enterprise_id": "企业",
    "date_from": "开始日期",
    "date_to": "结束日期",
}


@dataclass(frozen=True)
class DemandFilter:
    status: str = ""
    kind: str = ""
    channel: str = ""
    category: str = ""
    department_id: int | None = None
    park_id: int | None = None
    enterprise_id: int | None = None
    light: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    returned: bool = False  # 退回待审: back in the pool after a department returned it
    escalated: bool = False
    reopened: bool = False
    extension: str = ""  # "pending": an extension request waits for a decision

    @classmethod
    def parse(cls, params: Mapping[str, Any]) -> DemandFilter:
        def text(name: str, choices: Any = None) -> str:
            value = str(params.get(name) or "").strip()
            if value and choices is not None and value not in choices.values:
                raise ValidationFailed.field(name, "筛选条件无效")
            return value

        def number(name: str) -> int | None:
            return parse_id(name, FILTER_LABELS[name], params.get(name))

        def day(name: str) -> dt.date | None:
            return parse_day(name, FILTER_LABELS[name], params.get(name))

        def flag(name: str) -> bool:
            return str(params.get(name) or "") in ("1", "true")

        return cls(
            status=text("status", DemandStatus),
            kind=text("kind", DemandKind),
            channel=text("channel", Channel),
            category=text("category"),
            department_id=number("department_id"),
            park_id=number("park_id"),
            enterprise_id=number("enterprise_id"),
            light=text("light", Light),
            date_from=day("date_from"),
            date_to=day("date_to"),
            q=text("q")[:50],
            returned=flag("returned"),
            escalated=flag("escalated"),
            reopened=flag("reopened"),
            extension="pending" if str(params.get("extension") or "") == "pending" else "",
        )

    @property
    def needs_ids_first(self) -> bool:
        """The light filters select by deadline, which no index serves in id order (see keyset_page)."""
        return bool(self.light)

    def apply(self, qs: QuerySet[Demand], now: dt.datetime | None = None) -> QuerySet[Demand]:
        now = now or timezone.now()
        if self.status:
            qs = qs.filter(status=self.status)
        if self.kind:
            qs = qs.filter(kind=self.kind)
        if self.channel:
            qs = qs.filter(channel=self.channel)
        if self.category:
            qs = qs.filter(category__code=self.category)
        if self.department_id is not None:
            qs = qs.filter(lead_department_id=self.department_id)
        if self.park_id is not None:
            qs = qs.filter(enterprise__park_id=self.park_id)
        if self.enterprise_id is not None:
            qs = qs.filter(enterprise_id=self.enterprise_id)
        if self.light:
            qs = qs.filter(WORKFLOW.light_q(self.light, now))
        if self.date_from:
            qs = qs.filter(created_at__gte=dt.datetime.combine(self.date_from, dt.time(), tzinfo=SHANGHAI))
        if self.date_to:
            qs = qs.filter(
                created_at__lt=dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time(), tzinfo=SHANGHAI)
            )
        if self.q:
            qs = qs.filter(number=self.q) if self.q.upper().startswith("SQ") else qs.filter(title__contains=self.q)
        if self.returned:
            qs = qs.filter(status=DemandStatus.REGISTERED, return_count__gt=0)
        if self.escalated:
            qs = qs.filter(escalated_at__isnull=False)
        if self.reopened:
            qs = qs.filter(reopen_count__gt=0)
        if self.extension:
            qs = qs.filter(id__in=ExtensionRequest.objects.filter(status=ExtensionStatus.PENDING).values("demand_id"))
        return qs

    def as_query(self) -> dict[str, str]:
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value in (None, "", False):
                continue
            out[f.name] = "1" if value is True else str(value)
        return out
