"""core.counters.bump_daily: one upsert for all keys of an event, adding to what is there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from qifu.core.counters import bump_daily
from qifu.demands.models import DemandDailyCount

DAY = dt.date(2026, 3, 2)


def _row(dimension: str, key_id: int, day: dt.date = DAY) -> DemandDailyCount:
    return DemandDailyCount.objects.get(dimension=dimension, key_id=key_id, day=day)


@pytest.mark.django_db
def test_one_statement_creates_then_adds_to_every_key() -> None:
    keys = [("department", 7), ("category", 3), ("park", 0)]
    with CaptureQueriesContext(connection) as first, transaction.atomic():
        bump_daily(DemandDailyCount, DAY, keys, {"registered": 1})
    assert [q["sql"].split()[0] for q in first.captured_queries if "daily" in q["sql"]] == ["INSERT"]
    bump_daily(DemandDailyCount, DAY, keys, {"registered": 1, "assigned": 2})
    bump_daily(DemandDailyCount, DAY + dt.timedelta(days=1), [("department", 7)], {"closed": 1})
    for dimension, key_id in keys:
        row = _row(dimension, key_id)
        assert (row.registered, row.assigned, row.closed, row.replied) == (2, 2, 0, 0)
    assert _row("department", 7, DAY + dt.timedelta(days=1)).closed == 1
    assert DemandDailyCount.objects.count() == 4


@pytest.mark.django_db
def test_a_key_named_twice_counts_twice_and_zero_counts_write_nothing() -> None:
    bump_daily(DemandDailyCount, DAY, [("department", 0), ("department", 0)], {"registered": 1})
    assert _row("department", 0).registered == 2
    with CaptureQueriesContext(connection) as none:
        bump_daily(DemandDailyCount, DAY, [("department", 0)], {"registered": 0})
    assert len(none.captured_queries) == 0
    with pytest.raises(ValueError):
        bump_daily(DemandDailyCount, DAY, [("department", 0)], {"no_such_counter": 1})


@pytest.mark.django_db
def test_on_postgresql_the_audit_head_is_locked_before_the_counters() -> None:
    """An intake bumps counters before its audit row, an assignment after: both must lock in one order."""
    if not connection.features.has_select_for_update:
        pytest.skip("SQLite runs one writer at a time (BEGIN IMMEDIATE): no row locks to order")
    with CaptureQueriesContext(connection) as queries, transaction.atomic():
        bump_daily(DemandDailyCount, DAY, [("department", 1)], {"assigned": 1})
    sql = [q["sql"] for q in queries.captured_queries]
    head = next(i for i, s in enumerate(sql) if "core_audithead" in s and "FOR UPDATE" in s)
    counters = next(i for i, s in enumerate(sql) if "demanddailycount" in s)
    assert head < counters
