"""The clocks of an application, in working days (行政许可法):

- Art. 32: the one-time notice within 5 working days of submission, or the application counts as accepted.
- Art. 42: the decision within the item's promised days from acceptance (legal default 20, +10 with the
  head's approval; joint handling 45, +15); Art. 45: paused time (hearings, tests, expert review) does not count.
- Art. 44: the result delivered within 10 working days of the decision.
- 容缺: the commitment's due date at most 20 working days away and at least 2 before the promised decision.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from qifu.core.deadlines import Deadline, compute
from qifu.core.workcalendar import get_calendar

NOTICE_DAYS = 5
COMMITMENT_MAX_DAYS = 20
COMMITMENT_MARGIN_DAYS = 2


def notice_due(submitted_on: dt.date) -> Deadline:
    return compute(submitted_on, NOTICE_DAYS)


def decision_due(start: dt.date, days: int, paused_days: int = 0) -> Deadline:
    """The decision deadline: `days` working days from acceptance, moved later by the paused working days."""
    return compute(start, days + paused_days)


def paused_workdays(paused_on: dt.date, resumed_on: dt.date) -> int:
    """Working days the clock stood still: after the day it was paused, up to and including the resume day."""
    return max(0, get_calendar().workdays_between(paused_on, resumed_on))


def delivery_due(decided_on: dt.date) -> Deadline:
    """Art. 44: the result delivered within QIFU_DELIVERY_DAYS (10) working days of the decision."""
    return compute(decided_on, settings.QIFU_DELIVERY_DAYS)


def handover_due(accepted_on: dt.date) -> Deadline:
    """The window hands an accepted case to its department within QIFU_HANDOVER_DAYS (1) working day."""
    return compute(accepted_on, settings.QIFU_HANDOVER_DAYS)


def commitment_problem(today: dt.date, due: dt.date, accepted_on: dt.date, promised_days: int) -> str | None:
    """None when a commitment's due date is allowed, else the Chinese reason."""
    calendar = get_calendar()
    if due <= today:
        return "承诺补交期限应晚于今天"
    if calendar.workdays_between(today, due) > COMMITMENT_MAX_DAYS:
        return f"承诺补交期限最长为{COMMITMENT_MAX_DAYS}个工作日"
    decision_day = calendar.add_workdays(accepted_on, promised_days)
    if calendar.workdays_between(due, decision_day) < COMMITMENT_MARGIN_DAYS:
        return f"承诺补交期限应至少早于承诺办结日（{decision_day:%Y-%m-%d}）{COMMITMENT_MARGIN_DAYS}个工作日"
    return None
