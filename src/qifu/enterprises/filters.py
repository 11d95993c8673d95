"""The enterprise list's filters, parsed once for the page and the API."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from qifu.core.cleaning import parse_id
from qifu.core.errors import ValidationFailed
from qifu.enterprises.choices import LifecycleStage, Scale
from qifu.enterprises.models import Enterprise, Stewardship

STALE_LEDGER_DAYS = 30


@dataclass(frozen=True)
class EnterpriseFilter:
    q: str = ""
    park_id: int | None = None
    town_id: int | None = None
    scale: str = ""
    lifecycle_stage: str = ""
    tag: str = ""
    industry: str = ""
    unassigned: bool = False  # no officer in charge
    stale: bool = False  # no ledger entry in the last 30 days

    @classmethod
    def parse(cls, params: Mapping[str, Any]) -> EnterpriseFilter:
        def number(name: str) -> int | None:
            return parse_id(name, "所属园区" if name == "park_id" else "所属镇街", params.get(name))

        scale = str(params.get("scale") or "").strip()
        if scale and scale not in Scale.values:
            raise ValidationFailed.field("scale", "企业规模筛选值无效")
        stage = str(params.get("lifecycle_stage") or "").strip()
        if stage and stage not in LifecycleStage.values:
            raise ValidationFailed.field("lifecycle_stage", "生命周期阶段筛选值无效")
        return cls(
            q=str(params.get("q") or "").strip()[:100],
            park_id=number("park_id"),
            town_id=number("town_id"),
            scale=scale,
            lifecycle_stage=stage,
            tag=str(params.get("tag") or "").strip()[:30],
            industry=str(params.get("industry") or "").strip().upper()[:5],
            unassigned=str(params.get("unassigned") or "") == "1",
            stale=str(params.get("stale") or "") == "1",
        )

    def apply(self, qs: QuerySet[Enterprise]) -> QuerySet[Enterprise]:
        if self.q:
            code = self.q.upper()
            qs = qs.filter(Q(name__contains=self.q) | Q(uscc__startswith=code))
        if self.park_id is not None:
            qs = qs.filter(park_id=self.park_id)
        if self.town_id is not None:
            qs = qs.filter(town_id=self.town_id)
        if self.scale:
            qs = qs.filter(scale=self.scale)
        if self.lifecycle_stage:
            qs = qs.filter(lifecycle_stage=self.lifecycle_stage)
        if self.tag:
            qs = qs.filter(tags__name=self.tag)
        if self.industry:
            qs = qs.filter(industry_code__startswith=self.industry)
        if self.unassigned:
            # A subquery, not exclude(stewardships__ended_on=None): the join would count "no stewardship" as open.
            qs = qs.exclude(id__in=Stewardship.objects.filter(ended_on__isnull=True).values("enterprise_id"))
        if self.stale:
            since = timezone.localdate() - dt.timedelta(days=STALE_LEDGER_DAYS)
            qs = qs.exclude(ledger_entries__entry_date__gte=since)
        return qs

    def as_query(self) -> dict[str, str]:
        """The non-empty filters as query parameters (for links and the export)."""
        values = {
            "q": self.q,
            "park_id": self.park_id,
            "town_id": self.town_id,
            "scale": self.scale,
            "lifecycle_stage": self.lifecycle_stage,
            "tag": self.tag,
            "industry": self.industry,
            "unassigned": "1" if self.unassigned else "",
            "stale": "1" if self.stale else "",
        }
        return {k: str(v) for k, v in values.items() if v not in (None, "")}
