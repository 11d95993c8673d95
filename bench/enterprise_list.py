#!/usr/bin/env python
"""The enterprise list page's query path at 10,000 and at 100,000 enterprises.

Builds a fresh SQLite database in a temporary folder (migrated like production), fills it with
enterprises through bulk_create (a benchmark fixture, not the service: no audit rows, no checks), and
times what the list page runs for an admin: EnterpriseFilter.parse -> selectors.enterprise_page_qs ->
pagination.keyset_page(limit=30), materialising the rows and touching what a row shows (park, town,
tags, the open stewardship's officer). Timed: the first page, and a deep page (cursors followed 100
pages in first, then that cursor's page), each the median of 20 runs; first with 10,000 enterprises,
then after adding 90,000 more.

Last line: `RESULT enterprise_list deep_page_100k_ms=<v> ratio=<100k deep median / 10k deep median>`.
"""

import datetime as dt
import gc
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

# bench/ holds calendar.py: keep this folder off the import path so `import calendar` finds the standard library.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

REPO = Path(__file__).resolve().parent.parent
SEED = 20250124
FIRST_BATCH = 10_000
TOTAL = 100_000
CHUNK = 5_000
RUNS = 20
ROUNDS = 5
DEPTH = 100  # pages followed before timing the deep page
LIMIT = 30
FILTER_NAME = "park A + micro"

SCALES = (("micro", 55), ("small", 28), ("medium", 13), ("large", 4))
STAGES = (("operation", 70), ("founding", 10), ("construction", 8), ("upgrading", 10), ("deregistration", 2))
INDUSTRIES = ("C3011", "C3399", "C3841", "C3985", "C2929", "C1713", "F5191", "F5261", "I6513", "L7212", "M7320")
TAGS = ("高新技术企业", "专精特新", "科技型中小企业", "规上工业", "外资企业", "上市后备", "小巨人", "瞪羚企业")
SURNAMES = "陈林黄张李王吴刘蔡杨许郑谢洪郭邱曾廖赖徐周叶苏庄吕江何萧罗高"
WORDS = ("五金", "塑胶", "纺织", "电子", "机械", "食品", "医药", "科技", "模具", "包装", "新材料", "贸易", "物流")


def setup_django() -> str:
    sys.path.insert(0, str(REPO / "src"))
    data_dir = tempfile.mkdtemp(prefix="qifu-bench-enterprises-")
    # Forced, not defaulted: `make bench` exports QIFU_DATA_DIR=var, and this script must never fill the
    # demo database with 100,000 enterprises.
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


def weighted(rng: random.Random, pairs: tuple[tuple[str, int], ...]) -> str:
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs])[0]


class Fixture:
    """Parks, towns, tags, officers and an admin; then enterprises in id order, in chunks."""

    def __init__(self) -> None:
        from qifu.accounts.models import User
        from qifu.enterprises.models import Tag
        from qifu.orgs.models import Park, Town

        self.rng = random.Random(SEED)
        self.park_a = Park.objects.create(code="JKQ", name="揭东经济开发区")
        self.park_b = Park.objects.create(code="ZDY", name="中德金属生态城")
        self.towns = [
            Town.objects.create(code=f"T{i:02d}", name=name)
            for i, name in enumerate(("曲溪街道", "磐东街道", "云路镇", "玉窖镇", "锡场镇", "新亨镇", "白塔镇"), 1)
        ]
        # Some of these are seeded by enterprises/0002_default_tags.
        self.tags = [Tag.objects.get_or_create(name=name, defaults={"sort_order": i})[0] for i, name in enumerate(TAGS)]
        self.admin = User.objects.create_user(username="bench-admin", password=None, role="admin")
        self.officers = [
            User.objects.create_user(
                username=f"bench-officer-{i}", password=None, role="service_officer", display_name=f"助企干部{i}"
            )
            for i in range(20)
        ]
        self.count = 0

    def add(self, n: int) -> float:
        from django.db import transaction

        from qifu.core.identifiers import uscc_check_char
        from qifu.enterprises.models import Enterprise, Stewardship

        rng = self.rng
        started = time.perf_counter()
        tag_link = Enterprise.tags.through
        with transaction.atomic():
            for chunk_start in range(self.count, self.count + n, CHUNK):
                serials = range(chunk_start, min(chunk_start + CHUNK, self.count + n))
                objs = []
                for serial in serials:
                    body = f"91445203MA{serial:07d}"
                    roll = rng.random()
                    park = self.park_a if roll < 0.6 else self.park_b if roll < 0.85 else None
                    objs.append(
                        Enterprise(
                            uscc=body + uscc_check_char(body),
                            name=f"揭阳市{rng.choice(SURNAMES)}氏{rng.choice(WORDS)}有限公司{serial}",
                            legal_representative=rng.choice(SURNAMES) + "先生",
                            registered_capital=rng.randint(10, 50_000),
                            established_on=dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(9000)),
                            industry_code=rng.choice(INDUSTRIES),
                            scale=weighted(rng, SCALES),
                            park=park,
                            town=rng.choice(self.towns),
                            lifecycle_stage=weighted(rng, STAGES),
                            employees=rng.randint(1, 2000),
                            contact_name=rng.choice(SURNAMES) + "经理",
                            contact_phone=f"13{rng.randrange(10**9):09d}",
                            address=f"揭东区{rng.choice(self.towns).name}{rng.randint(1, 300)}号",
                        )
                    )
                created = Enterprise.objects.bulk_create(objs)
                links, stewardships = [], []
                for e in created:
                    if rng.random() < 0.35:
                        for tag in rng.sample(self.tags, rng.randint(1, 3)):
                            links.append(tag_link(enterprise_id=e.pk, tag_id=tag.pk))
                    if rng.random() < 0.3:
                        stewardships.append(
                            Stewardship(
                                enterprise_id=e.pk,
                                officer=rng.choice(self.officers),
                                started_on=dt.date(2025, 3, 1),
                                assigned_by=self.admin,
                            )
                        )
                tag_link.objects.bulk_create(links)
                Stewardship.objects.bulk_create(stewardships)
        self.count += n
        return time.perf_counter() - started


def render_rows(rows) -> int:
    """What the list page reads of each row; returns a checksum so that nothing is optimised away."""
    touched = 0
    for e in rows:
        touched += len(e.name) + len(e.park.name if e.park else "") + len(e.town.name if e.town else "")
        touched += len([t.name for t in e.tags.all()])
        touched += len(e.open_stewardships[0].officer.label if e.open_stewardships else "")
    return touched


def one_page(user, params: dict[str, str], cursor: str | None):
    from qifu.core.pagination import keyset_page
    from qifu.enterprises.filters import EnterpriseFilter
    from qifu.enterprises.selectors import enterprise_page_qs

    filters = EnterpriseFilter.parse(params)
    rows, next_cursor = keyset_page(enterprise_page_qs(user, filters), cursor=cursor, limit=LIMIT)
    render_rows(rows)
    return rows, next_cursor


def median_ms(user, params: dict[str, str], cursor: str | None) -> float:
    """Median of RUNS timed pages; the lowest of ROUNDS such medians, so that a burst of load from another
    process on the machine does not decide the figure."""
    one_page(user, params, cursor)  # warm
    medians = []
    for _ in range(ROUNDS):
        gc.collect()
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            rows, _ = one_page(user, params, cursor)
            times.append((time.perf_counter() - started) * 1e3)
            assert len(rows) == LIMIT, len(rows)
        medians.append(statistics.median(times))
    return min(medians)


def sql_ms(user, params: dict[str, str], cursor: str | None) -> float:
    """The page's main query alone (executed and fetched through the DB-API cursor): the database's share."""
    from django.db import connection

    from qifu.core.pagination import decode_cursor
    from qifu.enterprises.filters import EnterpriseFilter
    from qifu.enterprises.selectors import enterprise_page_qs

    qs = enterprise_page_qs(user, EnterpriseFilter.parse(params))
    if cursor:
        qs = qs.filter(id__lt=decode_cursor(cursor))
    sql, sql_params = qs.order_by("-id")[: LIMIT + 1].query.sql_with_params()
    times = []
    with connection.cursor() as db:
        for _ in range(RUNS + 1):
            started = time.perf_counter()
            db.execute(sql, sql_params)
            assert len(db.fetchall()) == LIMIT + 1
            times.append((time.perf_counter() - started) * 1e3)
    return statistics.median(times[1:])


def measure(fx: Fixture, label: str, params: dict[str, str]) -> dict[str, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from qifu.enterprises.filters import EnterpriseFilter
    from qifu.enterprises.selectors import enterprise_page_qs

    matching = enterprise_page_qs(fx.admin, EnterpriseFilter.parse(params)).count()
    first_ms = median_ms(fx.admin, params, None)
    started = time.perf_counter()
    cursor = None
    for _ in range(DEPTH):
        _, cursor = one_page(fx.admin, params, cursor)
        assert cursor is not None, f"fewer than {DEPTH + 1} pages for {label}"
    follow_s = time.perf_counter() - started
    with CaptureQueriesContext(connection) as queries:
        one_page(fx.admin, params, cursor)
    deep_ms = median_ms(fx.admin, params, cursor)
    deep_sql_ms = sql_ms(fx.admin, params, cursor)
    print(
        f"{fx.count:>7,} enterprises  {label:<14} matching {matching:>7,}  first page {first_ms:6.2f} ms  "
        f"page {DEPTH + 1} {deep_ms:6.2f} ms (its main SQL {deep_sql_ms:5.2f} ms)  "
        f"{len(queries)} queries/page; {DEPTH} pages followed in {follow_s:.2f} s"
    )
    return {"first": first_ms, "deep": deep_ms, "sql": deep_sql_ms}


def explain(fx: Fixture, params: dict[str, str]) -> None:
    from django.db import connection

    from qifu.core.pagination import encode_cursor
    from qifu.enterprises.filters import EnterpriseFilter
    from qifu.enterprises.selectors import enterprise_page_qs

    qs = enterprise_page_qs(fx.admin, EnterpriseFilter.parse(params)).filter(id__lt=fx.count // 2)
    sql, sql_params = qs.order_by("-id")[: LIMIT + 1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, sql_params)
        plan = "; ".join(str(row[-1]) for row in cursor.fetchall())
    print(f"plan     {plan}  (cursor {encode_cursor(fx.count // 2)})")


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
    print(f"database: {data_dir}/qifu.sqlite3 (SQLite, migrated; removed afterwards)")
    fx = Fixture()
    main_filter = {"park_id": str(fx.park_a.pk), "scale": "micro"}
    filters = {FILTER_NAME: main_filter, "no filter": {}, "park A": {"park_id": str(fx.park_a.pk)}}
    print(
        f"filter   {FILTER_NAME}: {main_filter}; page size {LIMIT}; page times are the lowest of {ROUNDS} "
        f"medians of {RUNS} runs; admin user"
    )

    took = fx.add(FIRST_BATCH)
    print(f"created  {FIRST_BATCH:,} enterprises (+ tags, stewardships) in {took:.1f} s")
    small = {label: measure(fx, label, params) for label, params in filters.items()}
    explain(fx, main_filter)

    took = fx.add(TOTAL - FIRST_BATCH)
    print(f"created  {TOTAL - FIRST_BATCH:,} more enterprises in {took:.1f} s")
    large = {label: measure(fx, label, params) for label, params in filters.items()}
    explain(fx, main_filter)

    for label in filters:
        print(
            f"growth   {label:<16} first page x{large[label]['first'] / small[label]['first']:.2f}  "
            f"deep page x{large[label]['deep'] / small[label]['deep']:.2f}  "
            f"deep page SQL x{large[label]['sql'] / small[label]['sql']:.2f}  (100k / 10k)"
        )
    deep_100k = large[FILTER_NAME]["deep"]
    ratio = deep_100k / small[FILTER_NAME]["deep"]
    print(f"time     {time.perf_counter() - t0:.1f} s total")
    print(f"RESULT enterprise_list deep_page_100k_ms={deep_100k:.2f} ratio={ratio:.2f}")


if __name__ == "__main__":
    main()
