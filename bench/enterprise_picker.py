#!/usr/bin/env python
"""The enterprise picker's query (selectors.enterprise_pick, what /enterprises/pick/?q= runs as one types) at
10,000 and at 100,000 enterprises.

Builds the same SQLite database as bench/enterprise_list.py (its setup and fixture: migrated, enterprises named
like 揭阳市陈氏科技有限公司123 through bulk_create) and times, for window staff (the whole register) and for an
officer (its stewarded enterprises), what a clerk types: a name's start, a trade word, a narrower word, the start
of a 统一社会信用代码 and a whole one. Each query is the median of RUNS runs; the figure is the median over the
queries, the lowest of ROUNDS such figures.

Also printed, not in the ratio: a word that no name holds, which scans every name (the picker's slow case).

Last line: `RESULT enterprise_picker p50_ms=<100k median> ratio=<100k median / 10k median>`.
"""

import gc
import importlib.util
import statistics
import time
from pathlib import Path

RUNS = 30
ROUNDS = 5
TYPED = ("揭阳市陈", "科技", "陈氏模具", "91445203MA00012", "")  # the last: a whole code, filled in below
NOWHERE = "不存在的名称"


def _enterprise_list_bench():
    spec = importlib.util.spec_from_file_location(
        "enterprise_list_bench", Path(__file__).with_name("enterprise_list.py")
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def median_ms(user, queries: list[str]) -> tuple[float, dict[str, int]]:
    from qifu.enterprises.selectors import enterprise_pick

    found = {q: len(enterprise_pick(user, q)) for q in queries}  # warm, and what each finds
    figures = []
    for _ in range(ROUNDS):
        gc.collect()
        per_query = []
        for q in queries:
            times = []
            for _ in range(RUNS):
                started = time.perf_counter()
                enterprise_pick(user, q)
                times.append((time.perf_counter() - started) * 1e3)
            per_query.append(statistics.median(times))
        figures.append(statistics.median(per_query))
    return min(figures), found


def plan(user, q: str) -> str:
    from django.db import connection
    from django.db.models import Q

    from qifu.enterprises.selectors import pickable_enterprises

    sql, params = (
        pickable_enterprises(user)
        .filter(Q(uscc__startswith=q.upper()) | Q(name__startswith=q))[:20]
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "; ".join(str(row[-1]) for row in cursor.fetchall())


def measure(fx, window, officer, queries: list[str]) -> dict[str, float]:
    out = {}
    for label, user in (("window staff", window), ("officer", officer)):
        ms, found = median_ms(user, queries)
        slow, _ = median_ms(user, [NOWHERE])
        out[label] = ms
        hits = ", ".join(f"{q}→{n}" for q, n in found.items())
        print(f"{fx.count:>7,} enterprises  {label:<12} median {ms:6.3f} ms  ({hits})  no match: {slow:6.2f} ms")
    return out


def main() -> None:
    t0 = time.perf_counter()
    bench = _enterprise_list_bench()
    data_dir = bench.setup_django()
    try:
        from django.db import connections

        from qifu.accounts.models import User

        fx = bench.Fixture()
        window = User.objects.create_user(username="bench-window", password=None, role="window_staff")
        officer = fx.officers[0]
        print(f"database: {data_dir}/qifu.sqlite3 (SQLite, migrated; removed afterwards); {RUNS} runs a query")
        took = fx.add(bench.FIRST_BATCH)
        print(f"created  {bench.FIRST_BATCH:,} enterprises in {took:.1f} s")
        from qifu.enterprises.models import Enterprise

        queries = [q for q in TYPED if q] + [Enterprise.objects.order_by("id").values_list("uscc", flat=True)[5000]]
        small = measure(fx, window, officer, queries)
        print(f"plan     {plan(window, queries[0])}")
        took = fx.add(bench.TOTAL - bench.FIRST_BATCH)
        print(f"created  {bench.TOTAL - bench.FIRST_BATCH:,} more in {took:.1f} s")
        large = measure(fx, window, officer, queries)
        print(f"plan     {plan(window, queries[0])}")
        for label in small:
            print(f"growth   {label:<12} x{large[label] / small[label]:.2f} (100k / 10k)")
        print(f"time     {time.perf_counter() - t0:.1f} s total")
        key = "window staff"
        print(f"RESULT enterprise_picker p50_ms={large[key]:.3f} ratio={large[key] / small[key]:.2f}")
    finally:
        connections.close_all()
        import shutil

        shutil.rmtree(data_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
