"""Background work: a queue in the database (core.Job) that `manage.py run_periodic` drains, or, when a broker
is configured, that Celery workers run as soon as the work is committed. Never a thread that dies with its
process: queued work survives a restart.

With Celery the Job row stays the source of truth. The message only names the job; a worker takes the job by
compare-and-set before running it and marks it done after. A worker killed mid-job (even with SIGKILL) leaves the
job taken but not done: its message comes back (acks_late, reject_on_worker_lost) or, if the whole worker died, the
periodic `core.drain_jobs` runs it once its back-off has passed. A message that never reached the broker is
covered the same way. A job is therefore run at least once and, once done, never again.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

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

    It is queued in the database in the caller's transaction (so it exists exactly when the change that asked for
    it does); with CELERY_BROKER_URL a worker is also told once the transaction commits. With QIFU_TASKS_INLINE
    (tests) it runs in the caller once the transaction commits.
    """
    path = task_path(task)
    if settings.QIFU_TASKS_INLINE and not settings.CELERY_BROKER_URL:
        transaction.on_commit(lambda: task(*args))
        return
    job = Job.objects.create(task=path, args=list(args), next_attempt_at=timezone.now())
    if settings.CELERY_BROKER_URL:
        transaction.on_commit(lambda: _tell_worker(job.pk))


def _tell_worker(job_id: int) -> None:
    from qifu.celery import app

    try:
        app.send_task("core.run_job", args=[job_id])
    except Exception:  # the broker is down: the job waits in the database for core.drain_jobs
        log.warning("无法通知 Celery（任务 %s 留在队列中，稍后由定时检查运行）", job_id, exc_info=True)


@shared_task(name="core.run_job")
def run_job(job_id: int) -> bool:
    """Run one queued job if it is still to do (a repeated or late message finds it done and does nothing)."""
    job = Job.objects.filter(pk=job_id, done_at__isnull=True, failed_at__isnull=True).first()
    return job is not None and _run(job, timezone.now())


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
        ran += _run(job, now)
    return ran


def _run(job: Job, now: dt.datetime) -> bool:
    """Take `job` for one attempt and run it; False when another runner took it first."""
    if not _claim(Job, job.pk, job.attempts, now):
        return False
    try:
        import_string(job.task)(*job.args)
    except Exception:
        error = traceback.format_exc()[-4000:]
        gave_up = job.attempts + 1 >= JOB_ATTEMPTS
        Job.objects.filter(pk=job.pk).update(last_error=error, failed_at=timezone.now() if gave_up else None)
        log.error("后台任务失败（%s）：%s\n%s", "已放弃" if gave_up else "将重试", job, error)
    else:
        Job.objects.filter(pk=job.pk).update(done_at=timezone.now(), last_error="")
    return True


def prune_jobs() -> int:
    """Forget jobs done more than 30 days ago (failed ones stay for someone to look at)."""
    return Job.objects.filter(done_at__lt=timezone.now() - dt.timedelta(days=30)).delete()[0]


def message_id(outbox_id: int) -> str:
    """The same Message-ID on every attempt at one outbox message: if a sender dies after the mail server took
    the message but before it was marked sent, the repeat is the same message (mail servers and clients drop it).
    """
    host = urlsplit(settings.QIFU_SITE_URL).hostname or "localhost"
    return f"<qifu-outbox-{outbox_id}@{host}>"


def send_outbox() -> int:
    """Send due outbox messages; a failure is kept with its error and retried later with back-off."""
    now = timezone.now()
    sent = 0
    due = OutboxMessage.objects.filter(sent_at__isnull=True, next_attempt_at__lte=now)
    for message in list(due.order_by("next_attempt_at")[:BATCH]):
        if not _claim(OutboxMessage, message.pk, message.attempts, now):
            continue
        try:
            email = mail.EmailMessage(
                message.subject,
                message.body,
                settings.DEFAULT_FROM_EMAIL,
                [message.recipient],
                headers={"Message-ID": message_id(message.pk)},
            )
            email.send()
        except Exception as exc:  # any transport error: keep it and retry later
            OutboxMessage.objects.filter(pk=message.pk).update(last_error=str(exc)[:500])
            log.warning("发送邮件失败（将重试）：%s %s", message.recipient, exc)
        else:
            OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now(), last_error="")
            sent += 1
    return sent
