"""Demand deadlines in working days (seed 001): simple = the same working day, general 5-15, complex 30.

The start day is not counted; a deadline runs out at 23:59:59 Asia/Shanghai of its last working
day. The light turns `warning` when at most QIFU_WARNING_SHARE (20%) of the working days, and at
least the last working day, is left; `overdue` after the deadline.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.utils import timezone

from qifu.core.errors import ValidationFailed
from qifu.core.workcalendar import SHANGHAI, end_of_day, get_calendar
from qifu.demands.choices import TIMED_STATUSES, Complexity, Light

GENERAL_MIN, GENERAL_MAX, COMPLEX_DAYS = 5, 15, 30


@dataclass(frozen=True)
class Deadline:
    due_at: dt.datetime
    warning_at: dt.datetime
    calendar_confirmed: bool


def days_for(complexity: str, days: int | None, default: int) -> int:
    """The working days a dispatcher may grant for a complexity (ValidationFailed naming `days` otherwise)."""
    if complexity == Complexity.SIMPLE:
        return 0
    if complexity == Complexity.COMPLEX:
        if days not in (None, COMPLEX_DAYS):
            raise ValidationFailed.field("days", f"复杂类诉求办理时限为{COMPLEX_DAYS}个工作日")
        return COMPLEX_DAYS
    if complexity == Complexity.GENERAL:
        chosen = days if days is not None else min(max(default, GENERAL_MIN), GENERAL_MAX)
        if not GENERAL_MIN <= chosen <= GENERAL_MAX:
            raise ValidationFailed.field("days", f"一般类诉求办理时限应为{GENERAL_MIN}至{GENERAL_MAX}个工作日")
        return chosen
    raise ValidationFailed.field("complexity", "复杂程度应为简单类、一般类或复杂类")


def compute(start: dt.date, days: int) -> Deadline:
    """The deadline `days` working days after `start`; 0 means the same working day."""
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


def light(demand: Any, now: dt.datetime | None = None) -> str | None:
    """normal / warning / overdue for a demand whose deadline runs; None otherwise."""
    if demand.status not in TIMED_STATUSES or demand.due_at is None:
        return None
    now = now or timezone.now()
    if now > demand.due_at:
        return Light.OVERDUE
    if demand.warning_at is not None and now >= demand.warning_at:
        return Light.WARNING
    return Light.NORMAL
