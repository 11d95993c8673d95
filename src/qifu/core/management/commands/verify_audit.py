"""manage.py verify_audit: check the audit chain and name the first broken link."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from qifu.core.audit import verify_chain


class Command(BaseCommand):
    help = "校验审计日志哈希链，报告第一处断点"

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if not report.ok:
            raise CommandError(
                f"审计链在第 {report.broken_at} 条处断开：{report.reason}（此前 {report.checked} 条完好）"
            )
        self.stdout.write(f"审计链完好：共 {report.checked} 条")
