"""manage.py restore ARCHIVE: bring a backup back into an empty QIFU_DATA_DIR, then check the audit chain."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from qifu.core.audit import verify_chain
from qifu.core.backup import BackupError, restore


class Command(BaseCommand):
    help = "从备份归档恢复数据库与上传的文件（只写入空的数据目录）"
    requires_system_checks: list[str] = []  # nothing may touch the database before it is restored

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", help="manage.py backup 写出的归档文件")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "sqlite":
            raise CommandError("当前数据库是 PostgreSQL：请用 pg_restore 恢复（见 README “备份与恢复”）")
        database = Path(connection.settings_dict["NAME"])
        connection.close()
        try:
            manifest = restore(Path(options["archive"]), Path(settings.DATA_DIR), Path(settings.MEDIA_ROOT), database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["database"]["tables"].values())
        report = verify_chain()
        if not report.ok:
            raise CommandError(f"已恢复，但审计链在第 {report.broken_at} 条处断开：{report.reason}")
        files = len(manifest["files"])
        self.stdout.write(
            f"已恢复到 {settings.DATA_DIR}：{rows} 行，{files} 个上传文件；审计链完好（{report.checked} 条）"
        )
