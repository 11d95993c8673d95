"""Celery application: used only when CELERY_BROKER_URL is set (see core.tasks.enqueue).

Beat's schedule is the apps' registry of periodic jobs (core.periodic), read once Django is set up.
"""

import os
from typing import Any

from celery import Celery
from celery.signals import beat_embedded_init, beat_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qifu.settings")
app = Celery("qifu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@beat_init.connect
@beat_embedded_init.connect
def schedule_periodic_jobs(**kwargs: Any) -> None:
    from qifu.core.periodic import beat_schedule

    app.conf.beat_schedule = beat_schedule()
