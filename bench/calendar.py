#!/usr/bin/env python
"""Working-day arithmetic: qifu's WorkCalendar against chinese_calendar's own functions.

100,000 random start dates (2004-2026) + 15 working days, and 100,000 random date pairs -> working
days between them. Ours is called one date at a time as the product calls it
(`get_calendar().add_workdays(d, 15)`); the baseline is chinese_calendar on the same inputs:

* adding: `find_workday(14, d + 1 day)`. find_workday(delta, date) first moves to the first working
  day on or after `date` (date itself when it works) and then delta working days further, so
  find_workday(15, d) is our add_workdays(d, 15) only when d is a working day (else it is the 16th
  working day after d); find_workday(n - 1, d + 1 day) is "the n-th working day after d" for any d.
  Both readings are checked below.
* counting: `len(get_workdays(a + 1 day, b))` for a < b (0 for a == b): get_workdays counts both ends.

chinese_calendar is too slow to run 200,000 times within a minute (every call scans its whole holiday
table), so it runs on a random sample of each input list and its time per operation is scaled to the
full workload; the output says so. Every answer computed by both must agree (exit status 1 otherwise);
besides, all 200,000 of our answers are checked against a table built from chinese_calendar.is_workday.

Last line: `RESULT calendar speedup=<worst per-operation ratio> ratio=<baseline time per op / ours>`
where `ratio` is over the whole workload (both halves) and `speedup` is the smaller of the two
per-operation ratios (adding / counting).
"""

import os
import sys

# This file is named calendar.py: drop its folder from the import path, or `import calendar` (which
# Django does) would import this script instead of the standard library module.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import bisect  # noqa: E402
import datetime as dt  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

REPO = os.path.dirname(_HERE)
N = 100_000
DAYS = 15
ADD_SAMPLE = 8_000  # chinese_calendar find_workday calls timed (and checked)
COUNT_SAMPLE = 250  # chinese_calendar get_workdays calls timed (and checked); each walks ~2,800 days
SEED = 20250124
ONE = dt.timedelta(days=1)
FIRST = dt.date(2004, 1, 1)
LAST = dt.date(2026, 12, 31)
# chinese_calendar knows 2004-2026 only: start dates stop early enough that +15 working days stays inside.
LAST_START = dt.date(2026, 11, 30)


def setup_django() -> str:
    sys.path.insert(0, os.path.join(REPO, "src"))
    data_dir = tempfile.mkdtemp(prefix="qifu-bench-calendar-")
    # Forced, not defaulted: `make bench` exports QIFU_DATA_DIR=var, and the benchmark must never migrate
    # (or write into) the demo database.
    os.environ["QIFU_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qifu.settings")
    os.environ.setdefault("QIFU_INSECURE_DEV_KEY", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return data_dir


def fail(message: str) -> None:
    print(f"FAIL {message}")
    sys.exit(1)


def timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - started, result


def main() -> None:
    t0 = time.perf_counter()
    data_dir = setup_django()
    try:
        run(t0, data_dir)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(data_dir, ignore_errors=True)


def run(t0: float, data_dir: str) -> None:
    import chinese_calendar

    from qifu.core.workcalendar import get_calendar

    print(f"database: {data_dir}/qifu.sqlite3 (migrated, calendar 2004-2026 seeded; removed afterwards)")
    rng = random.Random(SEED)
    first, last_start, last = FIRST.toordinal(), LAST_START.toordinal(), LAST.toordinal()
    starts = [dt.date.fromordinal(rng.randint(first, last_start)) for _ in range(N)]
    pairs = []
    for _ in range(N):
        a, b = sorted((rng.randint(first, last), rng.randint(first, last)))
        pairs.append((dt.date.fromordinal(a), dt.date.fromordinal(b)))
    print(f"inputs: {N:,} start dates {FIRST}..{LAST_START} (+{DAYS} working days), {N:,} pairs {FIRST}..{LAST}")

    get_calendar()  # load once, as a running process has it

    def ours_add(dates):
        return [get_calendar().add_workdays(d, DAYS) for d in dates]

    def ours_count(ps):
        return [get_calendar().workdays_between(a, b) for a, b in ps]

    def base_add(dates):
        return [chinese_calendar.find_workday(DAYS - 1, d + ONE) for d in dates]

    def base_count(ps):
        return [len(chinese_calendar.get_workdays(a + ONE, b)) if a < b else 0 for a, b in ps]

    # Ours: best of 3 full runs of each half.
    ours_add_s, due = min((timed(ours_add, starts) for _ in range(3)), key=lambda r: r[0])
    ours_count_s, counts = min((timed(ours_count, pairs) for _ in range(3)), key=lambda r: r[0])
    ours_add_op, ours_count_op = ours_add_s / N, ours_count_s / N
    print(f"ours     add_workdays      {N:,} ops  {ours_add_s * 1e3:9.1f} ms  {ours_add_op * 1e6:8.3f} us/op")
    print(f"ours     workdays_between  {N:,} ops  {ours_count_s * 1e3:9.1f} ms  {ours_count_op * 1e6:8.3f} us/op")

    # chinese_calendar on a sample (the first K inputs of each random list), same calls, same inputs.
    base_add_s, base_due = timed(base_add, starts[:ADD_SAMPLE])
    base_count_s, base_counts = timed(base_count, pairs[:COUNT_SAMPLE])
    base_add_op, base_count_op = base_add_s / ADD_SAMPLE, base_count_s / COUNT_SAMPLE
    print(
        f"baseline find_workday      {ADD_SAMPLE:,} of {N:,} ops (sampled)  {base_add_s * 1e3:9.1f} ms  "
        f"{base_add_op * 1e6:10.1f} us/op  -> {base_add_op * N:7.1f} s estimated for {N:,}"
    )
    print(
        f"baseline len(get_workdays)   {COUNT_SAMPLE:,} of {N:,} ops (sampled)  {base_count_s * 1e3:9.1f} ms  "
        f"{base_count_op * 1e6:10.1f} us/op  -> {base_count_op * N:7.1f} s estimated for {N:,}"
    )

    # Every answer computed by both must agree.
    bad_add = [(d, o, b) for d, o, b in zip(starts, due, base_due, strict=False) if o != b]
    bad_count = [(p, o, b) for p, o, b in zip(pairs, counts, base_counts, strict=False) if o != b]
    if bad_add:
        fail(f"add_workdays disagrees with chinese_calendar on {len(bad_add)} of {ADD_SAMPLE}: {bad_add[:5]}")
    if bad_count:
        fail(f"workdays_between disagrees with chinese_calendar on {len(bad_count)} of {COUNT_SAMPLE}: {bad_count[:5]}")
    print(f"agree    {ADD_SAMPLE:,} due dates and {COUNT_SAMPLE:,} counts computed by both are identical")

    # find_workday(15, d) itself: equal to ours for working days d, one working day later otherwise.
    cal = get_calendar()
    for d in starts[:1_000]:
        expected = cal.add_workdays(d, DAYS if cal.is_workday(d) else DAYS + 1)
        if chinese_calendar.find_workday(DAYS, d) != expected:
            fail(f"find_workday({DAYS}, {d}) semantics differ: {chinese_calendar.find_workday(DAYS, d)} != {expected}")
    print(f"agree    find_workday({DAYS}, d) == add_workdays(d, {DAYS} if d works else {DAYS + 1}) on 1,000 dates")

    # All 200,000 of our answers, against a table built from chinese_calendar.is_workday.
    workdays = [
        d.toordinal()
        for d in (FIRST + dt.timedelta(days=i) for i in range(last - first + 1))
        if chinese_calendar.is_workday(d)
    ]
    for d, o in zip(starts, due, strict=True):
        k = bisect.bisect_right(workdays, d.toordinal()) + DAYS - 1
        if workdays[k] != o.toordinal():
            fail(
                f"add_workdays({d}, {DAYS}) = {o}, chinese_calendar.is_workday table says "
                f"{dt.date.fromordinal(workdays[k])}"
            )
    for (a, b), o in zip(pairs, counts, strict=True):
        if bisect.bisect_right(workdays, b.toordinal()) - bisect.bisect_right(workdays, a.toordinal()) != o:
            fail(f"workdays_between({a}, {b}) = {o} disagrees with the chinese_calendar.is_workday table")
    print(f"agree    all {2 * N:,} of our answers match a table of chinese_calendar.is_workday for {FIRST}..{LAST}")

    add_ratio = base_add_op / ours_add_op
    count_ratio = base_count_op / ours_count_op
    ours_op = (ours_add_s + ours_count_s) / (2 * N)
    base_op = (base_add_op + base_count_op) / 2  # both halves have N operations
    ratio = base_op / ours_op
    speedup = min(add_ratio, count_ratio)
    print(f"ratio    adding   {add_ratio:10.0f}x  (chinese_calendar us/op / ours us/op)")
    print(f"ratio    counting {count_ratio:10.0f}x")
    print(
        f"ratio    workload {ratio:10.0f}x  ({base_op * 1e6:.1f} us/op vs {ours_op * 1e6:.3f} us/op over {2 * N:,} ops)"
    )
    print("note     chinese_calendar times are measured on the samples above and scaled to the full workload")
    print(f"time     {time.perf_counter() - t0:.1f} s total")
    print(f"RESULT calendar speedup={speedup:.0f} ratio={ratio:.0f}")


if __name__ == "__main__":
    main()
