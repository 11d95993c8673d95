"""manage.py backup while demands are being registered, then restore into a fresh data directory: every row
and file a client was told about before the backup began is there, and the audit chain verifies."""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
import tarfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import close_old_connections, connection

from qifu.core.backup import BackupError, restore
from tests.conftest import ApiClient, Cast

ROOT = Path(__file__).resolve().parents[2]
ON_SQLITE = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's online backup; on PostgreSQL README's pg_dump steps apply"
)


def manage(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_SETTINGS", "QIFU_", "DATABASE_URL"))}
    env.update(QIFU_DATA_DIR=str(data_dir), QIFU_INSECURE_DEV_KEY="1", PYTHONPATH=str(ROOT / "src"))
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args], env=env, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def files_on_disk(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return Path(settings.MEDIA_ROOT)


@ON_SQLITE
@pytest.mark.django_db(transaction=True)
def test_a_backup_taken_while_demands_arrive_restores_every_row_and_file(
    cast: Cast, files_on_disk: Path, tmp_path: Path
) -> None:
    stop = threading.Event()
    told: list[tuple[float, int, int, bytes]] = []  # (when the client got its answers, demand, attachment, bytes)
    errors: list[str] = []

    def intake(worker: int) -> None:
        client = ApiClient(cast.window)
        n = 0
        try:
            while not stop.is_set():
                n += 1
                created = client.post(
                    "/demands",
                    {
                        "enterprise_id": cast.ent.pk,
                        "kind": "need",
                        "channel": "window",
                        "category": "market",
                        "title": f"备份期间登记的诉求 {worker}-{n}",
                        "content": "企业反映用电报装进度慢，希望协调。",
                    },
                    HTTP_IDEMPOTENCY_KEY=f"backup-{worker}-{n}",
                )
                if created.status_code != 201:
                    errors.append(created.content.decode())
                    continue
                content = f"附件 {worker}-{n} ".encode() * 50
                upload = client.client.post(
                    f"/api/v1/demands/{created.json()['id']}/attachments",
                    {"file": SimpleUploadedFile(f"材料{worker}-{n}.pdf", b"%PDF-1.4\n" + content)},
                    **client.headers,
                )
                if upload.status_code != 201:
                    errors.append(upload.content.decode())
                    continue
                told.append((time.monotonic(), created.json()["id"], upload.json()["id"], b"%PDF-1.4\n" + content))
        finally:
            close_old_connections()

    threads = [threading.Thread(target=intake, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    try:
        while len(told) < 15 and not errors:
            time.sleep(0.05)
        began = time.monotonic()
        archive = tmp_path / "backups" / "qifu.tar.gz"
        out = io.StringIO()
        call_command("backup", str(archive), stdout=out)
        time.sleep(0.3)  # intakes go on after the backup too
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not errors, errors[:3]
    before = [x for x in told if x[0] <= began]
    assert len(before) >= 15 and any(x[0] > began for x in told), "intakes went on while the backup was taken"
    assert "已备份到" in out.getvalue()

    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and "database/qifu.sqlite3" in names

    fresh = tmp_path / "restored"
    result = manage(fresh, "restore", str(archive))
    assert result.returncode == 0, result.stderr
    assert "审计链完好" in result.stdout
    verified = manage(fresh, "verify_audit")
    assert verified.returncode == 0 and "审计链完好" in verified.stdout, verified.stderr

    db = sqlite3.connect(fresh / "qifu.sqlite3")
    demands = {r[0] for r in db.execute("SELECT id FROM demands_demand")}
    attachments = dict(db.execute("SELECT id, file FROM demands_demandattachment").fetchall())
    for _, demand_id, attachment_id, body in before:
        assert demand_id in demands
        assert (fresh / "media" / attachments[attachment_id]).read_bytes() == body
    # Whatever the backup holds is whole: every attachment row's file came with it, byte for byte.
    for attachment_id, name in attachments.items():
        assert (fresh / "media" / name).read_bytes() == (files_on_disk / name).read_bytes(), attachment_id
    # Each intake writes at least its registration's and its upload's audit rows; restore checked the chain.
    audit_rows = db.execute("SELECT COUNT(*) FROM core_auditevent").fetchone()[0]
    assert audit_rows >= len(before) * 2
    db.close()


@ON_SQLITE
@pytest.mark.django_db
def test_restore_refuses_a_data_directory_that_is_not_empty_and_a_damaged_archive(
    cast: Cast, files_on_disk: Path, tmp_path: Path
) -> None:
    (files_on_disk / "demands").mkdir(parents=True)
    (files_on_disk / "demands" / "a.txt").write_bytes(b"hello")
    archive = tmp_path / "b.tar.gz"
    call_command("backup", str(archive), stdout=io.StringIO())
    database = Path(connection.settings_dict["NAME"])

    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "qifu.sqlite3").write_bytes(b"existing")
    with pytest.raises(BackupError, match="不是空的"):
        restore(archive, busy, busy / "media", busy / "qifu.sqlite3")
    assert (busy / "qifu.sqlite3").read_bytes() == b"existing"

    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for member in src.getmembers():
            data = src.extractfile(member)
            body = data.read() if data else b""
            if member.name.endswith("a.txt"):
                body = b"HELLO"
            dst.addfile(member, io.BytesIO(body))
    empty = tmp_path / "empty"
    with pytest.raises(BackupError, match="校验和不符"):
        restore(damaged, empty, empty / "media", empty / "qifu.sqlite3")
    assert not (empty / "qifu.sqlite3").exists()

    ok = tmp_path / "ok"
    manifest = restore(archive, ok, ok / "media", ok / "qifu.sqlite3")
    assert (ok / "media" / "demands" / "a.txt").read_bytes() == b"hello"
    with sqlite3.connect(ok / "qifu.sqlite3") as restored, sqlite3.connect(database) as source:
        for table, count in manifest["database"]["tables"].items():
            assert restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == count
            assert source.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] == count


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the refusal on PostgreSQL")
@pytest.mark.django_db
def test_on_postgresql_backup_points_to_pg_dump(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="pg_dump"):
        call_command("backup", str(tmp_path / "qifu.tar.gz"))
    assert not (tmp_path / "qifu.tar.gz").exists()
