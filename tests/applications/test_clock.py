"""The application clocks: paused time never counts; commitment limits; the 5-day notice clock."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qifu.applications import clock
from qifu.core.workcalendar import SHANGHAI, get_calendar

pytestmark = pytest.mark.django_db
DAYS = st.dates(min_value=dt.date(2004, 1, 1), max_value=dt.date(2026, 10, 31))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(start=DAYS, days=st.integers(1, 45), pause_after=st.integers(0, 60), pause_length=st.integers(0, 40))
def test_paused_working_days_are_never_counted(
    cast: object, start: dt.date, days: int, pause_after: int, pause_length: int
) -> None:
    calendar = get_calendar()
    paused_on = start + dt.timedelta(days=pause_after)
    resumed_on = paused_on + dt.timedelta(days=pause_length)
    paused = clock.paused_workdays(paused_on, resumed_on)
    due = clock.decision_due(start, days, paused).due_at.astimezone(SHANGHAI).date()
    assert calendar.is_workday(due)
    # The working days the clock ran: all those up to the deadline, minus those it stood still.
    assert calendar.workdays_between(start, due) - paused == days
    assert paused == calendar.workdays_between(paused_on, resumed_on)


def test_commitment_limits(cast: object) -> None:
    today = dt.date(2026, 11, 2)
    assert clock.commitment_problem(today, dt.date(2026, 11, 10), today, 10) is None
    assert "最长为20个工作日" in (clock.commitment_problem(today, dt.date(2026, 12, 30), today, 60) or "")
    # promised decision on 11-16: the due date must leave at least 2 working days
    assert "至少早于承诺办结日" in (clock.commitment_problem(today, dt.date(2026, 11, 13), today, 10) or "")
    assert clock.commitment_problem(today, dt.date(2026, 11, 12), today, 10) is None
    assert clock.commitment_problem(today, today, today, 10) is not None


def test_notice_clock_is_five_working_days_across_a_holiday(cast: object) -> None:
    due = clock.notice_due(dt.date(2025, 9, 29)).due_at.astimezone(SHANGHAI)  # National Day week follows
    assert due.date() == dt.date(2025, 10, 13)  # 9-30, (10-1..10-8 off), 10-9, 10-10, 10-11 (make-up Sat), 10-13
