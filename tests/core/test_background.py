"""Background work without a broker is a queue in the database: it survives a restart, a failure is retried with
back-off and kept, and `run_periodic` drains it. One schedule of periodic jobs feeds Celery beat and run_periodic."""

from __future__ import annotations

import datetime as dt
import threading
from io import StringIO
from typing import Any

import pytest
import time_machine
from celery.schedules import crontab
from celery.signals import beat_init
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from qifu.core import hooks
from qifu.core.models import Job, Notification, PeriodicRun
from qifu.core.periodic import beat_schedule, periodic_jobs, run_due
from qifu.core.tasks import JOB_ATTEMPTS, drain, enqueue
from qifu.core.workcalendar import SHANGHAI
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

FAILURES: list[int] = []


def greet(user_id: int) -> None:
    Notification.objects.create(recipient_id=user_id, title="后台任务已运行")


def flaky(user_id: int, fail_times: int) -> None:
    """Fails `fail_times` times (counted in this process), then greets."""
    if len(FAILURES) < fail_times:
        FAILURES.append(user_id)
        raise RuntimeError("对方系统暂不可用")
    greet(user_id)


@pytest.fixture
def queued(settings: Any) -> None:
    """The embedded default: no broker, not inline."""
    settings.CELERY_BROKER_URL = ""
    settings.QIFU_TASKS_INLINE = False
    FAILURES.clear()


def greetings(cast: Cast) -> int:
    return Notification.objects.filter(recipient=cast.officer, title="后台任务已运行").count()


def test_queued_work_waits_in_the_database_and_runs_on_a_later_drain(cast: Cast, queued: None) -> None:
    with transaction.atomic():
        enqueue(greet, cast.officer.pk)
    job = Job.objects.get()
    assert job.task == "tests.core.test_background.greet" and job.args == [cast.officer.pk]
    assert job.attempts == 0 and job.done_at is None
    assert greetings(cast) == 0  # nothing ran in this process: the web process may now stop
    out = StringIO()
    call_command("run_periodic", "--once", stdout=out)  # a fresh runner after the restart
    assert greetings(cast) == 1
    job.refresh_from_db()
    assert job.done_at is not None and job.attempts == 1 and job.last_error == ""
    assert "后台任务：运行 1 项" in out.getvalue()
    assert drain() == 0 and greetings(cast) == 1  # done work never runs twice


def test_work_asked_for_by_a_rolled_back_change_is_not_queued(cast: Cast, queued: None) -> None:
    def change_that_fails() -> None:
        with transaction.atomic():
            enqueue(greet, cast.officer.pk)
            raise ValueError("保存失败")

    with pytest.raises(ValueError, match="保存失败"):
        change_that_fails()
    assert not Job.objects.exists()


def test_a_failure_is_retried_with_back_off_and_recorded(cast: Cast, queued: None) -> None:
    enqueue(flaky, cast.officer.pk, 1)
    start = timezone.now()
    assert drain(start) == 1
    job = Job.objects.get()
    assert job.attempts == 1 and job.done_at is None and job.failed_at is None
    assert "对方系统暂不可用" in job.last_error
    assert job.next_attempt_at == start + dt.timedelta(minutes=1)
    assert drain(start + dt.timedelta(seconds=30)) == 0  # backing off
    assert drain(start + dt.timedelta(minutes=1)) == 1
    job.refresh_from_db()
    assert job.done_at is not None and job.last_error == "" and greetings(cast) == 1


def test_work_that_keeps_failing_is_kept_as_failed_never_dropped(cast: Cast, queued: None) -> None:
    enqueue(flaky, cast.officer.pk, 99)
    now = timezone.now()
    for _ in range(JOB_ATTEMPTS):
        assert drain(now) == 1
        now = Job.objects.get().next_attempt_at
    job = Job.objects.get()
    assert job.attempts == JOB_ATTEMPTS and job.failed_at is not None and job.done_at is None
    assert "RuntimeError: 对方系统暂不可用" in job.last_error
    assert drain(now + dt.timedelta(days=1)) == 0 and greetings(cast) == 0
    admin = Client()
    admin.force_login(cast.admin)
    listing = admin.get("/admin/core/job/").content.decode()
    assert "tests.core.test_background.flaky" in listing  # the admin sees it


def test_a_job_taken_by_a_process_that_died_runs_again(cast: Cast, queued: None) -> None:
    enqueue(greet, cast.officer.pk)
    now = timezone.now()
    # Taken (attempt counted, next attempt moved forward) by a runner that then died before finishing it.
    Job.objects.update(attempts=1, next_attempt_at=now + dt.timedelta(minutes=1))
    assert drain(now) == 0
    assert drain(now + dt.timedelta(minutes=1)) == 1 and greetings(cast) == 1


def test_inline_in_tests_and_never_a_thread(cast: Cast, settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    settings.QIFU_TASKS_INLINE = True
    threads = threading.active_count()
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(greet, cast.officer.pk)
        assert greetings(cast) == 0  # after the commit, not before
    assert greetings(cast) == 1 and not Job.objects.exists() and threading.active_count() == threads


def test_only_module_level_functions_can_be_queued(queued: None) -> None:
    with pytest.raises(ValueError, match="模块级函数"):
        enqueue(lambda: None)


# ---------------------------------------------------------------- the periodic jobs

APPS_JOBS = {
    "core.send_outbox",
    "core.prune_jobs",
    "supervision.watch_late",
    "applications.watch",
    "policies.match_all",
    "projects.remind_stalled",
    "servicedays.generate_sessions",
}


def test_one_registry_feeds_celery_beat() -> None:
    assert {job.name for job in periodic_jobs()} == APPS_JOBS
    from qifu.celery import app

    app.conf.beat_schedule = {}
    beat_init.send(sender=None)  # what `celery -A qifu beat` sends before it reads its schedule
    schedule = app.conf.beat_schedule
    assert schedule == {**beat_schedule(), "core.drain_jobs": schedule["core.drain_jobs"]}
    assert set(schedule) == APPS_JOBS | {"core.drain_jobs"}
    drain_jobs = schedule["core.drain_jobs"]  # queued work whose worker died runs again
    assert drain_jobs["task"] == "core.run_task" and drain_jobs["args"] == ("qifu.core.tasks.drain", [])
    nightly = schedule["policies.match_all"]
    assert nightly["task"] == "core.run_task" and nightly["args"] == ("qifu.policies.services.match_policies", [])
    assert nightly["schedule"] == crontab(hour=2, minute=0)
    assert schedule["supervision.watch_late"]["schedule"] == 60.0


def at(day: int, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, second, tzinfo=SHANGHAI)


def test_run_periodic_runs_the_same_list_nightly_jobs_once_a_night(db: Any) -> None:
    every_minute = APPS_JOBS - {"core.prune_jobs", "policies.match_all", "servicedays.generate_sessions"}
    assert set(run_due(at(2, 9))) == APPS_JOBS  # first start: everything, the nightly match included
    assert run_due(at(2, 9, 0, 30)) == {}  # a restart half a minute later repeats nothing
    assert set(run_due(at(2, 9, 1))) == every_minute
    assert set(run_due(at(3, 1, 59))) == every_minute  # not yet 02:00
    assert set(run_due(at(3, 2, 0))) == APPS_JOBS - {"core.prune_jobs"}  # 02:00: the full match
    assert set(run_due(at(3, 2, 1))) == every_minute
    assert set(run_due(at(3, 3, 30))) == every_minute | {"core.prune_jobs"}
    assert PeriodicRun.objects.get(name="policies.match_all").last_run_at == at(3, 2, 0)


def test_a_failing_periodic_job_is_recorded_and_the_others_run(db: Any, monkeypatch: Any) -> None:
    def broken() -> None:
        raise RuntimeError("数据库维护中")

    monkeypatch.setattr("qifu.supervision.services.watch_late", broken)
    results = run_due(at(2, 9))
    assert results["supervision.watch_late"] == "失败：数据库维护中"
    assert "数据库维护中" in PeriodicRun.objects.get(name="supervision.watch_late").last_error
    assert results["applications.watch"] == {"deemed_accepted": 0, "commitments_broken": 0}


def test_run_periodic_command_prints_what_ran(cast: Cast) -> None:
    out = StringIO()
    with time_machine.travel(at(13, 9), tick=False):
        call_command("run_periodic", "--once", stdout=out)
    assert "定时检查：" in out.getvalue() and "'policies.match_all': 0" in out.getvalue()


# ---------------------------------------------------------------- the demo seeds


def test_the_demo_seeds_come_in_order() -> None:
    seeds = [f"{seed.__module__}.{seed.__name__}" for seed in hooks.get_hooks(hooks.DEMO_SEED)]
    assert seeds == [
        "qifu.core.demo.seed_demo_calendar",
        "qifu.orgs.demo.seed_demo_units",
        "qifu.accounts.demo.seed_demo_accounts",
        "qifu.orgs.demo.seed_demo_grids",
        "qifu.enterprises.demo.seed_demo_enterprises",
        "qifu.demands.demo.seed_demo",
        "qifu.servicedays.demo.seed_demo",
        "qifu.lifecycle.demo.seed_demo",
        "qifu.projects.demo.seed_demo",
        "qifu.catalog.demo.seed_demo",
        "qifu.policies.demo.seed_demo",
        "qifu.evaluations.demo.seed_demo",
        "qifu.evaluations.complaint_demo.seed_demo",
        "qifu.supervision.reform_demo.seed_demo",
        "qifu.supervision.reform_demo.seed_demo_classes",
        "qifu.knowledge.demo.seed_demo",
        "qifu.supervision.demo.seed_watch",
        "qifu.accounts.demo.seed_demo_welcome",
    ]


@pytest.mark.django_db(transaction=True)
def test_seed_demo_leaves_its_work_queued_and_never_a_thread(queued: None) -> None:
    threads = threading.active_count()
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert out.getvalue().strip() == "演示数据已写入：200 家企业，演示账号密码 qifu-demo-2026"
    assert threading.active_count() == threads
    queued_jobs = Job.objects.filter(done_at__isnull=True)
    assert queued_jobs.count() >= 1 and set(queued_jobs.values_list("task", flat=True)) == {
        "qifu.policies.services.match_policies"
    }
    call_command("run_periodic", "--once", stdout=StringIO())
    assert not Job.objects.filter(done_at__isnull=True).exists()
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert again.getvalue().strip() == "演示数据已存在，未做改动。"


def test_with_celery_the_job_row_is_the_record_and_a_repeated_message_runs_nothing(
    cast: Cast, queued: None, settings: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from qifu.celery import app
    from qifu.core.tasks import run_job

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    sent: list[tuple[str, list[Any]]] = []
    monkeypatch.setattr(app, "send_task", lambda name, args: sent.append((name, args)))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        enqueue(greet, cast.officer.pk)
        assert sent == []  # told only once the change is committed
    job = Job.objects.get()
    assert sent == [("core.run_job", [job.pk])]
    assert run_job(job.pk) is True and greetings(cast) == 1
    assert run_job(job.pk) is False and greetings(cast) == 1  # redelivered after it was done: nothing runs twice
    assert drain(timezone.now() + dt.timedelta(hours=1)) == 0


def test_with_celery_work_of_a_killed_worker_or_a_lost_message_runs_again(
    cast: Cast, queued: None, settings: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from qifu.celery import app
    from qifu.core.tasks import run_job

    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"

    def broker_down(name: str, args: list[Any]) -> None:
        raise ConnectionError("broker unreachable")

    monkeypatch.setattr(app, "send_task", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(greet, cast.officer.pk)  # the change commits; the message is lost
    lost = Job.objects.get()
    assert greetings(cast) == 0
    assert drain() == 1 and greetings(cast) == 1  # beat's core.drain_jobs finds it
    # A worker took a job and was killed before finishing: taken, not done.
    with django_capture_on_commit_callbacks(execute=True):
        enqueue(greet, cast.officer.pk)
    killed = Job.objects.exclude(pk=lost.pk).get()
    Job.objects.filter(pk=killed.pk).update(attempts=1, next_attempt_at=timezone.now() + dt.timedelta(minutes=1))
    assert drain() == 0  # not before its back-off: a slow job is not taken from a live worker at once
    assert run_job(killed.pk) is True and greetings(cast) == 2  # its message came back (reject_on_worker_lost)
    killed.refresh_from_db()
    assert killed.done_at is not None and killed.attempts == 2
