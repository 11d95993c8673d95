"""Supervision's reads: the one view of every late case the user may see (all registered kinds, merged by
deadline, keyset-paged), the orders and cards the user may see, and the cards counted per unit and per person.

Each kind is read through its own index: `LateSource.late_q` is a range on the deadline columns of the running
statuses, ordered by the deadline, and at most one page is read per kind, so the view costs the same at a
thousand open cases as at a million.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import CharField, Count, DateTimeField, ExpressionWrapper, F, IntegerField, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from qifu.core.choices import Light
from qifu.core.errors import ValidationFailed
from qifu.core.pagination import MAX_LIMIT
from qifu.core.supervised import LateSource, late_sources
from qifu.core.workcalendar import FIRST_DAY, get_calendar
from qifu.supervision.models import Card, CardColor, SupervisionOrder
from qifu.supervision.permissions import cards_visible_to, orders_visible_to


@dataclass(frozen=True)
class LateCase:
    """One case at `warning` or `overdue`, as the view and the API show it."""

    kind: str
    step: str
    kind_label: str
    id: int
    number: str
    title: str
    department_id: int | None
    due_at: dt.datetime
    light: str
    days_overdue: int

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.step}" if self.step else self.kind


def kinds() -> list[tuple[str, str]]:
    """(kind, Chinese name) of every registered kind, once each, for the filter."""
    seen: dict[str, str] = {}
    for source in late_sources():
        seen.setdefault(source.kind, source.label)
    return list(seen.items())


def _encode(due: dt.datetime, key: str, pk: int) -> str:
    raw = f"{due.isoformat()}|{key}|{pk}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str) -> tuple[dt.datetime, str, int]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        due_text, key, pk_text = raw.split("|")
        due = dt.datetime.fromisoformat(due_text)
        if due.tzinfo is None or not 1900 <= due.year <= 2100:
            raise ValueError(due_text)
        return due, key, int(pk_text)
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed.field("cursor", "分页游标无效") from None


def _after(source: LateSource, cursor: tuple[dt.datetime, str, int] | None) -> Q:
    """The rows of this source after the cursor in the merged order (deadline, source, id)."""
    if cursor is None:
        return Q()
    due, key, pk = cursor
    if source.key < key:
        return Q(**{f"{source.due}__gt": due})
    if source.key == key:
        return Q(**{f"{source.due}__gt": due}) | Q(**{source.due: due, "pk__gt": pk})
    return Q(**{f"{source.due}__gte": due})


def _column(path: str) -> Any:
    return F(path) if path else Value("", output_field=CharField())


def _rows(
    source: LateSource,
    user: Any,
    *,
    light: str,
    department_id: int | None,
    now: dt.datetime,
    after: tuple[dt.datetime, str, int] | None,
    n: int,
) -> list[dict[str, Any]]:
    """At most `n` late rows of one source after the cursor, by deadline. Every overdue case's deadline comes
    before every case at warning, so the overdue ones are read first, then (if the page is not full) those at
    warning; both walk the deadline index in order, read no other table, and stop at `n`. The warning time is
    read through Coalesce so that the planner keeps to the deadline index rather than range-scanning the
    warning index (which holds every overdue case too). The shown columns (number, title, department, which
    may follow relations) are read afterwards for those rows only."""
    qs = source.visible(user).filter(source.running_q())
    if department_id is not None:
        qs = _filter_department(qs, source, department_id)
    qs = qs.filter(_after(source, after))
    deadline = {
        "late_due": F(source.due),
        "late_warning": F(source.warning) if source.warning else Value(None, output_field=DateTimeField()),
    }
    rows: list[dict[str, Any]] = []
    if light in ("", Light.OVERDUE):
        overdue = qs.filter(**{f"{source.due}__lt": now}).order_by(source.due, "pk")
        rows += list(overdue.values("pk", **deadline)[:n])
    if light in ("", Light.WARNING) and source.warning and len(rows) < n:
        warning = (
            qs.filter(**{f"{source.due}__gte": now})
            .alias(late_warn_at=Coalesce(F(source.warning), F(source.due)))
            .filter(late_warn_at__lte=now)
            .order_by(source.due, "pk")
        )
        rows += list(warning.values("pk", **deadline)[: n - len(rows)])
    if not rows:
        return rows
    shown = source.model._default_manager.filter(pk__in=[r["pk"] for r in rows]).values(
        "pk",
        late_number=_column(source.number),
        late_title=_column(source.title),
        late_department=F(source.department),
    )
    by_pk = {r["pk"]: r for r in shown}
    return [{**r, **by_pk.get(r["pk"], {})} for r in rows]


def _filter_department(qs: QuerySet[Any], source: LateSource, department_id: int) -> QuerySet[Any]:
    """The department filter as a condition no index can serve (the column plus 0; for a related department,
    the related id plus 0 in a subquery), so that the planner keeps walking the deadline index in order rather
    than reading the whole department's cases (or each related row's) and sorting them."""
    path = source.department
    value: Any = department_id
    column, lookup = path, "exact"
    if "__" in path:
        hop, rest = path.split("__", 1)
        field = source.model._meta.get_field(hop)
        column, lookup = field.attname, "in"
        value = field.related_model._default_manager.filter(**{rest: department_id}).values("pk")
    shifted = ExpressionWrapper(F(column) + Value(0), output_field=IntegerField())
    return qs.alias(late_department_key=shifted).filter(**{f"late_department_key__{lookup}": value})


def late_page(
    user: Any,
    *,
    kind: str = "",
    light: str = "",
    department_id: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
    now: dt.datetime | None = None,
) -> tuple[list[LateCase], str | None]:
    """One page of the late cases the user may see, the most overdue first; `kind`, `light` ("warning" /
    "overdue" / "" for both) and `department_id` narrow it. Reads at most `limit + 1` rows per kind."""
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationFailed.field("limit", f"每页条数应在1到{MAX_LIMIT}之间")
    if light not in ("", Light.WARNING, Light.OVERDUE):
        raise ValidationFailed.field("light", "亮灯只能是 warning（预警）或 overdue（超期）")
    now = now or timezone.now()
    after = _decode(cursor) if cursor else None
    today = timezone.localdate(now)
    calendar = get_calendar()
    found: list[LateCase] = []
    for source in late_sources():
        if kind and source.kind != kind:
            continue
        for row in _rows(source, user, light=light, department_id=department_id, now=now, after=after, n=limit + 1):
            due = row["late_due"]
            shade = source.light(due, row["late_warning"], now) or Light.NORMAL
            # A deadline before the calendar's first day (a date typed long ago) counts from that first day.
            since = max(timezone.localdate(due), FIRST_DAY)
            late_days = calendar.workdays_between(since, today) if shade == Light.OVERDUE else 0
            found.append(
                LateCase(
                    kind=source.kind,
                    step=source.step,
                    kind_label=source.name,
                    id=row["pk"],
                    number=str(row["late_number"] or "") or f"{source.label}#{row['pk']}",
                    title=str(row["late_title"] or ""),
                    department_id=row["late_department"],
                    due_at=due,
                    light=shade,
                    days_overdue=late_days,
                )
            )
    found.sort(key=lambda c: (c.due_at, c.key, c.id))
    page = found[:limit]
    more = len(found) > limit
    return page, (_encode(page[-1].due_at, page[-1].key, page[-1].id) if more and page else None)


def late_case_for(user: Any, key: str, case_id: int) -> tuple[LateSource, Any] | None:
    """One case of a source, if the user may see it (the view's link to the case's own page)."""
    source = next((s for s in late_sources() if s.key == key), None)
    if source is None:
        return None
    case = source.visible(user).filter(pk=case_id).first()
    return (source, case) if case is not None else None


def orders_for(user: Any, *, department_id: int | None = None, open_only: bool = False) -> QuerySet[SupervisionOrder]:
    qs = orders_visible_to(user).select_related("department", "sent_by", "replied_by")
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    if open_only:
        qs = qs.filter(replied_at__isnull=True)
    return qs


def open_orders_count(user: Any) -> int:
    return orders_visible_to(user).filter(replied_at__isnull=True).count()


def cards_for(
    user: Any, *, color: str = "", department_id: int | None = None, person_id: int | None = None
) -> QuerySet[Card]:
    qs = cards_visible_to(user).select_related("department", "person", "annotated_by")
    if color:
        qs = qs.filter(color=color)
    if department_id is not None:
        qs = qs.filter(department_id=department_id)
    if person_id is not None:
        qs = qs.filter(person_id=person_id)
    return qs


@dataclass(frozen=True)
class CardTally:
    """Cards of one unit or one person: 黄牌, 红牌."""

    id: int | None
    name: str
    yellow: int
    red: int


def _tally(qs: QuerySet[Card], key: str, name: str) -> list[CardTally]:
    rows = (
        qs.order_by()
        .values(key, name)
        .annotate(
            yellow=Count("pk", filter=Q(color=CardColor.YELLOW)),
            red=Count("pk", filter=Q(color=CardColor.RED)),
        )
        .order_by("-red", "-yellow", key)
    )
    return [CardTally(r[key], r[name] or "（未指定）", r["yellow"], r["red"]) for r in rows]


def card_tallies(
    user: Any, *, start: dt.datetime | None = None, end: dt.datetime | None = None
) -> tuple[list[CardTally], list[CardTally]]:
    """Cards counted per unit and per person, over [start, end) of their issue time (the cards table's
    (department, issued_at) and (person, issued_at) indexes)."""
    qs = cards_visible_to(user)
    if start is not None:
        qs = qs.filter(issued_at__gte=start)
    if end is not None:
        qs = qs.filter(issued_at__lt=end)
    by_unit = _tally(qs, "department_id", "department__name")
    by_person = _tally(qs.filter(person__isnull=False), "person_id", "person__display_name")
    return by_unit, by_person
