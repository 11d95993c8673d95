"""Reads of ratings and rectification cases: the summary figures (one source for every satisfaction figure),
the scoped lists and the public monthly results."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from qifu.core.access import sees_internal
from qifu.core.models import TimelineEvent
from qifu.core.workcalendar import SHANGHAI
from qifu.evaluations.choices import BAD_LEVELS, SATISFIED_LEVELS, Level, RectificationStatus
from qifu.evaluations.models import Rating, Rectification


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0, 0), tzinfo=SHANGHAI)


def ratings_in(
    *,
    start: dt.date | None,
    end: dt.date | None,
    department_id: int | None = None,
    staff_id: int | None = None,
) -> QuerySet[Rating]:
    """Every rating (excluded ones too) made in [start, end] (whole days, Asia/Shanghai), of one unit or person."""
    qs = Rating.objects.all()
    if start is not None:
        qs = qs.filter(created_at__gte=_day_start(start))
    if end is not None:
        qs = qs.filter(created_at__lt=_day_start(end + dt.timedelta(days=1)))
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    if staff_id is not None:
        qs = qs.filter(staff_id=staff_id)
    return qs


def _case_figures(counted: QuerySet[Rating]) -> dict[str, int]:
    cases = Rectification.objects.filter(rating__in=counted.filter(level__in=BAD_LEVELS))
    return cases.aggregate(
        called_back=Count("id", filter=Q(called_back_at__isnull=False)),
        on_time=Count("id", filter=Q(status=RectificationStatus.CLOSED, closed_at__lte=F("due_at"))),
        rectified=Count("id", filter=Q(status=RectificationStatus.CLOSED)),
    )


def rectification_counts(
    *, start: dt.date | None, end: dt.date | None, department_id: int | None = None
) -> dict[str, int]:
    """The bad reviews (not excluded) of the period and how many of their cases were closed, closed on time and
    called back."""
    counted = ratings_in(start=start, end=end, department_id=department_id).filter(excluded=False)
    return {"bad": counted.filter(level__in=BAD_LEVELS).count(), **_case_figures(counted)}


def rating_summary(
    *,
    start: dt.date | None,
    end: dt.date | None,
    department_id: int | None = None,
    staff_id: int | None = None,
) -> dict[str, Any]:
    """The figures of `GET /api/v1/ratings/summary` for the ratings made from `start` to `end` (both included):
    `count`, `by_level` ("1" … "5"), `satisfaction_rate` (基本满意 and above / count), `bad_count`,
    `callback_rate` (bad reviews called back / bad reviews), `rectified_on_time_rate` (closed by the deadline /
    bad reviews) and `excluded` (the number excluded on appeal; they count nowhere else)."""
    qs = ratings_in(start=start, end=end, department_id=department_id, staff_id=staff_id)
    excluded = qs.filter(excluded=True).count()
    counted = qs.filter(excluded=False)
    by_level = {str(level): 0 for level in Level.values}
    for row in counted.values("level").annotate(n=Count("id")).order_by():
        by_level[str(row["level"])] = row["n"]
    count = sum(by_level.values())
    satisfied = sum(by_level[str(level)] for level in SATISFIED_LEVELS)
    bad = sum(by_level[str(level)] for level in BAD_LEVELS)
    figures = _case_figures(counted)
    return {
        "count": count,
        "by_level": by_level,
        "satisfaction_rate": _rate(satisfied, count),
        "bad_count": bad,
        "callback_rate": _rate(figures["called_back"], bad),
        "rectification_rate": _rate(figures["rectified"], bad),
        "rectified_on_time_rate": _rate(figures["on_time"], bad),
        "excluded": excluded,
    }


# ------------------------------------------------------------ lists


def rating_list_for(user: Any, *, level: int | None = None) -> QuerySet[Rating]:
    from qifu.evaluations.permissions import ratings_visible_to

    qs = ratings_visible_to(user).select_related("department", "enterprise", "staff", "rectification")
    if level is not None:
        qs = qs.filter(level=level)
    return qs


def rectification_list_for(user: Any, *, status: str = "", department_id: int | None = None) -> QuerySet[Rectification]:
    from qifu.evaluations.permissions import rectifications_visible_to

    qs = rectifications_visible_to(user).select_related("rating", "rating__enterprise", "department")
    if status:
        qs = qs.filter(status=status)
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    return qs


def timeline_for(user: Any, case: Rectification) -> QuerySet[TimelineEvent]:
    qs = TimelineEvent.objects.filter(subject_type="rectification", subject_id=case.pk).order_by("at", "id")
    return qs if sees_internal(user) else qs.filter(internal=False)


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    """The first and last day of `month`'s month."""
    first = month.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


@dataclass(frozen=True)
class DepartmentResult:
    department_id: int
    name: str
    count: int
    satisfaction_rate: float | None
    bad_count: int
    rectification_rate: float | None


def public_results(month: dt.date) -> list[DepartmentResult]:
    """评价结果公开: each department's satisfaction rate, bad-review count and rectification rate for the month
    (excluded ratings left out), the departments rated in the month first by name."""
    start, end = month_bounds(month)
    rated = ratings_in(start=start, end=end).filter(excluded=False, department__isnull=False)
    rows = (
        rated.values("department_id", "department__name")
        .annotate(
            n=Count("id"),
            satisfied=Count("id", filter=Q(level__in=SATISFIED_LEVELS)),
            bad=Count("id", filter=Q(level__in=BAD_LEVELS)),
            rectified=Count("id", filter=Q(level__in=BAD_LEVELS, rectification__status=RectificationStatus.CLOSED)),
        )
        .order_by("department__name")
    )
    return [
        DepartmentResult(
            department_id=row["department_id"],
            name=row["department__name"],
            count=row["n"],
            satisfaction_rate=_rate(row["satisfied"], row["n"]),
            bad_count=row["bad"],
            rectification_rate=_rate(row["rectified"], row["bad"]),
        )
        for row in rows
    ]


def department_figures(start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """The dashboard's 好差评 table: per serving unit, the ratings of [start, end] (excluded ones left out) with
    their satisfaction, bad reviews, callback, rectification and on-time rates (percent, one decimal), and a
    total row; the same figures as `rating_summary` for that unit."""

    def percent(value: float | None) -> float | None:
        return None if value is None else round(value * 100, 1)

    rated = ratings_in(start=start, end=end).filter(excluded=False)
    units = list(rated.values_list("department_id", "department__name").distinct().order_by("department__name"))
    rows: list[dict[str, Any]] = []
    for department_id, name in [*units, (None, "合计")]:
        if department_id is None and name != "合计":
            continue  # a service no unit answers for (counted in the total)
        s = rating_summary(start=start, end=end, department_id=department_id)
        rows.append(
            {
                "id": department_id,
                "label": name,
                "count": s["count"],
                "satisfaction_rate": percent(s["satisfaction_rate"]),
                "bad_count": s["bad_count"],
                "callback_rate": percent(s["callback_rate"]),
                "rectification_rate": percent(s["rectification_rate"]),
                "rectified_on_time_rate": percent(s["rectified_on_time_rate"]),
            }
        )
    return rows
