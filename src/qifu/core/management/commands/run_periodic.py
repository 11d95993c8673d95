"""manage.py run_periodic: the periodic jobs (core.periodic) and the background work queued in the database
(core.tasks), without Celery.

`make demo` runs it beside the web server: every second or two it runs the jobs whose time has come and then
the queued work that is due. With CELERY_BROKER_URL set, Celery beat and a worker do both instead. `--once`
runs one round (for cron).
"""

import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from qifu.core.periodic import run_due
from qifu.core.tasks import drain

TICK_SECONDS = 1.5


class Command(BaseCommand):
    help = "运行定时任务（诉求与申兑的预警和督办、政策全量匹配、邮件发送等）并执行排队的后台任务"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="只运行一轮")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            results = run_due()
            if results:
                self.stdout.write(f"定时检查：{results}")
            ran = drain()
            if ran:
                self.stdout.write(f"后台任务：运行 {ran} 项")
            if options["once"]:
                return
            close_old_connections()
            time.sleep(TICK_SECONDS)
