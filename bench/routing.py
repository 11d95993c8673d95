#!/usr/bin/env python
"""Routing at intake on the held-out set: is the suggested lead department the right one?

bench/data/routing_demands.json holds 100 demands phrased as enterprises phrase them, each with the lead unit
the seeds and the departments' duties assign; written by another engineer for evaluation only, never read by the
product. The demo district's units (orgs demo seed, with their written duties) and the dispatch catalogue are
loaded into a migrated temporary SQLite database with no closed demand yet: this is the first day's routing,
from the catalogue and the duties alone. The baseline picks the unit whose name and duties share the most
distinct characters with the demand.

Measured twice: on the units' duties and the catalogue alone, then with the demo knowledge base loaded (its
articles join their departments' profiles, as in the demo district from its first day). `--dev` runs our own
tuning set (tests/knowledge/dev_routing.json) instead.

Last lines: RESULT routing_duties_only ... and RESULT routing top1=<%> top3=<%> baseline_top1=<%> ratio=<x>
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# bench/calendar.py would shadow the standard library's calendar module: drop this folder from the import path.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]

import json  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

REPO = os.path.dirname(HERE)


def setup_django() -> str:
    sys.path.insert(0, os.path.join(REPO, "src"))
    data_dir = tempfile.mkdtemp(prefix="qifu-bench-routing-")
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


def main() -> None:
    data_dir = setup_django()
    try:
        run()
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(data_dir, ignore_errors=True)


def evaluate(demands, names, label):
    import time

    from qifu.knowledge import routing

    routing.MODEL.reset()
    routing.route("预热")  # the profiles are built once per process
    top1 = top3 = 0
    timings = []
    for item in demands:
        started = time.perf_counter()
        found = routing.route(item["text"])
        timings.append(time.perf_counter() - started)
        ranked = [names[pk] for pk, _ in found.ranking]
        top1 += int(ranked[:1] == [item["lead_unit"]])
        top3 += int(item["lead_unit"] in ranked[:3])
    timings.sort()
    n = len(demands)
    print(
        f"{label}: top1 {100 * top1 / n:.0f}%, top3 {100 * top3 / n:.0f}%, "
        f"p95 {1000 * timings[int(0.95 * n) - 1]:.1f} ms"
    )
    return top1, top3


def run() -> None:
    from qifu.accounts.models import User
    from qifu.knowledge.demo import seed_demo
    from qifu.orgs.demo import seed_demo_units
    from qifu.orgs.models import Department

    seed_demo_units(random.Random(1))
    dev = "--dev" in sys.argv
    if dev:
        path = os.path.join(REPO, "tests", "knowledge", "dev_routing.json")
    else:
        path = os.path.join(HERE, "data", "routing_demands.json")
    with open(path, encoding="utf-8") as f:
        demands = json.load(f)
    n = len(demands)
    names = {d.pk: d.name for d in Department.objects.all()}
    profiles = [(d.name, set(f"{d.name}{d.duties}")) for d in Department.objects.filter(is_active=True)]
    base1 = 0
    for item in demands:
        chars = set(item["text"])
        best = max(profiles, key=lambda p: (len(chars & p[1]), p[0]))
        base1 += int(best[0] == item["lead_unit"])
    print(f"{n} demands ({'our own tuning set' if dev else 'held out'}), {len(profiles)} units")
    duties1, duties3 = evaluate(demands, names, "units' duties and the catalogue only")
    # The demo knowledge base (product data, knowledge/data/demo_articles.json), as the demo district has it on
    # its first day: each department's published articles join its profile.
    User.objects.create_user(username="demo-admin", password="bench-pass-2026", role="admin")
    print(seed_demo(random.Random(1)))
    top1, top3 = evaluate(demands, names, "with the knowledge base")
    name = "routing_dev" if dev else "routing"
    print(
        f"RESULT {name}_duties_only top1={100 * duties1 / n:.0f}% top3={100 * duties3 / n:.0f}% "
        f"baseline_top1={100 * base1 / n:.0f}% ratio={duties1 / base1 if base1 else 0:.2f}"
    )
    print(
        f"RESULT {name} top1={100 * top1 / n:.0f}% top3={100 * top3 / n:.0f}% "
        f"baseline_top1={100 * base1 / n:.0f}% ratio={top1 / base1 if base1 else 0:.2f}"
    )


if __name__ == "__main__":
    main()
