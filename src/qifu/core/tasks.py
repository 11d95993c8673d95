"""Running background work: on Celery when a broker is configured, otherwise in this process."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import close_old_connections, transaction

log = logging.getLogger(__name__)


def enqueue(task: Any, *args: Any) -> None:
    """Run `task` after the current transaction commits.

    With CELERY_BROKER_URL the task goes to a worker; with QIFU_TASKS_INLINE (tests) it runs
    in the caller; otherwise in a daemon thread of this process, so that a page can show
    progress while it runs. Task arguments are ids, never objects.
    """

    def run() -> None:
        if settings.CELERY_BROKER_URL:
            task.delay(*args)
        elif settings.QIFU_TASKS_INLINE:
            task(*args)
        else:
            threading.Thread(target=_in_thread, args=(task, args), daemon=True).start()

    transaction.on_commit(run)


def _in_thread(task: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        task(*args)
    except Exception:
        log.exception("后台任务失败：%s", getattr(task, "__name__", task))
    finally:
        close_old_connections()


OUTBOX_BATCH = 50
RETRY_MINUTES = (1, 5, 15, 60, 240)


def send_outbox() -> int:
    """Send due outbox messages; a failure is kept with its error and retried later with back-off."""
    import datetime as dt

    from django.core.mail import send_mail
    from django.utils import timezone

    from qifu.core.models import OutboxMessage

    now = timezone.now()
    sent = 0
    for message_id in list(
        OutboxMessage.objects.filter(sent_at__isnull=True, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("id", flat=True)[:OUTBOX_BATCH]
    ):
        # Claim the message by moving its next attempt forward (compare-and-set): two senders never both send it.
        message = OutboxMessage.objects.filter(pk=message_id, sent_at__isnull=True).first()
        if message is None:
            continue
        wait = RETRY_MINUTES[min(message.attempts, len(RETRY_MINUTES) - 1)]
        claimed = OutboxMessage.objects.filter(pk=message.pk, attempts=message.attempts, sent_at__isnull=True).update(
            attempts=message.attempts + 1, next_attempt_at=now + dt.timedelta(minutes=wait)
        )
        if not claimed:
            continue
        try:
            send_mail(message.subject, message.body, settings.DEFAULT_FROM_EMAIL, [message.recipient])
        except Exception as exc:  # any transport error: keep it and retry later
            OutboxMessage.objects.filter(pk=message.pk).update(last_error=str(exc)[:500])
            log.warning("发送邮件失败（将重试）：%s %s", message.recipient, exc)
        else:
            OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now(), last_error="")
            sent += 1
    return sent
