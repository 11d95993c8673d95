"""Background work: on Celery when a broker is configured, otherwise a queue in the database that
`manage.py run_periodic` drains. Never a thread that dies with its process: queued work survives a restart.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core import mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from qifu.core.models import Job, OutboxMessage

log = logging.getLogger(__name__)

RETRY_MINUTES = (1, 5, 15, 60, 240)
JOB_ATTEMPTS = len(RETRY_MINUTES) + 1  # a job that failed this often is kept as failed, with its error
BATCH = 50


def task_path(task: Callable[..., Any]) -> str:
    path = f"{task.__module__}.{task.__qualname__}"
    if "<" in path:
        raise ValueError(f"后台任务必须是模块级函数：{path}")
    return path


def enqueue(task: Callable[..., Any], *args: Any) -> None:
    """Run the module-level function `task(*args)` in the background; arguments are JSON (ids, never objects).

    With CELERY_BROKER_URL it goes to a worker once the current transaction commits; with QIFU_TASKS_INLINE
    (tests) it runs in the caller once the transaction commits; otherwise it is queued in the database in the
    caller's transaction (so it exists exactly when the change that asked for it does).
    """
    path = task_path(task)
    if settings.CELERY_BROKER_URL:
        from qifu.celery import app

        transaction.on_commit(lambda: app.send_task("core.run_task", args=[path, list(args)]))
    elif settings.QIFU_TASKS_INLINE:
        transaction.on_commit(lambda: task(*args))
    else:
        Job.objects.create(task=path, args=list(args), next_attempt_at=timezone.now())


@shared_task(name="core.run_task")
def run_task(path: str, args: list[Any]) -> Any:
    """The one Celery task: queued work and the periodic jobs of Celery beat, by dotted path."""
    return import_string(path)(*args)


def _claim(model: type[models.Model], pk: int, attempts: int, now: dt.datetime) -> bool:
    """Take an outbox message or a job for one attempt (compare-and-set on its attempts, so two runners never
    both take it), moving its next attempt forward by the back-off: if this process dies, it is tried again."""
    wait = RETRY_MINUTES[min(attempts, len(RETRY_MINUTES) - 1)]
    return bool(
        model._default_manager.filter(pk=pk, attempts=attempts).update(
            attempts=attempts + 1, next_attempt_at=now + dt.timedelta(minutes=wait)
        )
    )


def drain(now: dt.datetime | None = None) -> int:
    """Run the queued jobs that are due; returns how many ran (successfully or not)."""
    now = now or timezone.now()
    ran = 0
    due = Job.objects.filter(done_at__isnull=True, failed_at__isnull=True, next_attempt_at__lte=now)
    for job in list(due.order_by("next_attempt_at", "id")[:BATCH]):
        if not _claim(Job, job.pk, job.attempts, now):
            continue
        ran += 1
        try:
            import_string(job.task)(*job.args)
        except Exception:
            error = traceback.format_exc()[-4000:]
            gave_up = job.attempts + 1 >= JOB_ATTEMPTS
            Job.objects.filter(pk=job.pk).update(last_error=error, failed_at=timezone.now() if gave_up else None)
            log.error("后台任务失败（%s）：%s\n%s", "已放弃" if gave_up else "将重试", job, error)
        else:
            Job.objects.filter(pk=job.pk).update(done_at=timezone.now(), last_error="")
    return ran


def prune_jobs() -> int:
    """Forget jobs done more than 30 days ago (failed ones stay for someone to look at)."""
    return Job.objects.filter(done_at__lt=timezone.now() - dt.timedelta(days=30)).delete()[0]


def send_outbox() -> int:
    """Send due outbox messages; a failure is kept with its error and retried later with back-off."""
    now = timezone.now()
    sent = 0
    due = OutboxMessage.objects.filter(sent_at__isnull=True, next_attempt_at__lte=now)
    for message in list(due.order_by("next_attempt_at")[:BATCH]):
        if not _claim(OutboxMessage, message.pk, message.attempts, now):
            continue
        try:
            mail.send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.recipient])
        except Exception as exc:  # any transport error: keep it and retry later
            OutboxMessage.objects.filter(pk=message.pk).update(last_error=str(exc)[:500])
            log.warning("发送邮件失败（将重试）：%s %s", message.recipient, exc)
        else:
            OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now(), last_error="")
            sent += 1
    return sent
