"""The periodic checks run the same code in-process and on a Celery worker through Redis."""

from __future__ import annotations

import datetime as dt
import socket
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command

from qifu.core.tasks import run_task
from qifu.core.workcalendar import SHANGHAI
from qifu.demands.models import Reminder
from tests.conftest import Cast
from tests.demands.helpers import in_state

REDIS = ("127.0.0.1", 6379)


def _redis_up() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5):
            return True
    except OSError:
        return False


def _warning_demand(cast: Cast) -> Any:
    with time_machine.travel(dt.datetime(2026, 11, 2, 10, tzinfo=SHANGHAI), tick=False):
        return in_state(cast, "in_progress")  # warning from 2026-11-13


@pytest.mark.django_db
def test_run_periodic_once_in_process(cast: Cast) -> None:
    demand = _warning_demand(cast)
    out = StringIO()
    with time_machine.travel(dt.datetime(2026, 11, 13, 9, tzinfo=SHANGHAI), tick=False):
        call_command("run_periodic", "--once", stdout=out)
    assert "'reminders': 1" in out.getvalue()
    assert Reminder.objects.filter(demand=demand, kind="auto").count() == 1


@pytest.mark.django_db(transaction=True)
def test_watch_task_on_a_celery_worker_through_redis(cast: Cast, settings: Any) -> None:
    if not _redis_up():
        pytest.skip("Redis 未运行：跳过 Celery 工作进程测试")
    from celery.contrib.testing.worker import start_worker

    from qifu.celery import app

    demand = _warning_demand(cast)
    app.conf.update(
        broker_url="redis://127.0.0.1:6379/15", result_backend="redis://127.0.0.1:6379/15", task_always_eager=False
    )
    with (
        time_machine.travel(dt.datetime(2026, 11, 13, 9, tzinfo=SHANGHAI), tick=True),
        start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"),
    ):
        result = run_task.delay("qifu.supervision.services.watch_late", [])
        assert result.get(timeout=30) == {"reminders": 1, "supervision_orders": 0}
    assert Reminder.objects.filter(demand=demand, kind="auto").count() == 1
