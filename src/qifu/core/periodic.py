"""The one schedule of periodic jobs: each app registers its own; Celery beat (when a broker is set) and
`manage.py run_periodic` (otherwise) both run this list.

A job runs every QIFU_PERIODIC_SECONDS, or nightly at a local time. `run_periodic` records when it last
started each job (PeriodicRun), so a restart neither repeats a nightly job nor skips one whose time passed.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from qifu.core import hooks
from qifu.core.models import PeriodicRun

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str  # e.g. "supervision.watch_late": the beat entry and the run record
    task: str  # dotted path of the function, called without arguments
    at: dt.time | None = None  # nightly at this local time; None: every QIFU_PERIODIC_SECONDS


def periodic_job(name: str, task: str, *, at: dt.time | None = None) -> None:
    hooks.register(hooks.PERIODIC_JOB, PeriodicJob(name, task, at))


def periodic_jobs() -> list[PeriodicJob]:
    return hooks.get_hooks(hooks.PERIODIC_JOB)


def beat_schedule() -> dict[str, dict[str, Any]]:
    """The jobs as Celery beat entries: each runs core.run_task with the job's path."""
    from celery.schedules import crontab

    return {
        job.name: {
            "task": "core.run_task",
            "args": (job.task, []),
            "schedule": crontab(hour=job.at.hour, minute=job.at.minute)
            if job.at
            else float(settings.QIFU_PERIODIC_SECONDS),
        }
        for job in periodic_jobs()
    }


def last_due(job: PeriodicJob, now: dt.datetime) -> dt.datetime:
    """The latest moment at or before `now` at which `job` should have started."""
    if job.at is None:
        return now - dt.timedelta(seconds=settings.QIFU_PERIODIC_SECONDS)
    local = timezone.localtime(now)
    today = local.replace(hour=job.at.hour, minute=job.at.minute, second=0, microsecond=0)
    return today if today <= local else today - dt.timedelta(days=1)


def _claim(job: PeriodicJob, now: dt.datetime) -> bool:
    """Record that `job` starts now, if it is due; compare-and-set, so two runners never both start it."""
    due = last_due(job, now)
    record = PeriodicRun.objects.filter(name=job.name).first()
    if record is None:
        try:
            with transaction.atomic():
                PeriodicRun.objects.create(name=job.name, last_run_at=now)
        except IntegrityError:
            return False
        return True
    ran_since = record.last_run_at > due if job.at is None else record.last_run_at >= due
    if ran_since:
        return False
    return bool(PeriodicRun.objects.filter(name=job.name, last_run_at=record.last_run_at).update(last_run_at=now))


def run_due(now: dt.datetime | None = None) -> dict[str, Any]:
    """Run every job whose time has come (for `manage.py run_periodic`); a failure is logged and recorded, and
    the job runs again at its next time."""
    now = now or timezone.now()
    results: dict[str, Any] = {}
    for job in periodic_jobs():
        if not _claim(job, now):
            continue
        try:
            results[job.name] = import_string(job.task)()
        except Exception as exc:
            log.exception("定时任务失败：%s", job.name)
            PeriodicRun.objects.filter(name=job.name).update(last_error=traceback.format_exc()[-4000:])
            results[job.name] = f"失败：{exc}"
        else:
            PeriodicRun.objects.filter(name=job.name).update(last_error="")
    return results
