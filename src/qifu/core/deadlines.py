"""Deadlines in working days and their lights, one module for every kind of case.

The start day is not counted; a deadline runs out at 23:59:59 Asia/Shanghai of its last working day.
The light turns `warning` when at most QIFU_WARNING_SHARE (20%) of the working days, and at least the
last working day, is left; `overdue` after the deadline. Cases store `due_at` and `warning_at` so that
lists filter by light in SQL (`light_q`) and the watch tasks read an index, never a scan.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from qifu.core.choices import Light
from qifu.core.workcalendar import SHANGHAI, end_of_day, get_calendar


@dataclass(frozen=True)
class Deadline:
    due_at: dt.datetime
    warning_at: dt.datetime
    calendar_confirmed: bool


def compute(start: dt.date, days: int) -> Deadline:
    """The deadline `days` working days after `start`; 0 means the same working day (or the next, on a day off)."""
    calendar = get_calendar()
    if days == 0:
        due_day = calendar.next_workday(start)
        warn_day = due_day
    else:
        due_day = calendar.add_workdays(start, days)
        left = max(1, math.ceil(days * settings.QIFU_WARNING_SHARE))
        warn_day = calendar.add_workdays(start, days - left + 1)
    return Deadline(
        due_at=end_of_day(due_day),
        warning_at=dt.datetime.combine(warn_day, dt.time(0, 0), tzinfo=SHANGHAI),
        calendar_confirmed=calendar.is_confirmed(start, due_day),
    )


def light(due_at: dt.datetime | None, warning_at: dt.datetime | None, now: dt.datetime | None = None) -> str | None:
    """normal / warning / overdue for a running deadline; None when there is none."""
    if due_at is None:
        return None
    now = now or timezone.now()
    if now > due_at:
        return Light.OVERDUE
    if warning_at is not None and now >= warning_at:
        return Light.WARNING
    return Light.NORMAL


def light_q(wanted: str, now: dt.datetime | None = None) -> Q:
    """The SQL condition on `due_at` / `warning_at` for one light (the caller restricts to running statuses)."""
    now = now or timezone.now()
    if wanted == Light.OVERDUE:
        return Q(due_at__lt=now)
    if wanted == Light.WARNING:
        return Q(warning_at__lte=now, due_at__gte=now)
    return Q(warning_at__gt=now)
