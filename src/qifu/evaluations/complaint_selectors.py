"""Reads of complaints: the complaint ledger, the complaints not yet named, and the monthly analysis of the two
complaint ledgers (seed 004 第十五条: 总结现象背后的共性问题; 003 §7.2.3 定期汇总分析)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from django.db.models import Q, QuerySet

from qifu.core.workcalendar import SHANGHAI
from qifu.demands.choices import Channel, DemandKind
from qifu.demands.models import Demand
from qifu.demands.permissions import demands_visible_to
from qifu.evaluations.complaint_permissions import complaints_for
from qifu.evaluations.complaint_services import LEDGER_CHANNELS
from qifu.evaluations.models import Complaint

# Two titles are "the same problem" when this share of their character pairs is common (Jaccard of bigrams).
SIMILAR = 0.34


def complaint_list_for(
    user: Any, *, department_id: int | None = None, major: bool | None = None
) -> QuerySet[Complaint]:
    qs = complaints_for(user).select_related("demand", "department", "staff").prefetch_related("studies")
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    if major is not None:
        qs = qs.filter(major=major)
    return qs


def unnamed_complaints_for(user: Any) -> QuerySet[Demand]:
    """Complaint demands the user may see and name that no one has yet said what they are about."""
    return (
        demands_visible_to(user)
        .filter(Q(channel__in=LEDGER_CHANNELS) | Q(kind=DemandKind.COMPLAINT))
        .filter(complaint__isnull=True)
        .select_related("enterprise", "category")
    )


def month_bounds(month: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime(month.year, month.month, 1, tzinfo=SHANGHAI)
    end = dt.datetime(month.year + (month.month == 12), month.month % 12 + 1, 1, tzinfo=SHANGHAI)
    return start, end


def _pairs(text: str) -> set[str]:
    chars = [c for c in text if not c.isspace() and c not in "，。、；：！？,.;:!?“”\"'（）()《》"]
    return {a + b for a, b in pairwise(chars)} or set(chars)


def similarity(a: str, b: str) -> float:
    pa, pb = _pairs(a), _pairs(b)
    if not pa or not pb:
        return 0.0
    return len(pa & pb) / len(pa | pb)


@dataclass
class Group:
    """One common problem: the demands whose titles are alike, counted, with the units complained of."""

    label: str
    subject: str = ""
    numbers: list[str] = field(default_factory=list)
    units: Counter[str] = field(default_factory=Counter)
    titles: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.numbers)

    @property
    def unit_text(self) -> list[str]:
        return [f"{name}（{n}）" for name, n in self.units.most_common()]


@dataclass
class CategoryGroups:
    category: str
    groups: list[Group]

    @property
    def count(self) -> int:
        return sum(g.count for g in self.groups)


@dataclass
class Ledger:
    channel: str
    name: str
    categories: list[CategoryGroups]
    units: list[tuple[str, int]]

    @property
    def count(self) -> int:
        return sum(c.count for c in self.categories)


@dataclass
class Analysis:
    month: dt.date
    ledgers: list[Ledger]

    @property
    def count(self) -> int:
        return sum(ledger.count for ledger in self.ledgers)


def _group(demands: list[Demand]) -> list[Group]:
    """Complaints named with the same matter form one problem under that matter; other titles alike (by character
    pairs, against every title already in a group) form one problem under the first title."""
    groups: list[Group] = []
    by_subject: dict[str, Group] = {}
    for d in demands:
        text = d.title
        complaint = getattr(d, "complaint", None)
        subject = complaint.subject if complaint else ""
        best: Group | None = by_subject.get(subject) if subject else None
        if best is None and not subject:
            score = 0.0
            for g in groups:
                if g.subject:
                    continue
                s = max(similarity(text, t) for t in g.titles)
                if s > score:
                    best, score = g, s
            if score < SIMILAR:
                best = None
        if best is None:
            best = Group(label=subject or text, subject=subject)
            groups.append(best)
            if subject:
                by_subject[subject] = best
        best.numbers.append(d.number)
        best.titles.append(text)
        best.units[complaint.department.name if complaint else "未认定"] += 1
    return sorted(groups, key=lambda g: (-g.count, g.label))


def monthly_analysis(user: Any, month: dt.date) -> Analysis:
    """Each ledger's complaints of the month the user may see: by category, then by common problem, counted."""
    start, end = month_bounds(month)
    rows = list(
        demands_visible_to(user)
        .filter(channel__in=LEDGER_CHANNELS, created_at__gte=start, created_at__lt=end)
        .select_related("category", "complaint__department")
        .order_by("created_at", "pk")
    )
    ledgers = []
    for channel in LEDGER_CHANNELS:
        mine = [d for d in rows if d.channel == channel]
        by_category: dict[str, list[Demand]] = {}
        for d in mine:
            by_category.setdefault(d.category.name, []).append(d)
        categories = [CategoryGroups(name, _group(ds)) for name, ds in by_category.items()]
        categories.sort(key=lambda c: (-c.count, c.category))
        units: Counter[str] = Counter()
        for d in mine:
            complaint = getattr(d, "complaint", None)
            units[complaint.department.name if complaint else "未认定"] += 1
        ledgers.append(Ledger(channel, Channel(channel).label, categories, units.most_common()))
    return Analysis(month=month, ledgers=ledgers)


def analysis_rows(analysis: Analysis) -> list[list[Any]]:
    """The analysis as the spreadsheet's rows: ledger, category, common problem, count, demands, units."""
    return [
        [ledger.name, c.category, g.label, g.count, "、".join(g.numbers), "；".join(g.unit_text)]
        for ledger in analysis.ledgers
        for c in ledger.categories
        for g in c.groups
    ]
