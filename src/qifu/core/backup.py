"""One-file backups of a SQLite installation: the database, copied through SQLite's online backup (safe while
the site serves and writes), and the uploaded files, with a manifest of row counts and checksums.

PostgreSQL installations back up with pg_dump and the media folder instead (README "Backup and restore").
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import sqlite3
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
DATABASE = "database/qifu.sqlite3"
MEDIA = "media"
FORMAT = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why, in Chinese."""


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def table_counts(path: Path) -> dict[str, int]:
    """Rows per table of a SQLite file (Django's tables and ours alike)."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        names = [
            r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
        ]
        return {n: int(db.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0]) for n in sorted(names)}  # noqa: S608


def _media_files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for folder, _, files in os.walk(root):
        for name in sorted(files):
            yield Path(folder) / name


@dataclass(frozen=True)
class BackupReport:
    archive: Path
    rows: int
    tables: int
    files: int


def backup(database: Path, media_root: Path, archive: Path) -> BackupReport:
    """Write `archive` (.tar.gz): the database first, then the files, so that every file a backed-up row names
    is in it (a file is stored before the row that names it commits)."""
    if not database.exists():
        raise BackupError(f"数据库文件不存在：{database}")
    archive.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=archive.parent, prefix=".qifu-backup-") as work:
        copy = Path(work) / "qifu.sqlite3"
        source = sqlite3.connect(database, timeout=30)
        target = sqlite3.connect(copy)
        try:
            # In pages of 1,024 with a pause between them: writers are never held up for long, and SQLite restarts
            # the copy by itself when a page already copied changes (so the copy is one consistent state).
            source.backup(target, pages=1024, sleep=0.005)
        finally:
            target.close()
            source.close()
        counts = table_counts(copy)
        files: list[dict[str, Any]] = []
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(copy, arcname=DATABASE)
            for path in _media_files(media_root):
                name = path.relative_to(media_root).as_posix()
                try:
                    body = path.read_bytes()  # read once: the bytes archived are the bytes checksummed
                except FileNotFoundError:
                    continue  # removed since it was listed (a finished import's file): no row names it any more
                _add(tar, f"{MEDIA}/{name}", body)
                files.append({"path": name, "size": len(body), "sha256": hashlib.sha256(body).hexdigest()})
            manifest = {
                "format": FORMAT,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "database": {
                    "path": DATABASE,
                    "size": copy.stat().st_size,
                    "sha256": sha256_of(copy),
                    "tables": counts,
                },
                "files": files,
            }
            _add(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        partial.replace(archive)  # the archive appears whole or not at all
    return BackupReport(archive, sum(counts.values()), len(counts), len(files))


def _add(tar: tarfile.TarFile, name: str, body: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(body)
    info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(body))


def read_manifest(tar: tarfile.TarFile) -> dict[str, Any]:
    try:
        member = tar.extractfile(MANIFEST)
    except KeyError as exc:
        raise BackupError("备份文件中没有清单（manifest.json），不是企服通的备份") from exc
    if member is None:
        raise BackupError("备份文件中的清单无法读取")
    manifest: dict[str, Any] = json.loads(member.read())
    if manifest.get("format") != FORMAT:
        raise BackupError(f"不支持的备份格式：{manifest.get('format')}")
    return manifest


def restore(archive: Path, data_dir: Path, media_root: Path, database: Path) -> dict[str, Any]:
    """Bring an archive back into an empty data directory, checking every checksum and the row counts."""
    if not archive.is_file():
        raise BackupError(f"备份文件不存在：{archive}")
    if data_dir.exists() and any(data_dir.iterdir()):
        raise BackupError(
            f"数据目录 {data_dir} 不是空的：恢复只写入空目录，以免覆盖现有数据。请换一个空目录，或先移走其中的文件。"
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    with tarfile.open(archive, "r:gz") as tar:
        manifest = read_manifest(tar)
        wanted = {manifest["database"]["path"]: manifest["database"]["sha256"]}
        wanted |= {f"{MEDIA}/{f['path']}": f["sha256"] for f in manifest["files"]}
        with tempfile.TemporaryDirectory(dir=data_dir, prefix=".qifu-restore-") as work:
            tar.extractall(work, filter="data")
            staged = Path(work)
            for name, checksum in wanted.items():
                path = staged / name
                if not path.is_file() or sha256_of(path) != checksum:
                    raise BackupError(f"备份文件已损坏：{name} 缺失或校验和不符")
            if table_counts(staged / DATABASE) != manifest["database"]["tables"]:
                raise BackupError("备份文件已损坏：数据库的行数与清单不符")
            database.parent.mkdir(parents=True, exist_ok=True)
            (staged / DATABASE).replace(database)
            if (staged / MEDIA).is_dir():
                media_root.parent.mkdir(parents=True, exist_ok=True)
                (staged / MEDIA).replace(media_root)
    return manifest
