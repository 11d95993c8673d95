"""manage.py backup ARCHIVE: the SQLite database (online backup, safe while serving) and the uploaded files in
one .tar.gz with a manifest of row counts and checksums."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from qifu.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份数据库与上传的文件到一个归档文件（SQLite；运行中也可备份）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", help="归档文件路径，如 /backup/qifu-2026-01-01.tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "sqlite":
            raise CommandError(
                "当前数据库是 PostgreSQL：请用 pg_dump 备份数据库，并另行复制上传文件目录（见 README “备份与恢复”）"
            )
        try:
            report = backup(Path(connection.settings_dict["NAME"]), Path(settings.MEDIA_ROOT), Path(options["archive"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"已备份到 {report.archive}：{report.tables} 张表共 {report.rows} 行，{report.files} 个上传文件"
        )
