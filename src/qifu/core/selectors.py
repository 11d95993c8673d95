"""Reads of the core app: the audit log as its readers filter it, with each actor's name and unit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from qifu.core.audit import action_label
from qifu.core.cleaning import clean_text, parse_day, parse_id
from qifu.core.models import AuditEvent
from qifu.core.workcalendar import SHANGHAI


@dataclass(frozen=True)
class AuditFilter:
    """The audit log's filters: who (a name, or a user's id), which action, which object, which period."""

    actor: str = ""
    actor_id: int | None = None
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @classmethod
    def parse(cls, params: Mapping[str, Any]) -> AuditFilter:
        def text(name: str, label: str, limit: int) -> str:
            return clean_text(name, label, params.get(name), required=False, max_length=limit)

        return cls(
            actor=text("actor", "操作人", 50),
            actor_id=parse_id("actor_id", "操作人", params.get("actor_id")),
            action=text("action", "动作", 60),
            object_type=text("object_type", "对象类型", 60),
            object_id=text("object_id", "对象ID", 60),
            date_from=parse_day("date_from", "开始日期", params.get("date_from")),
            date_to=parse_day("date_to", "结束日期", params.get("date_to")),
        )

    def apply(self, qs: QuerySet[AuditEvent]) -> QuerySet[AuditEvent]:
        if self.actor:
            users = (
                get_user_model()
                .objects.filter(Q(display_name__contains=self.actor) | Q(username=self.actor))
                .values("pk")
            )
            qs = qs.filter(actor_id__in=users)
        if self.actor_id is not None:
            qs = qs.filter(actor_id=self.actor_id)
        if self.action:
            qs = qs.filter(action=self.action)
        if self.object_type:
            qs = qs.filter(object_type=self.object_type)
        if self.object_id:
            qs = qs.filter(object_id=self.object_id)
        if self.date_from:
            qs = qs.filter(at__gte=dt.datetime.combine(self.date_from, dt.time(), tzinfo=SHANGHAI))
        if self.date_to:
            qs = qs.filter(at__lt=dt.datetime.combine(self.date_to + dt.timedelta(days=1), dt.time(), tzinfo=SHANGHAI))
        return qs

    def as_query(self) -> dict[str, str]:
        return {f.name: str(getattr(self, f.name)) for f in fields(self) if getattr(self, f.name) not in (None, "")}


def audit_events(filters: AuditFilter) -> QuerySet[AuditEvent]:
    return filters.apply(AuditEvent.objects.all())


def object_types() -> list[tuple[str, str]]:
    """(model label, Chinese name) of every model, for the object-type filter."""
    return sorted(
        ((m._meta.label_lower, str(m._meta.verbose_name)) for m in apps.get_models() if not m._meta.auto_created),
        key=lambda item: item[1],
    )


@dataclass(frozen=True)
class AuditRow:
    """One audit event as its readers see it: the action's label, the actor's name and unit."""

    event: AuditEvent
    actor_name: str
    actor_unit: str
    action_label: str
    object_label: str


def audit_rows(events: Iterable[AuditEvent]) -> list[AuditRow]:
    """The events with their actors' display names and departments (or enterprise, or park), one query for all."""
    events = list(events)
    ids = {e.actor_id for e in events if e.actor_id is not None}
    users = {
        u.pk: u for u in get_user_model().objects.filter(pk__in=ids).select_related("department", "enterprise", "park")
    }
    names = dict(object_types())
    rows = []
    for event in events:
        user = users.get(event.actor_id) if event.actor_id is not None else None
        unit = user and (user.department or user.enterprise or user.park)
        rows.append(
            AuditRow(
                event=event,
                actor_name=(user.display_name or user.username) if user else event.actor_label,
                actor_unit=str(unit.name) if unit else "",
                action_label=action_label(event.action),
                object_label=names.get(event.object_type, event.object_type),
            )
        )
    return rows
