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
