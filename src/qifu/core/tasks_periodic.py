"""The periodic checks, as Celery tasks and as plain functions for `manage.py run_periodic`."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from qifu.core.tasks import send_outbox


@shared_task(name="core.send_outbox")
def send_outbox_task() -> int:
    return send_outbox()


def run_all() -> dict[str, Any]:
    """One round of every periodic check (the same functions Celery beat schedules)."""
    from qifu.applications.services import watch_applications
    from qifu.demands.services import watch_deadlines
    from qifu.policies.services import watch_claims

    return {
        "deadlines": watch_deadlines(),
        "applications": watch_applications(),
        "claims": watch_claims(),
        "outbox_sent": send_outbox(),
    }
