"""manage.py run_periodic: the periodic checks (deadline watch, email outbox) without Celery.

`make demo` runs it beside the web server; with CELERY_BROKER_URL set, Celery beat runs the same
functions instead. `--once` runs one round (for cron).
"""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import close_old_connections

from qifu.core.tasks_periodic import run_all


class Command(BaseCommand):
    help = "运行定时检查：诉求期限预警/超期督办、邮件发送"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="只运行一轮")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            result = run_all()
            self.stdout.write(f"定时检查：{result}")
            if options["once"]:
                return
            close_old_connections()
            time.sleep(settings.QIFU_PERIODIC_SECONDS)
