"""The working-day calendar: arithmetic, agreement with chinese_calendar, properties, the API and its editing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import chinese_calendar
import pytest
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st

from qifu.accounts.models import User
from qifu.accounts.services import token_issue
from qifu.core import workcalendar
from qifu.core.errors import PermissionDenied, ValidationFailed
from qifu.core.models import AuditEvent, CalendarDay, CalendarYear
from qifu.core.services import calendar_set_year, parse_arrangement
from qifu.core.workcalendar import CalendarRangeError, WorkCalendar, get_calendar, reset_calendar

D = dt.date
ONE = dt.timedelta(days=1)
DATA = Path(workcalendar.__file__).resolve().parent / "data" / "holidays_2004_2026.json"
SEEDED = json.loads(DATA.read_text(encoding="utf-8"))
SEEDED_FIRST, SEEDED_LAST = D(2004, 1, 1), D(2026, 12, 31)


def _from_json() -> WorkCalendar:
    special = {D.fromisoformat(day): kind == "makeup_workday" for day, kind, _ in SEEDED["days"]}
    return WorkCalendar(special, SEEDED["years"])


# Built once from the frozen data, so that the unit and property tests need no database.
CAL = _from_json()
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, database=None)


@pytest.fixture
def fresh_calendar():
    reset_calendar()
    yield
    reset_calendar()


@pytest.fixture
def db_calendar(db, fresh_calendar) -> WorkCalendar:
    return get_calendar()


def _days(first: D, last: D):
    day = first
    while day <= last:
        yield day
        day += ONE


# --- The API.md examples and the edge cases, on the calendar built directly and on the one from the DB ---


def _check_examples(cal: WorkCalendar) -> None:
    # Spring Festival 2025: 01-26 (Sunday) is a make-up working day, 01-28..02-04 are holidays.
    assert cal.add_workdays(D(2025, 1, 24), 3) == D(2025, 2, 5)
    assert cal.workdays_between(D(2025, 1, 24), D(2025, 2, 5)) == 3
    assert cal.add_workdays(D(2025, 1, 24), 1) == D(2025, 1, 26)
    assert cal.is_workday(D(2025, 1, 26))
    assert cal.is_workday(D(2025, 2, 8))  # a Saturday make-up working day
    assert not cal.is_workday(D(2025, 1, 28))
    assert not cal.is_workday(D(2025, 1, 25))  # a plain Saturday
    # The start day is not counted; 0 days is the start itself, working day or not.
    assert cal.add_workdays(D(2025, 3, 3), 1) == D(2025, 3, 4)
    assert cal.add_workdays(D(2025, 3, 3), 0) == D(2025, 3, 3)
    assert cal.add_workdays(D(2025, 1, 28), 0) == D(2025, 1, 28)
    assert cal.workdays_between(D(2025, 3, 3), D(2025, 3, 3)) == 0
    assert cal.workdays_between(D(2025, 3, 3), D(2025, 3, 4)) == 1
    assert cal.workdays_between(D(2025, 3, 4), D(2025, 3, 3)) == -1
    # A Saturday make-up working day counts: 2025-02-07 (Fri) + 1 is Saturday 02-08.
    assert cal.add_workdays(D(2025, 2, 7), 1) == D(2025, 2, 8)
    assert cal.workdays_between(D(2025, 2, 7), D(2025, 2, 10)) == 2  # Sat 08 and Mon 10
    # National Day 2025: 09-28 (Sunday) works, 10-01..10-08 off, 10-11 (Saturday) works.
    assert cal.add_workdays(D(2025, 9, 26), 1) == D(2025, 9, 28)
    assert cal.add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 9)
    assert cal.workdays_between(D(2025, 9, 30), D(2025, 10, 8)) == 0
    assert cal.workdays_between(D(2025, 9, 26), D(2025, 10, 12)) == 6  # 09-28, 09-29, 09-30, 10-09, 10-10, 10-11
    assert cal.next_workday(D(2025, 10, 1)) == D(2025, 10, 9)
    assert cal.next_workday(D(2025, 10, 9)) == D(2025, 10, 9)
    # Year boundary: 2025-01-01 is 元旦.
    assert cal.add_workdays(D(2024, 12, 31), 1) == D(2025, 1, 2)
    assert cal.workdays_between(D(2024, 12, 31), D(2025, 1, 2)) == 1
    assert cal.is_confirmed(D(2024, 12, 31), D(2025, 1, 2))


def _check_unconfirmed_2027(cal: WorkCalendar) -> None:
    # 2027 has no arrangement: Monday to Friday, and every answer touching it says so.
    assert cal.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 1)  # a Friday, counted although it is 元旦
    assert cal.workdays_between(D(2027, 1, 1), D(2027, 1, 11)) == 6  # Mon 04 .. Fri 08, Mon 11
    assert cal.workdays_between(D(2027, 1, 1), D(2027, 12, 31)) == 260
    assert not cal.is_confirmed(D(2026, 12, 31), D(2027, 1, 1))
    assert not cal.is_confirmed(D(2027, 6, 1))
    assert not cal.is_confirmed(D(2027, 1, 1), D(2026, 12, 1))  # either order
    assert not cal.is_confirmed(D(2025, 1, 1), D(2028, 1, 1))
    assert cal.is_confirmed(D(2004, 1, 1), D(2026, 12, 31))
    assert cal.is_confirmed(D(2026, 5, 1))


def _check_errors(cal: WorkCalendar) -> None:
    for bad in (D(1999, 12, 31), D(2100, 1, 1)):
        with pytest.raises(CalendarRangeError):
            cal.add_workdays(bad, 1)
        with pytest.raises(CalendarRangeError):
            cal.is_workday(bad)
        with pytest.raises(CalendarRangeError):
            cal.workdays_between(D(2025, 1, 1), bad)
        with pytest.raises(CalendarRangeError):
            cal.workdays_between(bad, D(2025, 1, 1))
    with pytest.raises(CalendarRangeError):
        cal.add_workdays(D(2099, 12, 28), 10)  # the due date would fall after 2099
    assert cal.add_workdays(D(2000, 1, 1), 1) == D(2000, 1, 3)
    assert cal.is_workday(D(2099, 12, 31))  # a Thursday, the last day covered
    with pytest.raises(ValueError, match="不能为负") as info:
        cal.add_workdays(D(2025, 1, 24), -1)
    assert not isinstance(info.value, CalendarRangeError)


def test_examples_direct():
    _check_examples(CAL)


def test_unconfirmed_year_direct():
    _check_unconfirmed_2027(CAL)


def test_errors_direct():
    _check_errors(CAL)


def test_unconfirmed_year_ignores_its_special_days():
    # Days of a year that is not confirmed do not change the Monday-Friday rule (get_calendar only passes
    # confirmed years' days, but the arrays must also be right for an empty calendar).
    plain = WorkCalendar({}, [])
    assert plain.add_workdays(D(2025, 1, 24), 3) == D(2025, 1, 29)
    assert not plain.is_confirmed(D(2025, 1, 24))


@pytest.mark.django_db
def test_examples_from_db(db_calendar):
    _check_examples(db_calendar)
    _check_unconfirmed_2027(db_calendar)
    _check_errors(db_calendar)
    assert db_calendar.confirmed_years == frozenset(range(2004, 2027))


@pytest.mark.django_db
def test_db_seed_matches_frozen_data():
    rows = sorted((str(d), k, n) for d, k, n in CalendarDay.objects.values_list("date", "kind", "name"))
    assert rows == sorted(tuple(r) for r in SEEDED["days"])
    assert set(CalendarYear.objects.filter(confirmed=True).values_list("year", flat=True)) == set(SEEDED["years"])


@pytest.mark.django_db
def test_agrees_with_chinese_calendar_every_day(db_calendar):
    wrong = [d for d in _days(SEEDED_FIRST, SEEDED_LAST) if db_calendar.is_workday(d) != chinese_calendar.is_workday(d)]
    assert wrong == []


def test_frozen_data_agrees_with_chinese_calendar_every_day():
    wrong = [d for d in _days(SEEDED_FIRST, SEEDED_LAST) if CAL.is_workday(d) != chinese_calendar.is_workday(d)]
    assert wrong == []


def test_add_agrees_with_chinese_calendar_find_workday():
    # find_workday(n - 1, d + 1 day) is "the n-th working day after d" in chinese_calendar's terms.
    day = D(2024, 12, 1)
    while day <= D(2026, 11, 30):
        for n in (1, 3, 15):
            assert CAL.add_workdays(day, n) == chinese_calendar.find_workday(n - 1, day + ONE), (day, n)
        day += ONE


@pytest.mark.django_db
def test_cache_follows_db_edits(db, fresh_calendar):
    first = get_calendar()
    assert get_calendar() is first  # cached within the recheck interval
    reset_calendar()
    assert get_calendar() is not first


# --- Properties (hypothesis) on the calendar built from the frozen data ---

dates = st.dates(min_value=SEEDED_FIRST, max_value=SEEDED_LAST)
counts = st.integers(min_value=0, max_value=400)


@PROPERTY_SETTINGS
@given(start=dates, n=counts)
def test_count_inverts_add(start, n):
    due = CAL.add_workdays(start, n)
    assert CAL.workdays_between(start, due) == n
    if n > 0:
        assert CAL.is_workday(due)
        assert due > start
    else:
        assert due == start


@PROPERTY_SETTINGS
@given(start=dates, n=counts, m=counts)
def test_add_is_monotonic(start, n, m):
    low, high = sorted((n, m))
    assert CAL.add_workdays(start, low) <= CAL.add_workdays(start, high)
    if low < high:
        assert CAL.add_workdays(start, low) < CAL.add_workdays(start, high)


@PROPERTY_SETTINGS
@given(a=dates, b=dates)
def test_add_of_count_stays_within(a, b):
    a, b = min(a, b), max(a, b)
    count = CAL.workdays_between(a, b)
    assert count >= 0
    reached = CAL.add_workdays(a, count)
    assert reached <= b
    if count > 0 and CAL.is_workday(b):
        assert reached == b
    # No working day lies after `reached` up to b.
    assert CAL.workdays_between(reached, b) == 0


@PROPERTY_SETTINGS
@given(a=dates, b=dates, c=dates)
def test_count_is_additive(a, b, c):
    assert CAL.workdays_between(a, c) == CAL.workdays_between(a, b) + CAL.workdays_between(b, c)


# --- The API ---


@pytest.fixture
def api_client(db, fresh_calendar) -> Client:
    user = User.objects.create_user(username="cal-dispatcher", password="qifu-test-password", role="dispatcher")
    raw, _ = token_issue(user=user)
    client = Client()
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {raw}"
    return client


def test_api_add_workdays(api_client):
    response = api_client.get("/api/v1/calendar/add-workdays", {"start": "2025-01-24", "days": 3})
    assert response.status_code == 200
    assert response.json() == {"start": "2025-01-24", "days": 3, "due_date": "2025-02-05", "calendar_confirmed": True}


def test_api_add_zero_days(api_client):
    response = api_client.get("/api/v1/calendar/add-workdays", {"start": "2025-01-28", "days": 0})
    assert response.json() == {"start": "2025-01-28", "days": 0, "due_date": "2025-01-28", "calendar_confirmed": True}


def test_api_workdays_between(api_client):
    response = api_client.get("/api/v1/calendar/workdays-between", {"start": "2025-01-24", "end": "2025-02-05"})
    assert response.status_code == 200
    assert response.json() == {"workdays": 3, "calendar_confirmed": True}


def test_api_unconfirmed_year(api_client):
    response = api_client.get("/api/v1/calendar/add-workdays", {"start": "2026-12-28", "days": 10})
    assert response.json() == {"start": "2026-12-28", "days": 10, "due_date": "2027-01-11", "calendar_confirmed": False}
    response = api_client.get("/api/v1/calendar/workdays-between", {"start": "2026-12-31", "end": "2027-01-04"})
    assert response.json() == {"workdays": 2, "calendar_confirmed": False}
    response = api_client.get("/api/v1/calendar/days", {"year": 2027})
    assert response.status_code == 200
    assert response.json() == {"year": 2027, "confirmed": False, "notice": "", "days": []}


def test_api_year_days(api_client):
    response = api_client.get("/api/v1/calendar/days", {"year": 2025})
    assert response.status_code == 200
    body = response.json()
    assert body["year"] == 2025
    assert body["confirmed"] is True
    assert body["notice"]
    expected = [{"date": d, "kind": k, "name": n} for d, k, n in SEEDED["days"] if d.startswith("2025-")]
    assert body["days"] == expected
    assert body["days"][0] == {"date": "2025-01-01", "kind": "holiday", "name": "元旦"}
    assert {"date": "2025-01-26", "kind": "makeup_workday", "name": "春节"} in body["days"]
    assert all(set(item) == {"date", "kind", "name"} for item in body["days"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/calendar/add-workdays", {"start": "2025-01-24", "days": 3}),
        ("/api/v1/calendar/workdays-between", {"start": "2025-01-24", "end": "2025-02-05"}),
        ("/api/v1/calendar/days", {"year": 2025}),
    ],
)
def test_api_requires_token(path, params):
    response = Client().get(path, params)
    assert response.status_code == 401
    assert response.json()["detail"] == "未登录或令牌无效、已过期"
    bad = Client().get(path, params, HTTP_AUTHORIZATION="Bearer qf_not-a-token")
    assert bad.status_code == 401


@pytest.mark.parametrize("start", ["2025-13-01", "tomorrow", "2025/01/24"])
def test_api_bad_date(api_client, start):
    response = api_client.get("/api/v1/calendar/add-workdays", {"start": start, "days": 3})
    assert response.status_code == 422
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert [e["field"] for e in body["errors"]] == ["start"]
    assert "开始日期" in body["errors"][0]["message"]
    assert "开始日期" in body["detail"]


def test_api_bad_range_and_days(api_client):
    response = api_client.get("/api/v1/calendar/add-workdays", {"start": "2025-01-24", "days": -1})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "days"
    response = api_client.get("/api/v1/calendar/add-workdays", {"start": "2025-01-24", "days": "x"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "days"
    response = api_client.get("/api/v1/calendar/workdays-between", {"start": "1999-01-01", "end": "2025-01-01"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "start"
    response = api_client.get("/api/v1/calendar/days", {"year": 1999})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "year"
    response = api_client.get("/api/v1/calendar/workdays-between", {"start": "2025-01-24"})
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "end", "message": "结束日期不能为空"}]


# --- Entering a year's arrangement ---

ARRANGEMENT_2027 = """
# 2027 年部分节假日安排
2027-01-01,放假,元旦
2027-02-06~2027-02-12,放假,春节
2027-02-14,上班,春节
2027-10-01~2027-10-07 放假 国庆节
2027-10-09，上班，国庆节
"""


@pytest.fixture
def admin(db) -> User:
    return User.objects.create_user(username="cal-admin", password="qifu-test-password", role="admin")


def test_parse_arrangement():
    days = parse_arrangement(2027, ARRANGEMENT_2027)
    assert days[0] == (D(2027, 1, 1), "holiday", "元旦")
    assert (D(2027, 2, 14), "makeup_workday", "春节") in days
    assert [d for d, _, _ in days if D(2027, 2, 1) <= d <= D(2027, 2, 28)] == [
        *(D(2027, 2, day) for day in range(6, 13)),
        D(2027, 2, 14),
    ]
    assert len(days) == 1 + 7 + 1 + 7 + 1
    assert days == sorted(days)


def test_parse_arrangement_bad_lines():
    text = "2027-13-01,放假,元旦\n2027-03-01,休息\n2026-12-31,放假,元旦\n2027-02-10\n2027-02-12~2027-02-10,放假,春节"
    with pytest.raises(ValidationFailed) as info:
        parse_arrangement(2027, text)
    errors = info.value.errors
    assert len(errors) == 5
    assert {e.field for e in errors} == {"days"}
    assert [e.message[:3] for e in errors] == ["第1行", "第2行", "第3行", "第4行", "第5行"]
    assert "格式应为 2027-01-01" in errors[0].message
    assert "休息" in errors[1].message
    assert "不在2027年内" in errors[2].message


def test_calendar_set_year(admin, fresh_calendar):
    before = get_calendar()
    assert not before.is_confirmed(D(2027, 1, 1))
    assert before.is_workday(D(2027, 2, 8))
    audits = AuditEvent.objects.filter(action="calendar.set_year").count()

    record = calendar_set_year(
        actor=admin,
        year=2027,
        days=parse_arrangement(2027, ARRANGEMENT_2027),
        confirmed=True,
        notice="国务院办公厅关于2027年部分节假日安排的通知",
    )
    assert record.confirmed
    assert record.confirmed_at is not None
    assert CalendarDay.objects.filter(year=2027).count() == 17
    # on_commit never runs inside the test's rolled-back transaction: forget the cache ourselves.
    reset_calendar()
    cal = get_calendar()
    assert cal.is_confirmed(D(2026, 12, 31), D(2027, 12, 31))
    assert not cal.is_workday(D(2027, 1, 1))
    assert cal.add_workdays(D(2026, 12, 31), 1) == D(2027, 1, 4)
    assert not cal.is_workday(D(2027, 2, 8))
    assert cal.is_workday(D(2027, 2, 14))  # the Sunday make-up working day
    assert cal.workdays_between(D(2027, 2, 5), D(2027, 2, 15)) == 2  # Sunday 14, Monday 15
    assert cal.add_workdays(D(2027, 2, 5), 1) == D(2027, 2, 14)
    # 261 weekdays in 2027, less 元旦, 5 weekdays of 春节 and 5 of 国庆, plus the two make-up days.
    assert cal.workdays_between(D(2026, 12, 31), D(2027, 12, 31)) == 261 - 1 - 5 - 5 + 2
    assert AuditEvent.objects.filter(action="calendar.set_year").count() == audits + 1
    event = AuditEvent.objects.filter(action="calendar.set_year").latest("id")
    assert event.actor_id == admin.pk
    assert event.data["confirmed"] is True
    assert ["2027-02-14", "makeup_workday", "春节"] in event.data["after"]

    # Saving again unconfirmed: the days stay stored but no longer count.
    calendar_set_year(actor=admin, year=2027, days=parse_arrangement(2027, ARRANGEMENT_2027), confirmed=False)
    reset_calendar()
    cal = get_calendar()
    assert not cal.is_confirmed(D(2027, 1, 1))
    assert cal.is_workday(D(2027, 1, 1))
    assert not cal.is_workday(D(2027, 2, 14))


def test_calendar_set_year_bad_lines_write_nothing(admin, fresh_calendar):
    audits = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as info:
        calendar_set_year(
            actor=admin, year=2027, days=parse_arrangement(2027, "2027-01-01,放假\n2027-02-3"), confirmed=True
        )
    assert info.value.errors[0].field == "days"
    # A make-up working day on a weekday is refused by the service itself.
    weekday_makeup = [(D(2027, 1, 1), "holiday", "元旦"), (D(2027, 2, 15), "makeup_workday", "春节")]
    with pytest.raises(ValidationFailed) as info:
        calendar_set_year(actor=admin, year=2027, days=weekday_makeup, confirmed=True)
    assert info.value.errors[0].field == "days"
    wrong_year = [(D(2026, 1, 1), "holiday", "元旦")]
    with pytest.raises(ValidationFailed) as info:
        calendar_set_year(actor=admin, year=2027, days=wrong_year, confirmed=True)
    assert info.value.errors[0].field == "days"
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    assert AuditEvent.objects.count() == audits
    reset_calendar()
    assert not get_calendar().is_confirmed(D(2027, 1, 1))


def test_calendar_set_year_needs_admin(db, fresh_calendar):
    dispatcher = User.objects.create_user(username="cal-dispatcher2", password="qifu-test-password", role="dispatcher")
    with pytest.raises(PermissionDenied):
        calendar_set_year(actor=dispatcher, year=2027, days=parse_arrangement(2027, ARRANGEMENT_2027), confirmed=True)
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not AuditEvent.objects.filter(action="calendar.set_year").exists()


@pytest.mark.django_db
def test_out_of_range_dates_name_the_right_field(cast: Any, api: Any) -> None:
    client = api(cast.dispatcher)
    res = client.get("/calendar/workdays-between", start="2025-01-01", end="2150-01-01")
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "end"
    res = client.get("/calendar/add-workdays", start="2099-12-20", days=30)
    assert res.status_code == 422 and res.json()["errors"][0]["field"] == "days"
