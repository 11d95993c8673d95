"""One class of problems (一类问题, seed 001: "通过解决一个问题带动破解一类问题、优化一类服务"): the monthly analysis
that groups demands by category and similar text, the centre's record of a class (root cause, systemic measure,
linked demands), the effect of the measure (new demands of the class per month), and the most frequent classes
offered to their departments as candidates for the 容缺 catalogue (seed 000).

Text similarity is knowledge.similarity's (the one used at intake too)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, QuerySet

from qifu.accounts.models import User
from qifu.core.access import DEPARTMENT_ROLES, SEE_ALL, role_of
from qifu.core.audit import audit_record, register_action_labels
from qifu.core.choices import Role
from qifu.core.errors import Conflict, FieldError, NotFound, PermissionDenied, ValidationFailed
from qifu.core.services import notify
from qifu.core.workcalendar import SHANGHAI
from qifu.demands.models import Demand, DemandCategory
from qifu.knowledge.similarity import group_similar, similarity
from qifu.supervision.models import ProblemClass

register_action_labels(
    {
        "problem_class.create": "一类问题 登记根源和系统性措施",
        "problem_class.candidate": "一类问题 推荐为容缺受理目录候选",
    }
)

MIN_DEMANDS = 3  # a class is listed from 3 demands (issue 13)
THRESHOLD = float(getattr(settings, "QIFU_CLASS_SIMILARITY", 0.35))  # knowledge.similarity score to be alike
MAX_DEMANDS = 5000  # demands of one month the analysis reads at most (the newest)
EXCLUDED = ("withdrawn", "merged")
CENTRE = frozenset({Role.ADMIN, Role.DISPATCHER})


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=SHANGHAI)


def text_of(demand: Demand) -> str:
    """What is compared: the title and the start of the content."""
    return f"{demand.title} {demand.content[:100]}"


def _month_demands(start: dt.date, end: dt.date, category_id: int | None = None) -> QuerySet[Demand]:
    qs = Demand.objects.filter(created_at__gte=_moment(start), created_at__lt=_moment(end)).exclude(status__in=EXCLUDED)
    if category_id is not None:
        qs = qs.filter(category_id=category_id)
    return qs


@dataclass(frozen=True)
class Group:
    """A class found by the analysis: demands of one category alike in text."""

    category: DemandCategory
    demands: list[Demand]
    department_id: int | None

    @property
    def title(self) -> str:
        return self.demands[0].title

    @property
    def ids(self) -> list[int]:
        return [d.pk for d in self.demands]


def analyse(month: dt.date) -> list[Group]:
    """The month's classes with 3 or more demands, largest first: by category, then by similar text."""
    start = month_start(month)
    rows = list(
        _month_demands(start, next_month(start))
        .select_related("category")
        .only("id", "number", "title", "content", "category", "lead_department_id", "status", "created_at")
        .order_by("-id")[:MAX_DEMANDS]
    )
    by_category: dict[int, list[Demand]] = {}
    for demand in reversed(rows):
        by_category.setdefault(demand.category_id, []).append(demand)
    groups = []
    for demands in by_category.values():
        if len(demands) < MIN_DEMANDS:
            continue
        for indices in group_similar([text_of(d) for d in demands], THRESHOLD):
            if len(indices) >= MIN_DEMANDS:
                members = [demands[i] for i in indices]
                departments = Counter(d.lead_department_id for d in members if d.lead_department_id)
                top = departments.most_common(1)[0][0] if departments else None
                groups.append(Group(members[0].category, members, top))
    return sorted(groups, key=lambda g: (-len(g.demands), g.category.code, g.ids[0]))


# ---------------------------------------------------------------- access


def classes_visible_to(user: Any) -> QuerySet[ProblemClass]:
    """The centre and the supervisor see every class; a department the classes its demands mostly went to."""
    qs = ProblemClass.objects.all()
    role = role_of(user)
    if role in SEE_ALL:
        return qs
    if role in DEPARTMENT_ROLES and user.department_id is not None:
        return qs.filter(department_id=user.department_id)
    return qs.none()


def access_class_for(user: Any, class_id: int) -> ProblemClass:
    found = classes_visible_to(user).select_related("category", "department").filter(pk=class_id).first()
    if found is None:
        raise NotFound()
    return found


# ---------------------------------------------------------------- writes


@transaction.atomic
def problem_class_create(
    *,
    actor: User,
    month: dt.date,
    category: str,
    demand_ids: Sequence[int],
    title: str,
    root_cause: str,
    measure_kind: str,
    measure: str,
    measure_on: dt.date,
) -> ProblemClass:
    """The centre records a class: its root cause and the systemic measure taken, linked to its demands (3 or
    more of one category)."""
    if role_of(actor) not in CENTRE:
        raise PermissionDenied()
    errors: list[FieldError] = []
    found = DemandCategory.objects.filter(code=category).first()
    if found is None:
        errors.append(FieldError("category", "诉求类别不存在"))
    ids = list(dict.fromkeys(demand_ids))
    demands = list(Demand.objects.filter(pk__in=ids).exclude(status__in=EXCLUDED))
    if len(demands) != len(ids):
        errors.append(FieldError("demand_ids", "关联的诉求不存在或已撤回、合并"))
    elif len(demands) < MIN_DEMANDS:
        errors.append(FieldError("demand_ids", f"一类问题至少关联{MIN_DEMANDS}件诉求"))
    elif found is not None and any(d.category_id != found.pk for d in demands):
        errors.append(FieldError("demand_ids", "关联的诉求应属于同一诉求类别"))
    if errors or found is None:
        raise ValidationFailed("一类问题信息有误：" + "；".join(e.message for e in errors), errors)
    departments = Counter(d.lead_department_id for d in demands if d.lead_department_id)
    demands.sort(key=lambda d: d.pk)
    record = ProblemClass.objects.create(
        title=title,
        category=found,
        department_id=departments.most_common(1)[0][0] if departments else None,
        month=month_start(month),
        sample="\n".join(text_of(d) for d in demands[:20]),
        root_cause=root_cause,
        measure_kind=measure_kind,
        measure=measure,
        measure_on=measure_on,
        created_by=actor,
    )
    record.demands.set(demands)
    audit_record(
        actor=actor,
        action="problem_class.create",
        obj=record,
        summary=f"一类问题“{title}”（{len(demands)}件诉求）：{measure}"[:500],
        data={"demand_ids": [d.pk for d in demands], "measure_kind": measure_kind},
    )
    return record


@transaction.atomic
def problem_class_offer(*, actor: User, class_id: int) -> ProblemClass:
    """The centre offers a frequent class to its department as a candidate for the 容缺 catalogue; the
    department's heads are told."""
    if role_of(actor) not in CENTRE:
        raise PermissionDenied()
    record = access_class_for(actor, class_id)
    if record.department_id is None:
        raise Conflict("该类问题的诉求尚未交办到部门，无法推荐")
    if not ProblemClass.objects.filter(pk=record.pk, candidate=False).update(candidate=True):
        raise Conflict("该类问题已推荐为容缺受理目录候选")
    record.refresh_from_db()
    heads = list(User.objects.filter(department_id=record.department_id, role=Role.DEPARTMENT_HEAD, is_active=True))
    notify(
        recipients=heads,
        title=f"容缺受理目录候选：{record.title}"[:200],
        body=f"企业反映高频的“{record.title}”（{record.demands.count()}件诉求），请研究纳入容缺受理目录。",
        link=f"/supervision/classes/{record.pk}/",
    )
    audit_record(actor=actor, action="problem_class.candidate", obj=record, summary=f"推荐“{record.title}”为容缺候选")
    return record


# ---------------------------------------------------------------- effect and candidates


@dataclass(frozen=True)
class MonthCount:
    month: dt.date
    count: int
    after: bool  # the month is after the measure's month


def effect(record: ProblemClass, *, months_before: int = 3, today: dt.date | None = None) -> list[MonthCount]:
    """New demands of the class per month, from a few months before the measure to this month: a demand of the
    class's category alike (THRESHOLD) to one of the class's demands counts."""
    from django.utils import timezone

    today = today or timezone.localdate()
    first = month_start(record.measure_on)
    for _ in range(months_before):
        first = month_start(first - dt.timedelta(days=1))
    samples = [line for line in record.sample.splitlines() if line.strip()]
    out = []
    month = first
    while month <= month_start(today):
        texts = [
            text_of(d)
            for d in _month_demands(month, next_month(month), record.category_id)
            .only("id", "title", "content")
            .order_by("-id")[:MAX_DEMANDS]
        ]
        count = sum(1 for t in texts if any(similarity(t, s) >= THRESHOLD for s in samples))
        out.append(MonthCount(month, count, month > month_start(record.measure_on)))
        month = next_month(month)
    return out


def frequent_classes(user: Any, limit: int = 10) -> QuerySet[ProblemClass]:
    """The classes with the most demands, first: the candidates for the 容缺 catalogue."""
    return (
        classes_visible_to(user)
        .select_related("category", "department")
        .annotate(size=Count("demands"))
        .order_by("-size", "-id")[:limit]
    )
