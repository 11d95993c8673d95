"""The monthly department assessment (绩效考核): the measures this app declares (on-time rates of demands,
applications and claims, and reform task progress), the configurable weights, and the scorecards that combine
every measure registered under core.hooks.ASSESSMENT_MEASURE, whichever apps registered them.

A department's score, written out on the page with its own figures so that it can be recomputed by hand:

    rate_i  = numerator_i / denominator_i          (a measure where lower is better counts 1 − rate_i)
    score   = Σ weight_i × rate_i ÷ Σ weight_i × 100   over the measures with data (denominator > 0)

A measure with no data in the month (denominator 0) is shown as "无数据" and left out of both sums, so that a
department is neither rewarded nor punished for work it did not receive.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Sum

from qifu.accounts.models import User
from qifu.applications.models import ApplicationDailyCount
from qifu.core import hooks
from qifu.core.access import role_of
from qifu.core.assessment import Fraction, Measure
from qifu.core.audit import audit_record, register_action_labels
from qifu.core.choices import Role
from qifu.core.errors import FieldError, PermissionDenied, ValidationFailed
from qifu.core.models import DailyCount
from qifu.core.workcalendar import SHANGHAI
from qifu.demands.models import DemandDailyCount
from qifu.orgs.choices import DepartmentKind
from qifu.orgs.models import Department
from qifu.policies.models import PolicyClaim
from qifu.supervision.models import AssessmentWeight, ReformProgress, ReformTask

register_action_labels({"assessment.weights": "绩效考核 设置指标权重"})

MAX_WEIGHT = Decimal("100")


# ---------------------------------------------------------------- this app's measures


def _daily(model: type[DailyCount], department_id: int, start: dt.date, end: dt.date, num: str, den: str) -> Fraction:
    """A rate from an app's daily counters of one department: at most one row per day of the month."""
    rows = model._default_manager.filter(dimension="department", key_id=department_id, day__gte=start, day__lt=end)
    sums = rows.aggregate(n=Sum(num), d=Sum(den))
    return Fraction(int(sums["n"] or 0), int(sums["d"] or 0))


def demand_on_time(department_id: int, start: dt.date, end: dt.date) -> Fraction:
    """诉求按时办结率: demands the department replied to in the month, and of those, on time (demands' counters)."""
    return _daily(DemandDailyCount, department_id, start, end, "replied_on_time", "replied")


def application_on_time(department_id: int, start: dt.date, end: dt.date) -> Fraction:
    """办件按时办结率: applications the department decided in the month, and of those, by the promised date."""
    return _daily(ApplicationDailyCount, department_id, start, end, "decided_on_time", "decided")


def _moment(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=SHANGHAI)


def claim_on_time(department_id: int, start: dt.date, end: dt.date) -> Fraction:
    """政策申兑按时办结率: claims the department paid or refused in the month, and of those, by their deadline
    (over the claims' (department, status) index)."""
    closed = PolicyClaim.objects.filter(
        department_id=department_id,
        status__in=["disbursed", "denied"],
        closed_at__gte=_moment(start),
        closed_at__lt=_moment(end),
    )
    return Fraction(closed.filter(closed_at__lte=F("due_at")).count(), closed.count())


def reform_progress(department_id: int, start: dt.date, end: dt.date) -> Fraction:
    """改革任务按期推进率, over the tasks the department leads first: a dated task due in the month counts, and is
    on schedule when done by its deadline; a long-term task counts every month, and is on schedule when the
    month has a progress report."""
    led = ReformTask.objects.filter(department_id=department_id, created_at__lt=_moment(end))
    dated = led.filter(long_term=False, due_on__gte=start, due_on__lt=end)
    dated_kept = dated.filter(done_on__isnull=False, done_on__lte=F("due_on")).count()
    long_ids = list(led.filter(long_term=True).values_list("pk", flat=True))
    reported = (
        ReformProgress.objects.filter(task_id__in=long_ids, reported_on__gte=start, reported_on__lt=end)
        .values("task_id")
        .distinct()
        .count()
    )
    return Fraction(dated_kept + reported, dated.count() + len(long_ids))


MEASURES = [
    Measure("demand_on_time", "诉求按时办结率", 25, demand_on_time),
    Measure("application_on_time", "办件按时办结率", 25, application_on_time),
    Measure("claim_on_time", "政策申兑按时办结率", 10, claim_on_time),
    Measure("reform_progress", "改革任务按期推进率", 15, reform_progress),
]


def register_measures() -> None:
    for order, measure in enumerate(MEASURES):
        hooks.register(hooks.ASSESSMENT_MEASURE, measure, order=10 + order)


# ---------------------------------------------------------------- weights


def measures() -> list[Measure]:
    """Every registered measure, in registration order, one per code."""
    seen: dict[str, Measure] = {}
    for m in hooks.get_hooks(hooks.ASSESSMENT_MEASURE):
        seen.setdefault(m.code, m)
    return list(seen.values())


def weights() -> dict[str, Decimal]:
    """Each measure's weight: the one set on the weights page, else its default."""
    stored = dict(AssessmentWeight.objects.values_list("code", "weight"))
    return {
        m.code: Decimal(str(stored.get(m.code, Decimal(str(m.weight))))).quantize(Decimal("0.1")) for m in measures()
    }


@transaction.atomic
def weights_set(*, actor: User, values: Mapping[str, Decimal | None]) -> dict[str, Decimal]:
    """The centre sets the weights (0 leaves a measure out). Every weight between 0 and 100; not all 0."""
    if role_of(actor) not in (Role.ADMIN, Role.DISPATCHER):
        raise PermissionDenied()
    codes = {m.code for m in measures()}
    errors = {}
    for code in codes:
        value = values.get(code)
        if (
            value is None
            or not value.is_finite()
            or not (0 <= value <= MAX_WEIGHT)
            or value != value.quantize(Decimal("0.1"))
        ):
            errors[code] = "权重应为 0 到 100 之间的数，最多一位小数"
    if errors:
        raise ValidationFailed("权重有误：" + "；".join(errors.values()), [FieldError(c, m) for c, m in errors.items()])
    clean = {c: v for c, v in values.items() if c in codes and v is not None}
    if not any(clean[c] > 0 for c in codes):
        raise ValidationFailed.field(sorted(codes)[0], "至少一项指标的权重应大于 0")
    old = weights()
    for code in codes:
        AssessmentWeight.objects.update_or_create(code=code, defaults={"weight": clean[code], "updated_by": actor})
    audit_record(
        actor=actor,
        action="assessment.weights",
        object_type="assessment_weight",
        summary="设置绩效考核指标权重：" + "，".join(f"{c} {old.get(c)}→{clean[c]}" for c in sorted(codes)),
        data={c: str(clean[c]) for c in codes},
    )
    return weights()


# ---------------------------------------------------------------- scorecards


@dataclass(frozen=True)
class Line:
    code: str
    label: str
    weight: Decimal
    fraction: Fraction
    higher_is_better: bool

    @property
    def has_data(self) -> bool:
        return self.fraction.denominator > 0 and self.weight > 0

    @property
    def rate(self) -> Decimal | None:
        """The share scored: n/d, or 1 − n/d for a measure where lower is better (never below 0)."""
        if self.fraction.denominator == 0:
            return None
        share = Decimal(self.fraction.numerator) / Decimal(self.fraction.denominator)
        if not self.higher_is_better:
            share = max(Decimal(0), 1 - share)
        return min(share, Decimal(1))

    @property
    def term(self) -> str:
        """How the line enters the formula, as the page writes it: 25×18/20 or 10×(1−2/40)."""
        n, d = self.fraction.numerator, self.fraction.denominator
        if self.higher_is_better:
            return f"{self.weight}×{n}/{d}"
        return f"{self.weight}×(1−{n}/{d})"


@dataclass(frozen=True)
class Scorecard:
    department: Department
    lines: list[Line]
    rank: int = 0

    @property
    def weight_total(self) -> Decimal:
        return sum((line.weight for line in self.lines if line.has_data), Decimal(0))

    @property
    def score(self) -> Decimal | None:
        total = self.weight_total
        if total == 0:
            return None
        points = sum((line.weight * (line.rate or 0) for line in self.lines if line.has_data), Decimal(0))
        return (points / total * 100).quantize(Decimal("0.01"))

    @property
    def formula(self) -> str:
        used = [line for line in self.lines if line.has_data]
        if not used:
            return "本月各项指标均无数据，不计分"
        terms = " + ".join(line.term for line in used)
        weights_sum = " + ".join(str(line.weight) for line in used)
        return f"({terms}) ÷ ({weights_sum}) × 100 = {self.score}"


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    start = month.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1)
    return start, end


def assessed_departments() -> list[Department]:
    """The units assessed: every active department except the centre itself."""
    return list(
        Department.objects.filter(is_active=True).exclude(kind=DepartmentKind.CENTER).order_by("sort_order", "code")
    )


def scorecards(month: dt.date) -> list[Scorecard]:
    """Every assessed department's scorecard of the month, ranked by score (no score last)."""
    start, end = month_bounds(month)
    weight_of = weights()
    cards = []
    for department in assessed_departments():
        lines = [
            Line(m.code, m.label, weight_of[m.code], m.compute(department.pk, start, end), m.higher_is_better)
            for m in measures()
        ]
        cards.append(Scorecard(department, lines))
    ordered = sorted(cards, key=lambda c: (c.score is None, -(c.score or 0), c.department.sort_order))
    ranked = []
    rank = 0
    previous: Decimal | None = None
    for position, card in enumerate(ordered, start=1):
        if card.score is not None and card.score != previous:
            rank = position
        previous = card.score
        ranked.append(Scorecard(card.department, card.lines, rank if card.score is not None else 0))
    return ranked


__all__ = ["MEASURES", "Scorecard", "measures", "register_measures", "scorecards", "weights", "weights_set"]
