#!/usr/bin/env python
"""Load: simulated users against gunicorn, on PostgreSQL (200 users) and on the SQLite default (50 users).

For each database the script builds a fresh demo database (PostgreSQL: `qifu_load` on QIFU_LOAD_SERVER,
default postgres://postgres@127.0.0.1:5432/, dropped and re-created; SQLite: a temporary QIFU_DATA_DIR), runs
`manage.py migrate` and `seed_demo`, and starts gunicorn itself on a free port of 127.0.0.1 (WORKERS workers of
THREADS threads, DEBUG off, CONN_MAX_AGE=60) serving qifu.urls plus one bare view: `POST /bench/bare`, one
`Demand` INSERT answering {"id"} (the baseline view of bench/demand_intake.py). It never talks to anything
but 127.0.0.1.

The demo accounts log in through `POST /api/v1/auth/token`. Each simulated user is one asyncio task with its
own role mix, looping for SECONDS seconds, each request chosen at random:
* 70% reads across roles: the dispatcher's demand list (registered / all / overdue), a demand's detail, the
  enterprise list, the dashboard's departments and lights, the header search; the handler's and the head's
  lists; the supervisor's overdue list; the enterprise's own demands;
* 20% intakes: `POST /api/v1/demands` with an Idempotency-Key (by the dispatcher, the window or the
  enterprise); one in ten is sent twice with the same key, and both answers must name the same demand;
* 10% workflow actions on the user's own demands: assign (dispatcher, to the handler's department), then
  accept (the handler); with nothing of its own to move yet, the user makes an intake instead.
At most USERS requests are in flight (one per user); each has a 60 s timeout.

An error is any answer other than the expected 200/201 (a 409 included: no two users ever act on the same
demand), a timeout or a refused connection; "database is locked" is searched in every answer's body and in
gunicorn's log. Then the bare view alone, by as many users for BARE_SECONDS.

Prints per database: requests, errors, p50/p99 of the mix and of the bare view, and
`RESULT load_<db> p99_ms=<mix p99> ratio=<mix p99 / bare p99> errors=<n> rps=<requests/s>`.

Parameters (argv `--db pg|sqlite|both --users N --seconds S`, or env LOAD_DB, LOAD_USERS, LOAD_SECONDS,
LOAD_WORKERS, LOAD_THREADS, LOAD_BARE_SECONDS); defaults: both, 200 users on PostgreSQL and 50 on SQLite, 120 s.
"""

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import argparse  # noqa: E402
import asyncio  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
import uuid  # noqa: E402
from collections import Counter  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import httpx  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PASSWORD = "qifu-demo-2026"
SERVER = os.environ.get("QIFU_LOAD_SERVER", "postgres://postgres@127.0.0.1:5432/").rstrip("/") + "/"
PG_DB = "qifu_load"
TIMEOUT = 60.0

WSGI = '''
"""qifu's WSGI application plus the bare view of bench/load.py (written by it into a temporary folder)."""
import itertools, json, os, sys, types

from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()

from django.conf import settings  # noqa: E402
from django.http import JsonResponse  # noqa: E402
from django.urls import clear_url_caches, path  # noqa: E402
from django.views.decorators.csrf import csrf_exempt  # noqa: E402

from qifu.demands.models import Demand, DemandCategory  # noqa: E402
from qifu.enterprises.models import Enterprise  # noqa: E402
from qifu.urls import urlpatterns  # noqa: E402

serial = itertools.count(1)
ids = {}


@csrf_exempt
def bare(request):
    """One INSERT, as bench/demand_intake.py's baseline view."""
    if not ids:
        ids["category"] = DemandCategory.objects.values_list("id", flat=True).first()
        ids["enterprise"] = Enterprise.objects.values_list("id", flat=True).first()
    data = json.loads(request.body)
    demand = Demand.objects.create(
        number=f"BL{os.getpid() % 1000:03d}{next(serial):010d}",
        channel="hotline",
        category_id=ids["category"],
        enterprise_id=ids["enterprise"],
        title=data["title"],
        content=data["content"],
    )
    return JsonResponse({"id": demand.pk}, status=201)


module = types.ModuleType("bench_load_urls")
module.urlpatterns = [path("bench/bare", bare), *urlpatterns]
sys.modules["bench_load_urls"] = module
settings.ROOT_URLCONF = "bench_load_urls"
clear_url_caches()
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL)


class Server:
    """A fresh demo database and gunicorn serving it."""

    def __init__(self, db: str, workers: int, threads: int) -> None:
        self.db = db
        self.tmp = tempfile.mkdtemp(prefix=f"qifu-load-{db}-")
        self.env = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "DATABASE_URL", "EMAIL_HOST")}
        self.env.update(
            QIFU_DATA_DIR=self.tmp,
            QIFU_INSECURE_DEV_KEY="1",
            PYTHONPATH=f"{self.tmp}:{REPO / 'src'}",
            DJANGO_SETTINGS_MODULE="qifu.settings",
            ALLOWED_HOSTS="127.0.0.1",
            CONN_MAX_AGE="60",
            LOG_LEVEL="WARNING",
        )
        if db == "pg":
            self.env["DATABASE_URL"] = SERVER + PG_DB
        self.workers, self.threads = workers, threads
        self.port = free_port()
        self.log = Path(self.tmp) / "gunicorn.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def prepare(self) -> None:
        if self.db == "pg":
            import psycopg

            with psycopg.connect(SERVER + "postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
                conn.execute(f"CREATE DATABASE {PG_DB}")
        started = time.perf_counter()
        manage(self.env, "migrate", "--noinput", "-v", "0")
        manage(self.env, "seed_demo")
        (Path(self.tmp) / "bench_load_wsgi.py").write_text(WSGI)
        print(f"setup    {self.db}: fresh demo database in {time.perf_counter() - started:.0f} s", flush=True)

    def start(self) -> str:
        cmd = [
            PYTHON,
            "-m",
            "gunicorn",
            "bench_load_wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            f"--threads={self.threads}",
            "--backlog=2048",
            "--timeout=120",
            # Longer than the client's idle connections live: with gunicorn's 2 s default, a request sent on a
            # connection the server is just closing fails (httpx RemoteProtocolError), a client-side race.
            "--keep-alive=75",
            "--graceful-timeout=10",
            f"--error-logfile={self.log}",
            "--capture-output",
        ]
        self.proc = subprocess.Popen(cmd, cwd=REPO, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{self.port}"
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(f"{url}/api/v1/items", timeout=5).status_code < 500:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            raise SystemExit(f"FAIL gunicorn did not answer on {url}; log: {self.log.read_text()[-2000:]}")
        print(f"setup    gunicorn on {url}: {self.workers} workers x {self.threads} threads, DEBUG off", flush=True)
        return url

    def stop(self) -> str:
        if self.proc is not None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        log = self.log.read_text(errors="replace") if self.log.exists() else ""
        if log:
            kept = Path(tempfile.gettempdir()) / f"qifu-load-{self.db}-gunicorn.log"
            kept.write_text(log)
            print(f"log      gunicorn's log kept in {kept}")
        if self.db == "pg":
            import psycopg

            with psycopg.connect(SERVER + "postgres", autocommit=True) as conn:
                conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        shutil.rmtree(self.tmp, ignore_errors=True)
        return log


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    locked: int = 0
    examples: list[str] = field(default_factory=list)

    def add(self, kind: str, ms: float) -> None:
        self.latencies.setdefault(kind, []).append(ms)

    def error(self, what: str) -> None:
        self.errors[what] += 1
        if len(self.examples) < 8:
            self.examples.append(what)

    @property
    def all(self) -> list[float]:
        return [ms for values in self.latencies.values() for ms in values]


def pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


class World:
    """What the simulated users know: their tokens, ids to read, the department to assign to."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.tokens: dict[str, str] = {}
        self.me: dict[str, dict[str, Any]] = {}

    async def login(self, client: httpx.AsyncClient) -> None:
        for name in ("dispatcher", "window", "officer", "handler", "head", "supervisor", "enterprise", "admin"):
            r = await client.post(
                f"{self.url}/api/v1/auth/token", json={"username": f"demo-{name}", "password": PASSWORD}
            )
            if r.status_code != 200:
                raise SystemExit(f"FAIL login demo-{name}: {r.status_code} {r.text[:300]}")
            self.tokens[name] = r.json()["token"]
            self.me[name] = r.json()["user"]
        r = await client.get(f"{self.url}/api/v1/enterprises?limit=50", headers=self.auth("dispatcher"))
        self.enterprise_ids = [e["id"] for e in r.json()["items"]]
        r = await client.get(f"{self.url}/api/v1/demands?limit=100", headers=self.auth("dispatcher"))
        self.demand_ids = [d["id"] for d in r.json()["items"]]
        self.department_id = self.me["handler"]["department_id"]
        if not (self.enterprise_ids and self.demand_ids and self.department_id):
            raise SystemExit("FAIL the demo data has no enterprises, demands or handler department")

    def auth(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"}


READS = (  # (weight, role, path)
    (12, "dispatcher", "/api/v1/demands?status=registered&limit=20"),
    (8, "dispatcher", "/api/v1/demands?limit=20"),
    (5, "dispatcher", "/api/v1/demands?light=overdue&limit=20"),
    (14, "dispatcher", "DETAIL"),
    (6, "officer", "/api/v1/enterprises?limit=20"),
    (6, "handler", "/api/v1/demands?status=assigned&limit=20"),
    (4, "head", "/api/v1/demands?status=in_progress&limit=20"),
    (5, "supervisor", "/api/v1/dashboard/departments"),
    (4, "supervisor", "/api/v1/dashboard/lights"),
    (4, "supervisor", "/api/v1/demands?light=warning&limit=20"),
    (6, "enterprise", "/api/v1/demands?limit=20"),
    (4, "window", "/api/v1/search?q=%E5%AE%8F%E8%BE%BE"),
    (2, "admin", "/api/v1/auth/me"),
)
READ_WEIGHTS = [w for w, _, _ in READS]


class User:
    def __init__(self, world: World, client: httpx.AsyncClient, stats: Stats, rng: random.Random) -> None:
        self.world, self.client, self.stats, self.rng = world, client, stats, rng
        self.registered: list[int] = []  # own demands waiting to be assigned
        self.assigned: list[int] = []  # own demands waiting to be accepted

    async def call(self, kind: str, method: str, path: str, role: str, expect: int, **kw: Any) -> Any:
        started = time.perf_counter()
        try:
            r = await self.client.request(
                method, f"{self.world.url}{path}", headers={**self.world.auth(role), **kw.pop("headers", {})}, **kw
            )
        except httpx.HTTPError as exc:
            self.stats.error(f"{kind}: {type(exc).__name__}")
            return None
        ms = (time.perf_counter() - started) * 1e3
        if "database is locked" in r.text:
            self.stats.locked += 1
        if r.status_code != expect:
            self.stats.error(f"{kind}: {method} {path.split('?')[0]} -> {r.status_code} {r.text[:160]}")
            return None
        self.stats.add(kind, ms)
        return r.json()

    async def read(self) -> None:
        _, role, path = self.rng.choices(READS, READ_WEIGHTS)[0]
        if path == "DETAIL":
            path = f"/api/v1/demands/{self.rng.choice(self.world.demand_ids)}"
        await self.call("read", "GET", path, role, 200)

    async def intake(self) -> None:
        role = self.rng.choice(("dispatcher", "dispatcher", "window", "enterprise"))
        body: dict[str, Any] = {
            "kind": "need",
            "category": "market",
            "title": f"营业执照变更登记办理进度咨询{self.rng.randrange(10**6)}",
            "content": "企业于上月提交营业执照变更登记申请，至今未收到办理结果，请协调尽快办理。",
        }
        if role != "enterprise":
            body.update(enterprise_id=self.rng.choice(self.world.enterprise_ids), channel="hotline")
        key = {"Idempotency-Key": uuid.uuid4().hex}
        out = await self.call("intake", "POST", "/api/v1/demands", role, 201, json=body, headers=key)
        if out is None:
            return
        if self.rng.random() < 0.1:  # the client retries: the same answer, no second demand
            again = await self.call("intake", "POST", "/api/v1/demands", role, 201, json=body, headers=dict(key))
            if again is not None and again["id"] != out["id"]:
                self.stats.error(f"intake: idempotency broken, {out['id']} then {again['id']}")
        if role != "enterprise":
            self.registered.append(out["id"])

    async def act(self) -> None:
        if self.assigned:
            demand_id = self.assigned.pop(0)
            await self.call("action", "POST", f"/api/v1/demands/{demand_id}/accept", "handler", 200, json={})
        elif self.registered:
            demand_id = self.registered.pop(0)
            body = {"department_id": self.world.department_id, "note": "请按时办理"}
            out = await self.call("action", "POST", f"/api/v1/demands/{demand_id}/assign", "dispatcher", 200, json=body)
            if out is not None:
                self.assigned.append(demand_id)
        else:
            await self.intake()

    async def run(self, until: float) -> None:
        while time.perf_counter() < until:
            roll = self.rng.random()
            if roll < 0.7:
                await self.read()
            elif roll < 0.9:
                await self.intake()
            else:
                await self.act()


async def bare_user(url: str, client: httpx.AsyncClient, stats: Stats, until: float) -> None:
    n = 0
    while time.perf_counter() < until:
        n += 1
        started = time.perf_counter()
        try:
            r = await client.post(f"{url}/bench/bare", json={"title": f"基线{n}", "content": "基线请求"})
        except httpx.HTTPError as exc:
            stats.error(f"bare: {type(exc).__name__}")
            continue
        if r.status_code != 201:
            stats.error(f"bare: {r.status_code} {r.text[:160]}")
            continue
        stats.add("bare", (time.perf_counter() - started) * 1e3)


async def drive(url: str, users: int, seconds: float, bare_seconds: float) -> tuple[Stats, Stats, float]:
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(limits=limits, timeout=TIMEOUT) as client:
        world = World(url)
        await world.login(client)
        stats = Stats()
        started = time.perf_counter()
        until = started + seconds
        await asyncio.gather(*(User(world, client, stats, random.Random(i)).run(until) for i in range(users)))
        elapsed = time.perf_counter() - started
        bare = Stats()
        until = time.perf_counter() + bare_seconds
        await asyncio.gather(*(bare_user(url, client, bare, until) for _ in range(users)))
    return stats, bare, elapsed


def report(db: str, users: int, stats: Stats, bare: Stats, elapsed: float, log: str) -> None:
    done = stats.all
    errors = sum(stats.errors.values())
    locked_log = log.count("database is locked")
    print(f"{db:<8} {users} users, {elapsed:.0f} s: {len(done) + errors:,} requests ({len(done) / elapsed:.1f}/s)")
    for kind, values in sorted(stats.latencies.items()):
        print(
            f"{db:<8}   {kind:<7} {len(values):>7,}  p50 {pct(values, 0.5):8.1f} ms  p99 {pct(values, 0.99):8.1f} ms  "
            f"mean {statistics.fmean(values):8.1f} ms"
        )
    b = bare.all
    print(f"{db:<8}   bare    {len(b):>7,}  p50 {pct(b, 0.5):8.1f} ms  p99 {pct(b, 0.99):8.1f} ms (same users)")
    print(
        f"{db:<8} errors {errors} (bare {sum(bare.errors.values())}); 'database is locked' in answers "
        f"{stats.locked + bare.locked}, in gunicorn's log {locked_log}"
    )
    for example in stats.examples + bare.examples:
        print(f"{db:<8}   error: {example}")
    for line in [x for x in log.splitlines() if "Error" in x or "error" in x][:5]:
        print(f"{db:<8}   log: {line[:200]}")
    p99, bare_p99 = pct(done, 0.99), pct(b, 0.99)
    print(f"{db:<8} p50 {pct(done, 0.5):.1f} ms, p99 {p99:.1f} ms; bare view p99 {bare_p99:.1f} ms")
    print(
        f"RESULT load_{db} p99_ms={p99:.1f} ratio={p99 / bare_p99 if bare_p99 else 0:.2f} "
        f"errors={errors + sum(bare.errors.values()) + stats.locked + bare.locked + locked_log} "
        f"rps={len(done) / elapsed:.1f}",
        flush=True,
    )


def run(db: str, users: int, seconds: float, bare_seconds: float, workers: int, threads: int) -> None:
    server = Server(db, workers, threads)
    log = ""
    try:
        server.prepare()
        url = server.start()
        print(f"run      {users} users for {seconds:.0f} s, then the bare view for {bare_seconds:.0f} s", flush=True)
        stats, bare, elapsed = asyncio.run(drive(url, users, seconds, bare_seconds))
    finally:
        log = server.stop()
    report(db, users, stats, bare, elapsed, log)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=os.environ.get("LOAD_DB", "both"), choices=("pg", "sqlite", "both"))
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOAD_USERS", "0")) or None)
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("LOAD_SECONDS", "120")))
    parser.add_argument("--bare-seconds", type=float, default=float(os.environ.get("LOAD_BARE_SECONDS", "30")))
    parser.add_argument("--workers", type=int, default=int(os.environ.get("LOAD_WORKERS", "4")))
    parser.add_argument("--threads", type=int, default=int(os.environ.get("LOAD_THREADS", "4")))
    args = parser.parse_args()
    for db in ("pg", "sqlite") if args.db == "both" else (args.db,):
        users = args.users or (200 if db == "pg" else 50)
        run(db, users, args.seconds, args.bare_seconds, args.workers, args.threads)


if __name__ == "__main__":
    main()
