"""Working-day arithmetic in O(1) per query from precomputed per-day arrays.

Days from 2000-01-01 to 2099-12-31 are numbered; `_cum[i]` is the number of working days
on or before day i, and `_pos[k]` is the day number of the (k+1)-th working day. Adding N
working days is one lookup in each; counting is one subtraction. Only confirmed years
apply their holidays and make-up days; other years count Monday to Friday, and every
answer that touches one says so (`confirmed` False).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from array import array
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings

FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)
_FIRST_ORDINAL = FIRST_DAY.toordinal()
_SPAN = LAST_DAY.toordinal() - _FIRST_ORDINAL + 1
SHANGHAI = ZoneInfo("Asia/Shanghai")


class CalendarRangeError(ValueError):
    """A date outside the range the calendar covers."""


class WorkCalendar:
    """An immutable working-day calendar built from the special days of the confirmed years."""

    def __init__(self, special_days: dict[dt.date, bool], confirmed_years: Iterable[int]) -> None:
        """`special_days` maps a date to True (make-up working day) or False (holiday)."""
        self.confirmed_years = frozenset(confirmed_years)
        cum = array("i", bytes(4 * _SPAN))
        pos = array("i")
        count = 0
        day = FIRST_DAY
        one = dt.timedelta(days=1)
        for i in range(_SPAN):
            working = special_days.get(day)
            if working is None:
                working = day.weekday() < 5
            if working:
                pos.append(i)
                count += 1
            cum[i] = count
            day += one
        self._cum = cum
        self._pos = pos

    @staticmethod
    def _index(day: dt.date) -> int:
        i = day.toordinal() - _FIRST_ORDINAL
        if not 0 <= i < _SPAN:
            raise CalendarRangeError(f"日期 {day} 超出日历范围 {FIRST_DAY} 至 {LAST_DAY}")
        return i

    def is_workday(self, day: dt.date) -> bool:
        i = self._index(day)
        return self._cum[i] != (self._cum[i - 1] if i else 0)

    def add_workdays(self, start: dt.date, days: int) -> dt.date:
        """The `days`-th working day after `start` (the start day is not counted); `start` for 0."""
        if days < 0:
            raise ValueError("工作日数不能为负")
        if days == 0:
            return start
        k = self._cum[self._index(start)] + days
        if k > len(self._pos):
            raise CalendarRangeError(f"{start} 之后第 {days} 个工作日超出日历范围")
        return dt.date.fromordinal(self._pos[k - 1] + _FIRST_ORDINAL)

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (negative when end < start)."""
        return self._cum[self._index(end)] - self._cum[self._index(start)]

    def next_workday(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, else the first working day after it."""
        return day if self.is_workday(day) else self.add_workdays(day, 1)

    def is_confirmed(self, start: dt.date, end: dt.date | None = None) -> bool:
        """Whether every year from start to end has a confirmed holiday arrangement."""
        last = end or start
        low, high = min(start.year, last.year), max(start.year, last.year)
        return all(y in self.confirmed_years for y in range(low, high + 1))


def end_of_day(day: dt.date) -> dt.datetime:
    """23:59:59 Asia/Shanghai of `day`: the moment a deadline on that day runs out."""
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=SHANGHAI)


_lock = threading.Lock()
_cached: WorkCalendar | None = None
_cached_version: tuple[object, ...] | None = None
_checked_at = 0.0


def _version() -> tuple[object, ...]:
    from django.db.models import Count, Max

    from qifu.core.models import CalendarYear

    agg = CalendarYear.objects.aggregate(n=Count("year"), changed=Max("updated_at"))
    return (agg["n"], agg["changed"])


def _load() -> WorkCalendar:
    from qifu.core.models import CalendarDay, CalendarYear

    confirmed = set(CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True))
    special = {
        d: kind == "makeup_workday"
        for d, kind in CalendarDay.objects.filter(year__confirmed=True).values_list("date", "kind")
    }
    return WorkCalendar(special, confirmed)


def get_calendar() -> WorkCalendar:
    """The current calendar; rebuilt when the stored arrangement changed (checked every few seconds).

    The check is a one-row aggregate at most once per QIFU_CALENDAR_RECHECK_SECONDS, so other
    processes see an edit made anywhere without any per-query cost.
    """
    global _cached, _cached_version, _checked_at
    now = time.monotonic()
    if _cached is not None and now - _checked_at < settings.QIFU_CALENDAR_RECHECK_SECONDS:
        return _cached
    with _lock:
        version = _version()
        if _cached is None or version != _cached_version:
            _cached = _load()
            _cached_version = version
        _checked_at = now
        return _cached


_change_hooks: list[Any] = []


def on_calendar_change(task: Any) -> Any:
    """Register a task to run (through core.tasks.enqueue) after a year's arrangement is saved."""
    _change_hooks.append(task)
    return task


def calendar_change_hooks() -> list[Any]:
    return list(_change_hooks)


def reset_calendar() -> None:
    """Forget the cached calendar (after an edit in this process, and between tests)."""
    global _cached, _cached_version, _checked_at
    with _lock:
        _cached = None
        _cached_version = None
        _checked_at = 0.0
