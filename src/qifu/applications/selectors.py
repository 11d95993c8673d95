"""Reads of applications, scoped to what the user may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from qifu.applications.choices import APPOINTMENT_SLOTS, AppointmentStatus
from qifu.applications.models import Application, Appointment, AppointmentSlot
from qifu.applications.permissions import (
    access_application_for,
    applications_visible_to,
    appointments_visible_to,
    sees_internal,
)
from qifu.core.models import TimelineEvent


def application_list_for(user: Any, status: str = "") -> QuerySet[Application]:
    qs = applications_visible_to(user).select_related("enterprise", "item_version", "bundle", "department")
    return qs.filter(status=status) if status else qs


def application_get_for(user: Any, application_id: int) -> Application:
    return access_application_for(user, application_id)


def timeline_for(user: Any, application: Application) -> QuerySet[TimelineEvent]:
    qs = TimelineEvent.objects.filter(subject_type="application", subject_id=application.pk).order_by("at", "id")
    return qs if sees_internal(user) else qs.filter(internal=False)


def appointment_list_for(
    user: Any, *, day: dt.date | None = None, window: str = "", upcoming: bool = False
) -> QuerySet[Appointment]:
    """Appointments a user sees: one day's (the hall's queue), or the live and future ones (the enterprise's)."""
    qs = appointments_visible_to(user).select_related("enterprise", "item", "bundle", "application")
    if day is not None:
        qs = qs.filter(day=day)
    if window:
        qs = qs.filter(window=window)
    if upcoming:
        qs = qs.filter(day__gte=timezone.localdate(), status=AppointmentStatus.BOOKED)
    return qs.order_by("day", "slot", "id")


def slots_left(window: str, days: list[dt.date], capacity: int) -> dict[dt.date, dict[str, int]]:
    """How many bookings each half hour of `days` still takes at `window`."""
    booked = {
        (s.day, s.slot): s.booked
        for s in AppointmentSlot.objects.filter(window=window, day__in=days).only("day", "slot", "booked")
    }
    return {d: {slot: max(capacity - booked.get((d, slot), 0), 0) for slot in APPOINTMENT_SLOTS} for d in days}
