"""Background tasks of demands: thin wrappers the scheduler (Celery beat or `manage.py run_periodic`) calls."""

from typing import Any

from celery import shared_task

from qifu.demands import services


@shared_task(name="demands.watch_deadlines")
def watch_deadlines() -> dict[str, int]:
    return services.watch_deadlines()


@shared_task(name="demands.recompute_deadlines")
def recompute_deadlines(*args: Any) -> int:
    return services.recompute_deadlines()
