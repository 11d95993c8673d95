"""Background tasks of applications: the watch over the notice clock and commitments."""

from celery import shared_task

from qifu.applications import services


@shared_task(name="applications.watch")
def watch_applications() -> dict[str, int]:
    return services.watch_applications()
