"""Background tasks of the enterprise register: thin, load by id, call the work."""

from celery import shared_task

from qifu.enterprises.spreadsheets import run_import


@shared_task(name="enterprises.import_enterprises")
def import_enterprises(job_id: int) -> None:
    run_import(job_id)
