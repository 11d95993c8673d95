#!/usr/bin/env python
"""Supervision's one view of late cases at 10,000 and at 1,000,000 open cases (SQLite).

Builds a fresh SQLite database in a temporary folder (migrated like production), with 15 departments, one
officer per department, 300 enterprises with a service plan each, and then open service-plan tasks (the
`plan_task` kind of core.supervised) as a benchmark fixture: raw executemany in one transaction, not the
services (no timeline, audit or notifications). Their deadlines are spread from 60 days ago to 300 days ahead,
so about a sixth are overdue and a few percent at warning at every size (each task's warning time is 20% of its
span before its deadline, at least a day), as in a district where late cases grow with the open ones.

Timed, with the real code, as the supervisor: `supervision.selectors.late_page` (every registered kind, merged
by deadline, limit 50) with no filter, with light=warning, with one department, and the page reached by
following 20 cursors; each the lowest of ROUNDS medians of RUNS runs. First with 10,000 open tasks, then after
adding 990,000 more; the query plans (EXPLAIN QUERY PLAN) of the plan-task queries at 1M.

Last line: `RESULT supervision_view p50_ms=<worst median at 1M> ratio=<worst 1M/10k ratio>` (goal: ratio <= 2).
"""

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import datetime as dt  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEED = 20261130
FIRST_BATCH = 10_000
TOTAL = 1_000_000
CHUNK = 50_000
ENTERPRISES = 300
DEPARTMENTS = 15
RUNS = 11
ROUNDS = 3
LIMIT = 50
DEPTH = 20
DAY = 86_400.0
RATIO_GOAL = 2.0


def setup_django() -> str:
    sys.path.insert(0, str(REPO / "src"))
    data_dir = tempfile.mkdtemp(prefix="qifu-bench-supervision-")
    os.environ["QIFU_DATA_DIR"] = data_dir  # forced: never the demo database
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("DEBUG", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qifu.settings")
    os.environ.setdefault("QIFU_INSECURE_DEV_KEY", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return data_dir


def db_time(epoch: float) -> str:
    """How Django's SQLite backend stores an aware datetime: naive UTC text."""
    return str(dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None))


class Fixture:
    def __init__(self) -> None:
        from django.utils import timezone

        from qifu.accounts.models import User
        from qifu.core.identifiers import uscc_check_char
        from qifu.enterprises.models import Enterprise
        from qifu.lifecycle.models import ServicePlan
        from qifu.orgs.models import Department

        self.rng = random.Random(SEED)
        self.now = timezone.now().timestamp()
        self.departments = [
            Department.objects.create(code=f"D{i:02d}", name=f"部门{i}", sort_order=i) for i in range(DEPARTMENTS)
        ]
        officers = [
            User.objects.create_user(username=f"bench-officer-{i}", password=None, role="service_officer", department=d)
            for i, d in enumerate(self.departments)
        ]
        self.supervisor = User.objects.create_user(username="bench-supervisor", password=None, role="supervisor")
        enterprises = []
        for serial in range(ENTERPRISES):
            body = f"91445203MB{serial:07d}"
            enterprises.append(
                Enterprise(
                    uscc=body + uscc_check_char(body),
                    name=f"揭阳市实业有限公司{serial}",
                    legal_representative="陈先生",
                    industry_code="C3311",
                    scale="small",
                    contact_name="林经理",
                    contact_phone="13800000000",
                )
            )
        made = Enterprise.objects.bulk_create(enterprises)
        plans = ServicePlan.objects.bulk_create(
            [
                ServicePlan(enterprise=e, stage="operation", goals="稳定经营", created_by=officers[i % DEPARTMENTS])
                for i, e in enumerate(made)
            ]
        )
        self.plan_ids = [p.pk for p in plans]
        self.count = 0

    def add(self, n: int) -> None:
        from django.db import connection, transaction

        rng, now = self.rng, self.now
        sql = (
            "INSERT INTO lifecycle_plantask (plan_id, title, due_on, due_at, warning_at, progress, progress_note,"
            " status, updated_at) VALUES (%s, %s, %s, %s, %s, 0, '', 'open', %s)"
        )
        done = 0
        with transaction.atomic(), connection.cursor() as cursor:
            while done < n:
                rows = []
                for _ in range(min(CHUNK, n - done)):
                    due = now + rng.uniform(-60, 300) * DAY
                    span = rng.uniform(5, 60) * DAY
                    warning = due - max(DAY, span * 0.2)
                    rows.append(
                        (
                            rng.choice(self.plan_ids),
                            "协调用工招聘",
                            dt.date.fromtimestamp(due).isoformat(),
                            db_time(due),
                            db_time(warning),
                            db_time(now),
                        )
                    )
                cursor.executemany(sql, rows)
                done += len(rows)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.count += n


def median_ms(fn) -> float:
    best = float("inf")
    for _ in range(ROUNDS):
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1e3)
        best = min(best, statistics.median(times))
    return best


def scenarios(fixture: Fixture) -> dict:
    from qifu.supervision.selectors import late_page

    user = fixture.supervisor
    department = fixture.departments[3].pk
    cursor = None
    for _ in range(DEPTH):
        _, cursor = late_page(user, cursor=cursor, limit=LIMIT)

    def check(rows: list) -> None:
        assert len(rows) == LIMIT, len(rows)

    return {
        "all": lambda: check(late_page(user, limit=LIMIT)[0]),
        "warning": lambda: check(late_page(user, light="warning", limit=LIMIT)[0]),
        "department": lambda: check(late_page(user, department_id=department, limit=LIMIT)[0]),
        f"page_{DEPTH + 1}": lambda: check(late_page(user, cursor=cursor, limit=LIMIT)[0]),
    }


def measure(fixture: Fixture) -> dict:
    out = {}
    for name, fn in scenarios(fixture).items():
        fn()  # warm
        out[name] = median_ms(fn)
        print(f"  {fixture.count:>9,} open  {name:<12} {out[name]:8.2f} ms", flush=True)
    return out


def explain(fixture: Fixture) -> None:
    from django.db import connection
    from django.utils import timezone

    from qifu.core.supervised import late_source
    from qifu.supervision import selectors

    source = late_source("plan_task")
    assert source is not None
    captured: list[str] = []
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        selectors._rows(
            source, fixture.supervisor, light="", department_id=None, now=timezone.now(), after=None, n=LIMIT + 1
        )
    captured = [q["sql"] for q in ctx.captured_queries]
    with connection.cursor() as cursor:
        for sql in captured:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
            print("  plan:", " | ".join(str(r[-1]) for r in cursor.fetchall()))


def main() -> None:
    data_dir = setup_django()
    try:
        fixture = Fixture()
        fixture.add(FIRST_BATCH)
        small = measure(fixture)
        started = time.perf_counter()
        fixture.add(TOTAL - FIRST_BATCH)
        print(f"  added {TOTAL - FIRST_BATCH:,} open tasks in {time.perf_counter() - started:.0f} s", flush=True)
        large = measure(fixture)
        explain(fixture)
        ratios = {name: large[name] / small[name] for name in small}
        for name, ratio in ratios.items():
            print(f"  ratio {name:<12} {ratio:.2f}")
        worst = max(ratios.values())
        status = "ok" if worst <= RATIO_GOAL else "ABOVE GOAL"
        print(f"  worst ratio {worst:.2f} ({status}, goal <= {RATIO_GOAL})")
        print(f"RESULT supervision_view p50_ms={max(large.values()):.2f} ratio={worst:.2f}")
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
