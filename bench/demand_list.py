#!/usr/bin/env python
"""The dispatcher's demand list and the dashboard's figures at 10,000 and at 1,000,000 demands (SQLite).

Builds a fresh SQLite database in a temporary folder (migrated like production: the categories come from
demands/0002), with 15 departments (a few busier than the rest), 2,000 enterprises, a dispatcher and two
handlers per department; then demands as a benchmark fixture (raw executemany in one transaction, not the
services: no timeline, audit or notifications). Each demand is given a life from its registration time,
spread over the two years up to now: dispatched within hours to days (some returned first), signed for,
answered before its deadline (20% after it), visited (7% unsatisfied: reopened and answered again),
closed, most archived a month later, 1% withdrawn; its fields are what that life has left at this moment,
so the old ones are closed or archived and the recent ones registered, assigned, in progress (normal,
warning or overdue by their stored deadline, computed with qifu.core.deadlines.compute) or replied.
The DemandDailyCount rows are the counters those events would have bumped (one row per day and
department, and one per day and category), rebuilt from all demands at each size.

Timed, with the real code, as the dispatcher:
* list pages: DemandFilter.parse -> selectors.demand_list_for -> pagination.keyset_page(limit=30),
  materialising the rows and computing WORKFLOW.light(d) per row (and reading the names a row shows),
  for status=registered, light=overdue, one department's in_progress, no filter, and the no-filter
  page reached by following 50 cursors; each the lowest of ROUNDS medians of RUNS runs;
* figures: stats.figures(start, end, by="department" / "category") for the last 30 days and the last year.

First with 10,000 demands, then after adding 990,000 more; the query plans (EXPLAIN QUERY PLAN) at 1M.

Last line: `RESULT demand_list list_page_1m_ms=<worst list page median at 1M> ratio=<worst 1M/10k ratio
over list pages and figures>` (goals: list page < 100 ms, each ratio <= 2).
"""

import os
import sys

# bench/ holds calendar.py: drop this folder from the import path, or `import calendar` (which dateutil, under
# celery, does) would import that script instead of the standard library module.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import bisect  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEED = 20250124
FIRST_BATCH = 10_000
TOTAL = 1_000_000
CHUNK = 20_000
ENTERPRISES = 2_000
SPAN_DAYS = 730
RUNS = 15
ROUNDS = 5
LIMIT = 30
DEPTH = 50  # cursors followed before timing the deep page
DAY = 86_400.0
SHANGHAI_OFFSET = 8 * 3600
PAGE_GOAL_MS = 100.0
RATIO_GOAL = 2.0

DEPARTMENTS = (  # (code, name, weight): the share of demands each one leads
    ("SJJ", "市场监督管理局", 18),
    ("SWJ", "税务局", 14),
    ("RSJ", "人力资源和社会保障局", 12),
    ("ZRJ", "自然资源局", 9),
    ("ZJJ", "住房和城乡建设局", 8),
    ("GXJ", "工业和信息化局", 8),
    ("FGJ", "发展和改革局", 6),
    ("HBJ", "生态环境分局", 5),
    ("KJJ", "科学技术局", 4),
    ("SWU", "商务局", 4),
    ("JRB", "金融工作办公室", 4),
    ("SFJ", "司法局", 3),
    ("GDJ", "供电局", 2),
    ("SWG", "水务公司", 2),
    ("YJJ", "应急管理局", 1),
)
CATEGORY_WEIGHTS = {  # by category code (demands/0002); unknown codes get 2
    "policy": 16,
    "finance": 9,
    "talent": 6,
    "legal": 4,
    "innovation": 5,
    "project": 8,
    "land": 6,
    "utilities": 7,
    "ip": 3,
    "environment": 4,
    "tax": 10,
    "market": 12,
    "labor": 8,
    "other": 2,
}
CHANNELS = (
    ("online", 30),
    ("hotline", 25),
    ("visit", 15),
    ("window", 12),
    ("service_day", 8),
    ("seminar", 5),
    ("fallback_window", 3),
    ("integrity_window", 2),
)
KINDS = (("need", 70), ("complaint", 10), ("suggestion", 8), ("inquiry", 12))
SATISFIED = ("very_satisfied", "satisfied", "basically_satisfied")
TOPICS = (
    "企业所得税优惠政策兑现",
    "厂房用电增容",
    "员工社保补缴",
    "高新技术企业认定",
    "营业执照变更登记",
    "工业用地规划调整",
    "贷款贴息申请",
    "专利侵权纠纷",
    "环评审批进度",
    "人才公寓申请",
    "供水管网接入",
    "技改项目补助",
    "出口退税办理",
    "消防验收",
)
STAT_COUNTERS = (
    "registered",
    "assigned",
    "accepted",
    "accepted_in_time",
    "replied",
    "replied_on_time",
    "visited",
    "satisfied",
    "resolved",
    "reopened",
    "closed",
)
C = {name: i for i, name in enumerate(STAT_COUNTERS)}


def setup_django() -> str:
    sys.path.insert(0, str(REPO / "src"))
    data_dir = tempfile.mkdtemp(prefix="qifu-bench-demands-")
    # Forced, not defaulted: `make bench` exports QIFU_DATA_DIR=var, and this script must never fill the
    # demo database with a million demands.
    os.environ["QIFU_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("DEBUG", None)  # DEBUG keeps every query's SQL: not what production does
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qifu.settings")
    os.environ.setdefault("QIFU_INSECURE_DEV_KEY", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return data_dir


def weighted(rng: random.Random, values: list, cum: list[float]):
    return values[bisect.bisect_right(cum, rng.random() * cum[-1])]


def cumulative(weights) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def local_date(epoch: float) -> dt.date:
    return dt.date.fromordinal(719163 + int((epoch + SHANGHAI_OFFSET) // DAY))  # 719163: 1970-01-01


def db_time(epoch: float) -> str:
    """How Django's SQLite backend stores an aware datetime: naive UTC text."""
    return str(dt.datetime.fromtimestamp(epoch, dt.UTC).replace(tzinfo=None))


class Fixture:
    """Departments, users, enterprises; then demands in id (and registration time) order."""

    def __init__(self) -> None:
        from django.db import connection
        from django.utils import timezone

        from qifu.accounts.models import User
        from qifu.core.identifiers import uscc_check_char
        from qifu.demands.models import Demand, DemandCategory
        from qifu.enterprises.models import Enterprise
        from qifu.orgs.choices import DepartmentKind
        from qifu.orgs.models import Department, Park, Town

        self.rng = random.Random(SEED)
        self.now = timezone.now().timestamp()
        self.start = self.now - SPAN_DAYS * DAY
        centre = Department.objects.create(code="ZSJ", name="政务服务数据管理局", kind=DepartmentKind.CENTER)
        self.departments = [
            Department.objects.create(code=code, name=name, sort_order=i)
            for i, (code, name, _) in enumerate(DEPARTMENTS)
        ]
        self.dept_ids = [d.pk for d in self.departments]
        self.dept_cum = cumulative(w for _, _, w in DEPARTMENTS)
        self.busiest = self.departments[0]
        self.categories = list(DemandCategory.objects.order_by("sort_order", "code"))
        if not self.categories:
            raise SystemExit("FAIL no demand categories: demands/0002 should have created them")
        self.cat_cum = cumulative(CATEGORY_WEIGHTS.get(c.code, 2) for c in self.categories)
        self.channel_cum = cumulative(w for _, w in CHANNELS)
        self.kind_cum = cumulative(w for _, w in KINDS)
        self.dispatcher = User.objects.create_user(
            username="bench-dispatcher", password=None, role="dispatcher", department=centre, display_name="分拨员"
        )
        intake = [self.dispatcher] + [
            User.objects.create_user(
                username=f"bench-window-{i}",
                password=None,
                role="window_staff",
                department=centre,
                display_name=f"窗口{i}",
            )
            for i in range(4)
        ]
        self.intake_ids = [u.pk for u in intake]
        self.handlers = {
            d.pk: [
                User.objects.create_user(
                    username=f"bench-{d.code.lower()}-{i}",
                    password=None,
                    role="department_handler",
                    department=d,
                    display_name=f"{d.name}承办{i}",
                ).pk
                for i in range(2)
            ]
            for d in self.departments
        }
        parks = [
            Park.objects.create(code="JKQ", name="揭东经济开发区"),
            Park.objects.create(code="ZDY", name="中德金属生态城"),
        ]
        town = Town.objects.create(code="T01", name="曲溪街道")
        rng = self.rng
        enterprises = []
        for serial in range(ENTERPRISES):
            body = f"91445203MA{serial:07d}"
            enterprises.append(
                Enterprise(
                    uscc=body + uscc_check_char(body),
                    name=f"揭阳市{rng.choice('陈林黄张李王吴刘')}氏实业有限公司{serial}",
                    legal_representative="陈先生",
                    industry_code="C3311",
                    scale=rng.choice(("micro", "small", "medium")),
                    park=rng.choice((*parks, None)),
                    town=town,
                    contact_name="林经理",
                    contact_phone=f"13{rng.randrange(10**9):09d}",
                )
            )
        self.enterprise_ids = [e.pk for e in Enterprise.objects.bulk_create(enterprises, batch_size=1000)]
        # Every concrete column of Demand: generated below, or its model default for the ones not generated
        # (so that a column added to the model later does not break the fixture).
        self.columns = [f for f in Demand._meta.concrete_fields if not f.primary_key]
        self.defaults = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in self.columns}
        quoted = ", ".join(connection.ops.quote_name(f.column) for f in self.columns)
        placeholders = ", ".join("?" for _ in self.columns)
        self.insert_sql = f'INSERT INTO "{Demand._meta.db_table}" ({quoted}) VALUES ({placeholders})'
        self.deadline_cache: dict[tuple[dt.date, int], tuple[float, float, bool]] = {}
        self.stats: dict[tuple[int, int | None, int], list[int]] = {}
        self.count = 0
        self.status_counts: dict[str, int] = {}

    def deadline(self, day: dt.date, days: int) -> tuple[float, float, bool]:
        key = (day, days)
        found = self.deadline_cache.get(key)
        if found is None:
            from qifu.core.deadlines import compute

            d = compute(day, days)
            found = self.deadline_cache[key] = (d.due_at.timestamp(), d.warning_at.timestamp(), d.calendar_confirmed)
        return found

    def bump(self, epoch: float, department_id: int | None, category_id: int, **counts: int) -> None:
        if epoch > self.now:
            return
        key = (local_date(epoch).toordinal(), department_id, category_id)
        row = self.stats.get(key)
        if row is None:
            row = self.stats[key] = [0] * len(STAT_COUNTERS)
        for name, value in counts.items():
            row[C[name]] += value

    def life(self, serial: int, created: float) -> dict:
        """The fields a demand registered at `created` has now, after the events of its life up to now."""
        rng, now = self.rng, self.now
        category = weighted(rng, self.categories, self.cat_cum)
        channel = weighted(rng, [c for c, _ in CHANNELS], self.channel_cum)
        topic = rng.choice(TOPICS)
        row = {
            "number": f"SQ{serial:013d}",
            "kind": weighted(rng, [k for k, _ in KINDS], self.kind_cum),
            "channel": channel,
            "category_id": category.pk,
            "enterprise_id": rng.choice(self.enterprise_ids),
            "title": f"关于{topic}的诉求",
            "content": f"企业反映{topic}事项办理遇到困难，请相关部门协调解决。",
            "contact_name": "林经理",
            "contact_phone": f"13{rng.randrange(10**9):09d}",
            "status": "registered",
            "registered_by_id": rng.choice(self.intake_ids),
            "created_at": db_time(created),
            "external_ref": f"GD{serial:012d}" if channel == "hotline" else "",
        }
        row["first_responder_id"] = row["registered_by_id"]
        self.bump(created, None, category.pk, registered=1)
        last = created
        roll = rng.random()
        if roll < 0.01:  # withdrawn by the enterprise before dispatch
            gone = created + rng.uniform(0.05, 3) * DAY
            if gone <= now:
                row["status"], last = "withdrawn", gone
            row["updated_at"] = db_time(last)
            return row
        returned = roll < 0.05
        delay = rng.uniform(2, 8) if returned else rng.uniform(0.02, 1) if rng.random() < 0.72 else rng.uniform(1, 3.5)
        assigned = created + delay * DAY
        if assigned > now:
            row["return_count"] = int(returned and now - created > DAY)
            row["updated_at"] = db_time(last)
            return row
        department_id = weighted(rng, self.dept_ids, self.dept_cum)
        roll = rng.random()
        if roll < 0.10:
            complexity, days = "simple", 0
        elif roll < 0.15 or category.default_complexity == "complex":
            complexity, days = "complex", 30
        else:
            complexity, days = "general", min(max(category.default_days, 5), 15)
        start_day = local_date(assigned)
        due, warning, confirmed = self.deadline(start_day, days)
        row.update(
            status="assigned",
            lead_department_id=department_id,
            complexity=complexity,
            return_count=int(returned),
            assigned_at=db_time(assigned),
            deadline_start=start_day.isoformat(),
            days_total=days,
            due_at=db_time(due),
            warning_at=db_time(warning),
            calendar_confirmed=confirmed,
        )
        self.bump(assigned, department_id, category.pk, assigned=1)
        last = assigned
        accepted = assigned + rng.uniform(0.02, 1.3) * DAY
        if accepted > now:
            row["updated_at"] = db_time(last)
            return row
        row.update(
            status="in_progress", accepted_at=db_time(accepted), handler_id=rng.choice(self.handlers[department_id])
        )
        self.bump(accepted, department_id, category.pk, accepted=1, accepted_in_time=int(accepted - assigned < DAY))
        last = accepted
        for cycle in range(2):
            if rng.random() < 0.2:  # answered late
                replied = due + rng.uniform(0.2, 30) * DAY
            else:
                replied = accepted + rng.uniform(0.1, 0.98) * max(due - accepted, 0.2 * DAY)
            if replied > now:
                if cycle == 1 and due < now and rng.random() < 0.05:
                    row["escalated_at"] = db_time(due + DAY)
                break
            row.update(status="replied", replied_at=db_time(replied), reply="经核实，已协调办理，并电话告知企业。")
            self.bump(replied, department_id, category.pk, replied=1, replied_on_time=int(replied <= due))
            last = replied
            visited = replied + rng.uniform(0.5, 5) * DAY
            if visited > now:
                break
            satisfied = cycle == 1 or rng.random() < 0.93
            level = rng.choice(SATISFIED) if satisfied else "unsatisfied"
            resolved = satisfied or rng.random() < 0.3
            self.bump(
                visited,
                department_id,
                category.pk,
                visited=1,
                satisfied=int(satisfied),
                resolved=int(resolved),
                reopened=int(not satisfied),
                closed=int(satisfied),
            )
            row.update(satisfaction=level, resolved=resolved)
            last = visited
            if satisfied:
                row.update(status="closed", closed_at=db_time(visited))
                archived = visited + rng.uniform(15, 60) * DAY
                if rng.random() < 0.85 and archived <= now:
                    row.update(status="archived", archived_at=db_time(archived))
                    last = archived
                break
            # Reopened: back to the department with a new deadline from the visit's day.
            start_day = local_date(visited)
            due, warning, confirmed = self.deadline(start_day, max(days, 5))
            row.update(
                status="in_progress",
                reopen_count=1,
                replied_at=None,
                deadline_start=start_day.isoformat(),
                days_total=max(days, 5),
                due_at=db_time(due),
                warning_at=db_time(warning),
                calendar_confirmed=confirmed,
            )
            accepted = visited
        row["updated_at"] = db_time(last)
        return row

    def add(self, n: int) -> float:
        """n more demands, registered one after another over the whole span (ids follow registration time)."""
        from django.db import connection, transaction

        started = time.perf_counter()
        names = [f.attname for f in self.columns]
        defaults = [self.defaults.get(name) for name in names]
        step = (self.now - self.start) / n
        connection.ensure_connection()
        raw = connection.connection
        with transaction.atomic():
            for chunk_start in range(0, n, CHUNK):
                rows = []
                for i in range(chunk_start, min(chunk_start + CHUNK, n)):
                    created = self.start + (i + self.rng.random()) * step
                    values = self.life(self.count + i + 1, created)
                    self.status_counts[values["status"]] = self.status_counts.get(values["status"], 0) + 1
                    rows.append(tuple(values.get(name, default) for name, default in zip(names, defaults, strict=True)))
                raw.executemany(self.insert_sql, rows)
        self.count += n
        return time.perf_counter() - started

    def write_stats(self) -> float:
        """Replace the daily counters by those of every demand's events so far, in both dimensions
        (per lead department and per category), as the services bump them."""
        from django.db import connection, transaction

        from qifu.demands.models import DemandDailyCount

        started = time.perf_counter()
        merged: dict[tuple[int, str, int], list[int]] = {}
        for (day, department_id, category_id), counts in self.stats.items():
            for key in ((day, "department", department_id or 0), (day, "category", category_id)):
                total = merged.setdefault(key, [0] * len(counts))
                for i, value in enumerate(counts):
                    total[i] += value
        table = DemandDailyCount._meta.db_table
        columns = ["day", "dimension", "key_id", *STAT_COUNTERS]
        sql = f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({", ".join("?" for _ in columns)})'
        rows = [
            (dt.date.fromordinal(day).isoformat(), dim, key, *counts)
            for (day, dim, key), counts in sorted(merged.items())
        ]
        with transaction.atomic():
            DemandDailyCount.objects.all().delete()
            connection.connection.executemany(sql, rows)
        return time.perf_counter() - started


# ---------------------------------------------------------------- the list page


def one_page(user, params: dict[str, str], cursor: str | None):
    from qifu.core.pagination import keyset_page
    from qifu.demands.filters import DemandFilter
    from qifu.demands.selectors import demand_list_for
    from qifu.demands.transitions import WORKFLOW

    filters = DemandFilter.parse(params)
    rows, next_cursor = keyset_page(
        demand_list_for(user, filters), cursor=cursor, limit=LIMIT, ids_first=filters.needs_ids_first
    )
    shown = 0
    for d in rows:  # what a row of the list shows
        shown += len(d.number) + len(d.title) + len(d.category.name) + len(d.enterprise.name)
        shown += len(d.lead_department.name) if d.lead_department else 0
        shown += len(d.handler.label) if d.handler else 0
        shown += len(WORKFLOW.light(d) or "")
    return rows, next_cursor


def follow(user, params: dict[str, str], depth: int) -> str | None:
    cursor = None
    for _ in range(depth):
        _, cursor = one_page(user, params, cursor)
        if cursor is None:
            raise SystemExit(f"FAIL fewer than {depth + 1} pages for {params}")
    return cursor


def median_ms(fn) -> float:
    """Median of RUNS timed calls; the lowest of ROUNDS such medians, so that a burst of load from another
    process on the machine does not decide the figure."""
    fn()  # warm
    medians = []
    for _ in range(ROUNDS):
        gc.collect()
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1e3)
        medians.append(statistics.median(times))
    return min(medians)


def page_sql(user, params: dict[str, str], cursor: str | None) -> tuple[str, list]:
    from qifu.core.pagination import decode_cursor
    from qifu.demands.filters import DemandFilter
    from qifu.demands.selectors import demand_list_for

    qs = demand_list_for(user, DemandFilter.parse(params))
    if cursor:
        qs = qs.filter(id__lt=decode_cursor(cursor))
    sql, sql_params = qs.order_by("-id")[: LIMIT + 1].query.sql_with_params()
    return sql, list(sql_params)


def sql_ms(sql: str, params: list) -> float:
    """The page's query alone, executed and fetched through the DB-API cursor: the database's share."""
    from django.db import connection

    times = []
    with connection.cursor() as db:
        for _ in range(RUNS + 1):
            started = time.perf_counter()
            db.execute(sql, params)
            db.fetchall()
            times.append((time.perf_counter() - started) * 1e3)
    return statistics.median(times[1:])


def plan_of(sql: str, params: list) -> str:
    from django.db import connection

    with connection.cursor() as db:
        db.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "; ".join(str(row[-1]) for row in db.fetchall())


def figures_sql(start: dt.date, end: dt.date, by: str) -> tuple[str, list]:
    from django.db.models import Sum

    from qifu.demands.models import DemandDailyCount
    from qifu.demands.stats import COUNTERS

    qs = (
        DemandDailyCount.objects.filter(dimension=by, day__gte=start, day__lte=end)
        .values("key_id")
        .annotate(**{name: Sum(name) for name in COUNTERS})
    )
    sql, params = qs.query.sql_with_params()
    return sql, list(params)


def measure(fx: Fixture, lists: dict[str, dict], periods: dict[str, tuple[dt.date, dt.date]]) -> dict[str, dict]:
    from qifu.demands.filters import DemandFilter
    from qifu.demands.models import DemandDailyCount
    from qifu.demands.selectors import demand_list_for
    from qifu.demands.stats import figures

    user = fx.dispatcher
    out: dict[str, dict] = {}
    for label, spec in lists.items():
        params, depth = spec["params"], spec["depth"]
        matching = demand_list_for(user, DemandFilter.parse(params)).count()
        started = time.perf_counter()
        cursor = follow(user, params, depth) if depth else None
        follow_s = time.perf_counter() - started
        rows, _ = one_page(user, params, cursor)
        ms = median_ms(lambda p=params, c=cursor: one_page(user, p, c))
        sql, sql_params = page_sql(user, params, cursor)
        out[label] = {
            "ms": ms,
            "sql_ms": sql_ms(sql, sql_params),
            "rows": len(rows),
            "matching": matching,
            "sql": sql,
            "params": sql_params,
        }
        extra = f"; {depth} pages followed in {follow_s:.2f} s" if depth else ""
        print(
            f"{fx.count:>9,}  list     {label:<24} matching {matching:>7,}  rows {len(rows):>2}  "
            f"{ms:7.2f} ms  (SQL {out[label]['sql_ms']:6.2f} ms){extra}"
        )
    for period, (start, end) in periods.items():
        for by in ("department", "category"):
            label = f"figures {period} by {by}"
            result = figures(start, end, by=by)
            ms = median_ms(lambda s=start, e=end, b=by: figures(s, e, by=b))
            sql, sql_params = figures_sql(start, end, by)
            stat_rows = DemandDailyCount.objects.filter(dimension=by, day__gte=start, day__lte=end).count()
            out[label] = {
                "ms": ms,
                "sql_ms": sql_ms(sql, sql_params),
                "rows": len(result),
                "matching": stat_rows,
                "sql": sql,
                "params": sql_params,
            }
            total = result[-1]
            print(
                f"{fx.count:>9,}  {label:<33} {stat_rows:>7,} stat rows -> {len(result):>2} rows  {ms:7.2f} ms  "
                f"(SQL {out[label]['sql_ms']:6.2f} ms)  registered {total['registered']:,}, replied "
                f"{total['replied']:,}, on time {total['on_time_rate']}%"
            )
    return out


def describe(fx: Fixture, took: float, stats_took: float) -> None:
    from qifu.demands.models import DemandDailyCount

    counts = ", ".join(f"{k} {v:,}" for k, v in sorted(fx.status_counts.items(), key=lambda kv: -kv[1]))
    print(f"created  {fx.count:,} demands in total ({took:.1f} s for this batch): {counts}")
    print(
        f"created  {DemandDailyCount.objects.count():,} daily counter rows ({stats_took:.1f} s) over "
        f"{len({k[0] for k in fx.stats}):,} days, {len(fx.departments)} departments + 待分拨, "
        f"{len(fx.categories)} categories"
    )


def lights(fx: Fixture) -> str:
    from django.utils import timezone

    from qifu.demands.choices import TIMED_STATUSES
    from qifu.demands.models import Demand

    now = timezone.now()
    timed = Demand.objects.filter(status__in=TIMED_STATUSES)
    overdue = timed.filter(due_at__lt=now).count()
    warning = timed.filter(warning_at__lte=now, due_at__gte=now).count()
    normal = timed.filter(warning_at__gt=now).count()
    return (
        f"lights of the {timed.count():,} running deadlines: normal {normal:,}, warning {warning:,}, "
        f"overdue {overdue:,}"
    )


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
    from django.utils import timezone

    print(f"database: {data_dir}/qifu.sqlite3 (SQLite WAL, migrated; removed afterwards)")
    fx = Fixture()
    lists = {
        "status=registered": {"params": {"status": "registered"}, "depth": 0},
        "light=overdue": {"params": {"light": "overdue"}, "depth": 0},
        f"dept {fx.busiest.code} + in_progress": {
            "params": {"department_id": str(fx.busiest.pk), "status": "in_progress"},
            "depth": 0,
        },
        "no filter": {"params": {}, "depth": 0},
        f"no filter, page {DEPTH + 1}": {"params": {}, "depth": DEPTH},
    }
    today = timezone.localdate()
    periods = {"30 days": (today - dt.timedelta(days=29), today), "1 year": (today - dt.timedelta(days=364), today)}
    print(
        f"setup    {len(fx.departments)} departments (busiest {fx.busiest.name}), {len(fx.categories)} categories, "
        f"{ENTERPRISES:,} enterprises; demands over the {SPAN_DAYS} days up to now; page size {LIMIT}; "
        f"times: lowest of {ROUNDS} medians of {RUNS} runs, dispatcher"
    )

    took = fx.add(FIRST_BATCH)
    describe(fx, took, fx.write_stats())
    print(f"         {lights(fx)}")
    small = measure(fx, lists, periods)

    took = fx.add(TOTAL - FIRST_BATCH)
    describe(fx, took, fx.write_stats())
    print(f"         {lights(fx)}")
    large = measure(fx, lists, periods)

    print()
    print(
        f"{'query':<36} {'10k ms':>8} {'1M ms':>8} {'ratio':>6} {'10k SQL':>8} {'1M SQL':>8} {'rows 10k/1M':>12}  goal"
    )
    misses = []
    for label in large:
        ratio = large[label]["ms"] / small[label]["ms"]
        is_list = label in lists
        ok = ratio <= RATIO_GOAL and (not is_list or large[label]["ms"] < PAGE_GOAL_MS)
        if not ok:
            misses.append(label)
        print(
            f"{label:<36} {small[label]['ms']:8.2f} {large[label]['ms']:8.2f} {ratio:6.2f} "
            f"{small[label]['sql_ms']:8.2f} {large[label]['sql_ms']:8.2f} "
            f"{small[label]['rows']:>5}/{large[label]['rows']:<6}  {'ok' if ok else 'MISSED'}"
        )
    print()
    print(f"plans at {fx.count:,} demands (EXPLAIN QUERY PLAN):")
    for label in large:
        print(f"plan     {label:<33} {plan_of(large[label]['sql'], large[label]['params'])}")
    for label in misses:
        sql = large[label]["sql"]
        params = [str(p) for p in large[label]["params"]]
        print(f"missed   {label}: SELECT … {sql[sql.index(' FROM ') :]}  params {params}")
    worst_page = max(large[label]["ms"] for label in lists)
    worst_ratio = max(large[label]["ms"] / small[label]["ms"] for label in large)
    print(
        f"goals    list page < {PAGE_GOAL_MS:.0f} ms at 1M, each 1M/10k ratio <= {RATIO_GOAL}: "
        f"{'all met' if not misses else 'missed by ' + ', '.join(misses)}"
    )
    print(f"time     {time.perf_counter() - t0:.1f} s total")
    print(f"RESULT demand_list list_page_1m_ms={worst_page:.2f} ratio={worst_ratio:.2f}")


if __name__ == "__main__":
    main()
