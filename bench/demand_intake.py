#!/usr/bin/env python
"""Demand intake through the real API, against a view that does one INSERT.

Builds a fresh SQLite database in a temporary folder (migrated like production) with a centre and a
department, a park, an admin, an enterprise registered through enterprises.services.enterprise_create, and
three dispatchers (the one who registers, and two colleagues: the "new demand" notification goes to all
three). Then, through django.test.Client and the whole middleware stack:

* api: `POST /api/v1/demands` with the dispatcher's bearer token (accounts.services.token_issue) and the
  JSON body {enterprise_id, kind, channel, category, title, content}: token lookup, schema, validation,
  numbering (DemandCounter), the INSERT, the daily counters (DemandDailyCount), timeline, hash-chained audit
  event, notifications, the duplicate check and the full DemandOut answer;
* baseline: `POST /bench/baseline-demand` to a function view defined here that parses the same JSON and
  does one `Demand.objects.create(...)` with the minimum fields, answering {"id": ...}. The URL map is
  qifu.urls plus that path (settings.ROOT_URLCONF points at a module built here).

Both write to the same database. After a warm-up, ROUNDS rounds each time REQUESTS requests of the api
and REQUESTS of the baseline (interleaved, the order alternating); each side's rate is its best round.
The api's requests rotate over ENTERPRISES enterprises so that the duplicate check (open demands of the
same enterprise) sees a few hundred open demands per enterprise, not the whole run's.

Then the floor: `GET /api/v1/auth/me` with the same token (middleware, token lookup, ninja, a small answer),
what any API request costs before its own work. INTAKE_REQUESTS and INTAKE_ROUNDS shorten a run.

Last line: `RESULT demand_intake api_per_s=<api demands/s> ratio=<api rate / baseline rate>`.
With --profile, the api path's cProfile summary follows (cumulative and own time).
"""

import os
import sys

# bench/ holds calendar.py: drop this folder from the import path, or `import calendar` (which dateutil, under
# celery, does) would import that script instead of the standard library module.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import cProfile  # noqa: E402
import gc  # noqa: E402
import io  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import pstats  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import types  # noqa: E402
from pathlib import Path  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
REQUESTS = int(os.environ.get("INTAKE_REQUESTS", "1000"))
ROUNDS = int(os.environ.get("INTAKE_ROUNDS", "5"))
WARMUP = 100
ENTERPRISES = 10
PROFILE_REQUESTS = 500
API_PATH = "/api/v1/demands"
BASELINE_PATH = "/bench/baseline-demand"
URLCONF = "bench_demand_intake_urls"


def setup_django() -> str:
    sys.path.insert(0, str(REPO / "src"))
    data_dir = tempfile.mkdtemp(prefix="qifu-bench-intake-")
    # Forced, not defaulted: `make bench` exports QIFU_DATA_DIR=var, and this script must never write
    # thousands of demands into the demo database.
    os.environ["QIFU_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("DEBUG", None)  # DEBUG keeps every query's SQL: not what production does
    os.environ.pop("EMAIL_HOST", None)  # no outbox rows: notifications are inbox rows only
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qifu.settings")
    os.environ.setdefault("QIFU_INSECURE_DEV_KEY", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return data_dir


def install_urlconf() -> None:
    """qifu.urls plus the baseline view, as the ROOT_URLCONF of every request from here on."""
    from django.conf import settings
    from django.http import JsonResponse
    from django.urls import clear_url_caches, path
    from django.views.decorators.http import require_POST

    from qifu.demands.models import Demand, DemandCategory
    from qifu.urls import urlpatterns

    serial = itertools.count(1)
    categories: dict[str, int] = dict(DemandCategory.objects.values_list("code", "id"))

    @require_POST
    def baseline_demand(request):
        data = json.loads(request.body)
        demand = Demand.objects.create(
            number=f"BL{next(serial):013d}",
            channel=data["channel"],
            category_id=categories[data["category"]],
            enterprise_id=data["enterprise_id"],
            title=data["title"],
            content=data["content"],
        )
        return JsonResponse({"id": demand.pk}, status=201)

    module = types.ModuleType(URLCONF)
    module.urlpatterns = [path(BASELINE_PATH.lstrip("/"), baseline_demand), *urlpatterns]
    sys.modules[URLCONF] = module
    settings.ROOT_URLCONF = URLCONF
    clear_url_caches()


class Fixture:
    def __init__(self) -> None:
        from django.db import transaction

        from qifu.accounts.models import User
        from qifu.accounts.services import token_issue
        from qifu.core.identifiers import uscc_check_char
        from qifu.demands.models import DemandCategory
        from qifu.enterprises.services import enterprise_create
        from qifu.orgs.choices import DepartmentKind
        from qifu.orgs.models import Department, Park

        centre = Department.objects.create(code="ZSJ", name="政务服务数据管理局", kind=DepartmentKind.CENTER)
        market = Department.objects.create(code="SJJ", name="市场监督管理局", kind=DepartmentKind.DEPARTMENT)
        DemandCategory.objects.filter(code="market").update(default_department=market)
        park = Park.objects.create(code="JKQ", name="揭东经济开发区")
        admin = User.objects.create_user(username="bench-admin", password=None, role="admin", department=centre)
        self.dispatchers = [
            User.objects.create_user(
                username=f"bench-dispatcher-{i}",
                password=None,
                role="dispatcher",
                department=centre,
                display_name=f"分拨员{i}",
            )
            for i in range(3)
        ]
        self.enterprises = []
        for i in range(ENTERPRISES + 1):
            body = f"91445203MA{i + 1:07d}"
            self.enterprises.append(
                enterprise_create(
                    actor=admin,
                    data={
                        "uscc": body + uscc_check_char(body),
                        "name": f"揭阳市宏达五金制品有限公司{i}",
                        "industry_code": "C3311",
                        "scale": "small",
                        "park_id": park.pk,
                        "legal_representative": "陈建华",
                        "contact_name": "林晓东",
                        "contact_phone": "13800138000",
                    },
                )
            )
        # The last enterprise takes the baseline's rows, so that they never count as the api's open demands.
        self.baseline_enterprise = self.enterprises.pop()
        with transaction.atomic():
            raw, _ = token_issue(user=self.dispatchers[0])
        self.token = raw
        self.api_sent = 0
        self.baseline_sent = 0

    def api_body(self) -> str:
        self.api_sent += 1
        return json.dumps(
            {
                "enterprise_id": self.enterprises[self.api_sent % len(self.enterprises)].pk,
                "kind": "need",
                "channel": "hotline",
                "category": "market",
                "title": f"企业反映营业执照变更登记办理进度{self.api_sent}",
                "content": "企业于上月提交营业执照变更登记申请，至今未收到办理结果，请协调市场监管部门尽快办理。",
            },
            ensure_ascii=False,
        )

    def baseline_body(self) -> str:
        self.baseline_sent += 1
        return json.dumps(
            {
                "enterprise_id": self.baseline_enterprise.pk,
                "kind": "need",
                "channel": "hotline",
                "category": "market",
                "title": f"企业反映营业执照变更登记办理进度{self.baseline_sent}",
                "content": "企业于上月提交营业执照变更登记申请，至今未收到办理结果，请协调市场监管部门尽快办理。",
            },
            ensure_ascii=False,
        )


def api_batch(fx: Fixture, client, n: int) -> float:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {fx.token}"}
    bodies = [fx.api_body() for _ in range(n)]
    started = time.perf_counter()
    for body in bodies:
        response = client.post(API_PATH, body, content_type="application/json", **headers)
        if response.status_code != 201:
            raise SystemExit(f"FAIL api answered {response.status_code}: {response.content[:500]!r}")
    return time.perf_counter() - started


def baseline_batch(fx: Fixture, client, n: int) -> float:
    bodies = [fx.baseline_body() for _ in range(n)]
    started = time.perf_counter()
    for body in bodies:
        response = client.post(BASELINE_PATH, body, content_type="application/json")
        if response.status_code != 201:
            raise SystemExit(f"FAIL baseline answered {response.status_code}: {response.content[:500]!r}")
    return time.perf_counter() - started


def floor_batch(fx: Fixture, client, n: int) -> float:
    """`GET /api/v1/auth/me` with the same token: middleware, token lookup, ninja and a small answer, no write.
    What any API request costs before the intake's own work."""
    headers = {"HTTP_AUTHORIZATION": f"Bearer {fx.token}"}
    started = time.perf_counter()
    for _ in range(n):
        response = client.get("/api/v1/auth/me", **headers)
        if response.status_code != 200:
            raise SystemExit(f"FAIL /auth/me answered {response.status_code}")
    return time.perf_counter() - started


def count_queries(fx: Fixture, client, n: int = 20) -> tuple[float, float]:
    """SQL statements per request (BEGIN, COMMIT and savepoints included), averaged over n requests."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as api_queries:
        api_batch(fx, client, n)
    with CaptureQueriesContext(connection) as baseline_queries:
        baseline_batch(fx, client, n)
    return len(api_queries) / n, len(baseline_queries) / n


def check_effects(fx: Fixture) -> None:
    """The api path really did everything: numbers, counters, timeline, audit chain, notifications."""
    from qifu.core.audit import verify_chain
    from qifu.core.models import Notification, TimelineEvent
    from qifu.demands.models import Demand, DemandDailyCount

    api_demands = Demand.objects.filter(number__startswith="SQ").count()
    baseline_demands = Demand.objects.filter(number__startswith="BL").count()
    timeline = TimelineEvent.objects.filter(subject_type="demand", action="register").count()
    notifications = Notification.objects.count()
    registered = sum(DemandDailyCount.objects.filter(dimension="category").values_list("registered", flat=True))
    if api_demands != fx.api_sent or baseline_demands != fx.baseline_sent:
        raise SystemExit(
            f"FAIL {api_demands} api / {baseline_demands} baseline demands, sent {fx.api_sent} / {fx.baseline_sent}"
        )
    if timeline != api_demands or registered != api_demands or notifications != api_demands * len(fx.dispatchers):
        raise SystemExit(
            f"FAIL effects: {timeline} timeline, {registered} counted, {notifications} notifications "
            f"for {api_demands} demands"
        )
    chain = verify_chain()
    if not chain.ok:
        raise SystemExit(f"FAIL audit chain broken at {chain.broken_at}: {chain.reason}")
    print(
        f"check    {api_demands:,} api demands: {timeline:,} timeline steps, {notifications:,} notifications, "
        f"daily counters registered={registered:,}; audit chain of {chain.checked:,} events intact"
    )


def profile(fx: Fixture, client) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    api_batch(fx, client, PROFILE_REQUESTS)
    profiler.disable()
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(40)
        print(f"profile  api path, {PROFILE_REQUESTS} requests, by {order}:")
        print(out.getvalue())


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
    from django.test import Client

    print(f"database: {data_dir}/qifu.sqlite3 (SQLite WAL, migrated; removed afterwards)")
    fx = Fixture()
    install_urlconf()
    client = Client(HTTP_HOST="localhost")
    print(
        f"setup    {len(fx.dispatchers)} dispatchers (notified of each new demand), {len(fx.enterprises)} enterprises "
        f"for the api + 1 for the baseline; {REQUESTS:,} requests per side per round, {ROUNDS} rounds, best round"
    )

    api_batch(fx, client, WARMUP)
    baseline_batch(fx, client, WARMUP)
    api_q, baseline_q = count_queries(fx, client)
    print(f"queries  api {api_q:.1f} SQL statements per request, baseline {baseline_q:.1f}")

    api_times, baseline_times = [], []
    for round_no in range(ROUNDS):
        gc.collect()
        if round_no % 2:
            baseline_times.append(baseline_batch(fx, client, REQUESTS))
            api_times.append(api_batch(fx, client, REQUESTS))
        else:
            api_times.append(api_batch(fx, client, REQUESTS))
            baseline_times.append(baseline_batch(fx, client, REQUESTS))
        print(
            f"round {round_no + 1}  api {REQUESTS / api_times[-1]:8.1f}/s ({api_times[-1] / REQUESTS * 1e3:6.2f} ms)  "
            f"baseline {REQUESTS / baseline_times[-1]:8.1f}/s ({baseline_times[-1] / REQUESTS * 1e3:6.2f} ms)"
        )
    check_effects(fx)
    floor = min(floor_batch(fx, client, REQUESTS) for _ in range(2)) / REQUESTS

    api_rate = REQUESTS / min(api_times)
    baseline_rate = REQUESTS / min(baseline_times)
    ratio = api_rate / baseline_rate
    print(f"api      {api_rate:8.1f} demands/s  {1e3 / api_rate:6.2f} ms each (best round)")
    print(f"baseline {baseline_rate:8.1f} demands/s  {1e3 / baseline_rate:6.2f} ms each (best round)")
    print(
        f"floor    {floor * 1e3:6.2f} ms each: GET /api/v1/auth/me with the token (any API request before its work); "
        f"the intake's own work is {1e3 / api_rate - floor * 1e3:.2f} ms"
    )
    print(f"ratio    {ratio:.3f} (api rate / baseline rate; goal >= 0.5)")
    if "--profile" in sys.argv[1:]:
        profile(fx, client)
    print(f"time     {time.perf_counter() - t0:.1f} s total")
    print(f"RESULT demand_intake api_per_s={api_rate:.1f} ratio={ratio:.3f}")


if __name__ == "__main__":
    main()
