"""Celery application: used only when CELERY_BROKER_URL is set (see core.tasks.enqueue)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qifu.settings")
app = Celery("qifu")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
