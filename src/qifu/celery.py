"""Celery application: used only when CELERY_BROKER_URL is set (see core.tasks.enqueue).

Beat's schedule is the apps' registry of periodic jobs (core.periodic), read once Django is set up, plus
core.drain_jobs: the queued work (core.Job) whose worker died or whose message was lost runs again
(run_periodic drains the queue by itself, so it is beat's alone).
"""

import os
from typing import Any

from celery import Celery
from celery.beat import PersistentScheduler
from celery.signals import beat_embedded_init, beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qifu.settings")
app = Celery("qifu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


class Scheduler(PersistentScheduler):
    """Beat's scheduler, reading the schedule when it is built: after Django is set up (so the apps have
    registered their jobs) and before beat looks at it (beat_init comes after beat has built its scheduler)."""

    def setup_schedule(self) -> None:
        self.app.conf.beat_schedule = full_schedule()
        super().setup_schedule()


app.conf.beat_scheduler = "qifu.celery:Scheduler"


@beat_init.connect
@beat_embedded_init.connect
def schedule_periodic_jobs(**kwargs: Any) -> None:
    app.conf.beat_schedule = full_schedule()


def full_schedule() -> dict[str, dict[str, Any]]:
    from django.conf import settings

    from qifu.core.periodic import beat_schedule

    drain = {"task": "core.run_task", "args": ("qifu.core.tasks.drain", []), "schedule": settings.QIFU_PERIODIC_SECONDS}
    return {**beat_schedule(), "core.drain_jobs": drain}
