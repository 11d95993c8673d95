#!/usr/bin/env python
"""A Celery worker killed with SIGKILL in the middle of 10,000 intakes and a policy push loses nothing.

On a fresh SQLite database in a temporary folder (the demo district from `seed_demo`, every enterprise given a user
with an email address, the dispatcher an email address), with the real Redis broker (CELERY_BROKER_URL
redis://127.0.0.1:6379/5, emptied before and after) it starts gunicorn (qifu.wsgi, 2 workers), Celery beat and a
Celery worker (2 processes), all on the same settings as production plus a file email backend that writes each
email to a folder. Then 8 client threads register INTAKES demands through `POST /api/v1/demands` with an
Idempotency-Key (a connection error is retried with the same key) while the script:

* at 20% queues 3 slow jobs (4 s each, through core.tasks.enqueue) and SIGKILLs the whole worker (main process
  and pool) 1 s after it took the first, then starts a new worker;
* at 50% pushes a published policy to the enterprises it fits and asks for its re-match (a job) through the API,
  then SIGKILLs the worker again while it sends the emails, and starts another;
* at 75% SIGKILLs one pool process only (its message comes back at once: reject_on_worker_lost).

Once the intakes are done it waits until no job and no email is left to do, then checks: every 201 has its demand
row and no demand exists that no client was told about; no notification was written twice (recipient, title, link);
each new demand has its "new demand" notification; every push went once per enterprise; every email in the outbox
reached the mail folder (counted by Message-ID); every job is done, none failed, and each slow job that was
interrupted ran again to its end.

In-app notifications and pushes are rows written in the intake's or the push's own transaction: exactly once.
Emails are sent at least once: a sender killed after the mail server took an email and before the outbox row was
marked sent sends it again, with the same Message-ID (core.tasks.message_id); `email_repeats` counts those.

Not in the test suite: 10,000 intakes through gunicorn take a few minutes here. `python bench/worker_kill.py 1000`
runs a shorter round. Last line:
`RESULT worker_kill intakes=<201s> lost=0 duplicate_notifications=0 emails=<n> email_repeats=<n> rerun_jobs=<n>
ratio=<rows found / 201s>` and the exit status is 1 when anything was lost or doubled.
"""

import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]  # bench/calendar.py shadows calendar

import contextlib  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
BROKER = os.environ.get("QIFU_BENCH_BROKER", "redis://127.0.0.1:6379/5")
INTAKES = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
CLIENTS = 8
SLOW_JOBS = 3
SETTLE_SECONDS = 900

SETTINGS = """from qifu.settings import *  # noqa: F403
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = {mail!r}
"""
TASKS = '''import time
from pathlib import Path


def slow_mark(n: int, path: str) -> None:
    """Four seconds of work, then one line: an interrupted run leaves no line, its re-run writes it."""
    time.sleep(4)
    with Path(path).open("a") as f:
        f.write(f"{n}\\n")
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Processes:
    """The processes this script started, each in its own session, stopped by group at the end."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs, self.started = env, logs, []  # type: ignore[var-annotated]

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("ab")
        proc = subprocess.Popen(
            args, env=self.env, cwd=REPO, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()

    def stop_all(self) -> None:
        for proc in self.started:
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                    proc.wait(15)
                except (ProcessLookupError, subprocess.TimeoutExpired):
                    self.kill(proc)
            else:
                with contextlib.suppress(ProcessLookupError):  # a killed main process may leave its pool behind
                    os.killpg(proc.pid, signal.SIGKILL)


def worker(procs: Processes, n: int) -> subprocess.Popen[bytes]:
    return procs.start(
        f"worker{n}", str(VENV_BIN / "celery"), "-A", "qifu", "worker", "-c", "2", "-n", f"bench{n}@%h",
        "--without-gossip", "--without-mingle", "--loglevel", "WARNING",
    )  # fmt: skip


def pool_children(proc: subprocess.Popen[bytes]) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(proc.pid)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="qifu-bench-kill-"))
    mail, mods, logs, data = work / "mail", work / "modules", work / "logs", work / "data"
    for d in (mail, mods, logs, data):
        d.mkdir()
    (mods / "worker_kill_settings.py").write_text(SETTINGS.format(mail=str(mail)))
    (mods / "worker_kill_tasks.py").write_text(TASKS)
    marks = work / "slow-marks.txt"
    marks.touch()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QIFU_", "DJANGO_", "DATABASE_URL", "DEBUG"))}
    env.update(
        QIFU_DATA_DIR=str(data),
        QIFU_INSECURE_DEV_KEY="1",
        DJANGO_SETTINGS_MODULE="worker_kill_settings",
        PYTHONPATH=f"{mods}:{REPO / 'src'}",
        CELERY_BROKER_URL=BROKER,
        EMAIL_HOST="localhost",  # emails are queued in the outbox; the file backend "sends" them
        QIFU_PERIODIC_SECONDS="1",
        CELERY_VISIBILITY_TIMEOUT="30",
        LOG_LEVEL="WARNING",
    )
    os.environ.update(env)
    sys.path[:0] = [str(mods), str(REPO / "src")]

    import django
    import httpx
    import redis
    from django.core.management import call_command

    redis.Redis.from_url(BROKER).flushdb()
    django.setup()
    from django.db import connection, transaction

    from qifu.accounts.models import User
    from qifu.accounts.services import token_issue
    from qifu.core.choices import Role
    from qifu.core.models import Job, Notification, OutboxMessage
    from qifu.core.tasks import enqueue
    from qifu.demands.models import Demand
    from qifu.enterprises.models import Enterprise
    from qifu.policies.models import Policy, PolicyPush

    print("setting up the demo district…", flush=True)
    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    User.objects.filter(username="demo-dispatcher").update(email="dispatcher@example.gov.cn")
    for e in Enterprise.objects.exclude(pk__in=User.objects.filter(role=Role.ENTERPRISE).values("enterprise_id")):
        User.objects.create_user(
            username=f"ent-{e.pk}", password=None, role=Role.ENTERPRISE, enterprise=e, email=f"ent{e.pk}@example.com"
        )
    User.objects.filter(role=Role.ENTERPRISE, email="").update(email="owner@example.com")
    window, _ = token_issue(user=User.objects.get(username="demo-window"))
    admin, _ = token_issue(user=User.objects.get(username="demo-admin"))
    enterprises = list(Enterprise.objects.values_list("pk", flat=True))
    demands_before = set(Demand.objects.values_list("pk", flat=True))
    last_seeded_notification = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    connection.close()

    procs = Processes(env, logs)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    try:
        procs.start("web", str(VENV_BIN / "gunicorn"), "qifu.wsgi:application", "--bind", f"127.0.0.1:{port}",
                    "--workers", "2", "--backlog", "2048", "--timeout", "120")  # fmt: skip
        procs.start("beat", str(VENV_BIN / "celery"), "-A", "qifu", "beat", "-s", str(work / "beat-schedule"),
                    "--loglevel", "WARNING")  # fmt: skip
        current = worker(procs, 1)
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"{base}/health/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("gunicorn did not start: " + (logs / "web.log").read_text()[-2000:])
            time.sleep(0.5)

        told: dict[str, int] = {}  # Idempotency-Key -> the id in its 201
        refused: list[str] = []
        lock = threading.Lock()
        counter = iter(range(INTAKES))

        def client(_: int) -> None:
            http = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {window}"}, timeout=60)
            for i in counter:
                key = f"kill-{i}"
                body = {
                    "enterprise_id": enterprises[i % len(enterprises)],
                    "kind": "need",
                    "channel": "window",
                    "category": "market",
                    "title": f"压力下登记的诉求 {i}",
                    "content": "企业反映用电报装进度慢，希望协调。",
                }
                for _attempt in range(5):
                    try:
                        res = http.post("/api/v1/demands", json=body, headers={"Idempotency-Key": key})
                    except httpx.HTTPError:
                        time.sleep(0.5)
                        continue
                    with lock:
                        if res.status_code == 201:
                            told[key] = res.json()["id"]
                        else:
                            refused.append(f"{res.status_code} {res.text[:200]}")
                    break
                else:
                    with lock:
                        refused.append(f"{key}: no answer after 5 tries")

        started = time.monotonic()
        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for t in threads:
            t.start()

        def progress() -> float:
            with lock:
                return (len(told) + len(refused)) / INTAKES

        def wait_for(share: float) -> None:
            while progress() < share and any(t.is_alive() for t in threads):
                time.sleep(0.1)

        kills: list[str] = []
        pushed: dict[str, Any] = {}
        wait_for(0.2)
        with transaction.atomic():
            for n in range(SLOW_JOBS):
                enqueue(_import("worker_kill_tasks").slow_mark, n, str(marks))
        taken = time.monotonic() + 20
        while time.monotonic() < taken and not Job.objects.filter(task__endswith="slow_mark", attempts__gt=0).exists():
            time.sleep(0.1)
        connection.close()
        time.sleep(1)
        procs.kill(current)
        kills.append("worker (main and pool) during the slow jobs")
        time.sleep(1)
        current = worker(procs, 2)

        wait_for(0.5)
        http = httpx.Client(base_url=base, headers={"Authorization": f"Bearer {admin}"}, timeout=120)
        policy = Policy.objects.filter(status="published").order_by("pk").first()
        connection.close()
        if policy is not None:
            res = http.post(f"/api/v1/policies/{policy.pk}/push")
            pushed = {"status": res.status_code, "body": res.json()}
            http.post(f"/api/v1/policies/{policy.pk}/rematch")
        time.sleep(1)
        procs.kill(current)
        kills.append("worker (main and pool) after the push, while it sends")
        time.sleep(1)
        current = worker(procs, 3)

        wait_for(0.75)
        time.sleep(2)
        children = pool_children(current)
        if children:
            os.kill(children[0], signal.SIGKILL)
            kills.append("one pool process")

        for t in threads:
            t.join()
        intake_seconds = time.monotonic() - started
        print(f"{len(told)} intakes in {intake_seconds:.0f} s; kills: {kills}; push: {pushed}", flush=True)

        settle = time.monotonic() + SETTLE_SECONDS
        while time.monotonic() < settle:
            left_jobs = Job.objects.filter(done_at__isnull=True, failed_at__isnull=True).count()
            left_mail = OutboxMessage.objects.filter(sent_at__isnull=True).count()
            connection.close()
            if not left_jobs and not left_mail:
                break
            print(f"waiting: {left_jobs} jobs, {left_mail} emails to go", flush=True)
            time.sleep(10)

        problems: list[str] = []
        rows = set(Demand.objects.values_list("pk", flat=True)) - demands_before
        ids = set(told.values())
        lost = len(ids - rows)
        if lost:
            problems.append(f"{lost} demands answered 201 have no row")
        if rows - ids:
            problems.append(f"{len(rows - ids)} demands exist that no client was told about")
        if refused:
            problems.append(f"{len(refused)} intakes refused, e.g. {refused[:3]}")
        if len(told) != INTAKES:
            problems.append(f"{INTAKES - len(told)} intakes without a 201")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT COUNT(*) FROM (SELECT 1 FROM core_notification WHERE id > %s"
                " GROUP BY recipient_id, title, link HAVING COUNT(*) > 1) AS doubled",
                [last_seeded_notification],
            )
            doubled = int(cursor.fetchone()[0])
            cursor.execute(
                "SELECT COUNT(*) FROM (SELECT 1 FROM policies_policypush GROUP BY policy_id, enterprise_id"
                " HAVING COUNT(*) > 1) AS doubled"
            )
            doubled_push = int(cursor.fetchone()[0])
        if doubled or doubled_push:
            problems.append(f"notifications written twice: {doubled}, pushes twice: {doubled_push}")
        noticed = Notification.objects.filter(pk__gt=last_seeded_notification, title__startswith="新诉求待分拨")
        new_notifications = noticed.count()
        linked = {int(link.strip("/").rsplit("/", 1)[1]) for link in noticed.values_list("link", flat=True)}
        if ids - linked:
            problems.append(f"{len(ids - linked)} demands without their 'new demand' notification")
        pushes = PolicyPush.objects.count()

        outbox = set(OutboxMessage.objects.values_list("pk", flat=True))
        unsent = OutboxMessage.objects.filter(sent_at__isnull=True).count()
        delivered: dict[int, int] = {}
        for path in mail.iterdir():
            for found in re.findall(r"Message-ID: <qifu-outbox-(\d+)@", path.read_text(errors="replace")):
                delivered[int(found)] = delivered.get(int(found), 0) + 1
        missing = outbox - set(delivered)
        repeats = sum(n - 1 for n in delivered.values())
        if unsent or missing:
            problems.append(f"emails not sent: {unsent} in the outbox, {len(missing)} never reached the mail folder")

        jobs = list(Job.objects.values("task", "args", "attempts", "done_at", "failed_at", "last_error"))
        failed = [j for j in jobs if j["failed_at"] or not j["done_at"]]
        if failed:
            problems.append(f"jobs not done: {json.dumps(failed, default=str)[:500]}")
        slow = [j for j in jobs if j["task"].endswith("slow_mark")]
        finished = sorted(int(n) for n in marks.read_text().split())
        if finished != list(range(SLOW_JOBS)):
            problems.append(f"slow jobs that ran to their end: {finished}, expected each of 0-{SLOW_JOBS - 1} once")
        rerun = sum(1 for j in jobs if j["attempts"] > 1)
        interrupted = sum(1 for j in slow if j["attempts"] > 1)
        if not interrupted:
            problems.append("no slow job was interrupted: the kill came too late to test a re-run")
        connection.close()

        print(
            f"demands: {len(rows)} rows for {len(ids)} answers; 'new demand' notifications {new_notifications}; "
            f"policy pushes {pushes}; emails {len(outbox)} (repeated sends {repeats}); jobs {len(jobs)} "
            f"(run again after a kill: {rerun}, of them slow jobs {interrupted})"
        )
        for problem in problems:
            print("PROBLEM:", problem)
        ratio = len(ids & rows) / len(ids) if ids else 0.0
        print(
            f"RESULT worker_kill intakes={len(told)} lost={lost} duplicate_notifications={doubled + doubled_push} "
            f"emails={len(outbox)} email_repeats={repeats} rerun_jobs={rerun} ratio={ratio:.3f}"
        )
        return 1 if problems else 0
    finally:
        procs.stop_all()
        redis.Redis.from_url(BROKER).flushdb()
        if os.environ.get("QIFU_BENCH_KEEP"):
            print("kept:", work)
        else:
            shutil.rmtree(work, ignore_errors=True)


def _import(name: str) -> Any:
    import importlib

    return importlib.import_module(name)


if __name__ == "__main__":
    sys.exit(main())
