"""What can be checked here of deploy/: the HTTPS settings README documents pass `check --deploy`, the systemd
units start modules and commands that exist, beat's schedule is the apps' registry, nginx hands gunicorn what the
settings trust."""

from __future__ import annotations

import configparser
import importlib
import os
import re
import secrets
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.core.management import get_commands
from django.test import RequestFactory

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def env_file() -> dict[str, str]:
    pairs = {}
    for line in (DEPLOY / "qifu.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            key, _, value = line.partition("=")
            pairs[key] = value
    return pairs


def check_deploy(extra: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "QIFU_", "DEBUG", "SECRET_KEY"))}
    env |= {"PYTHONPATH": str(ROOT / "src"), "QIFU_DATA_DIR": str(tmp_path)} | extra
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )


def test_the_documented_https_settings_pass_check_deploy(tmp_path: Path) -> None:
    settings = env_file() | {"SECRET_KEY": secrets.token_urlsafe(50)}
    passed = check_deploy(settings, tmp_path)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "no issues" in passed.stdout
    # Each documented setting matters: without the secure cookies the check fails.
    settings.pop("SECURE_COOKIES")
    failed = check_deploy(settings, tmp_path)
    assert failed.returncode != 0 and "W012" in failed.stdout + failed.stderr
    readme = (ROOT / "README.md").read_text()
    for name in ("SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER", "QIFU_PROXY_COUNT"):
        assert f"`{name}`" in readme and name in env_file()


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(DEPLOY / "systemd" / name)
    return parser


@pytest.mark.parametrize("name", ["qifu-web.service", "qifu-worker.service", "qifu-beat.service"])
def test_each_unit_starts_what_exists_with_the_shared_environment(name: str) -> None:
    service = unit(name)["Service"]
    assert service["EnvironmentFile"] == "/etc/qifu/qifu.env"
    assert service["WorkingDirectory"] == "/srv/qifu" and service["User"] == "qifu"
    command = shlex.split(service["ExecStart"])
    program = Path(command[0]).name
    assert command[0] == f"/srv/qifu/.venv/bin/{program}" and (Path(sys.executable).parent / program).exists()
    if program == "gunicorn":
        module, _, attribute = command[1].partition(":")
        assert callable(getattr(importlib.import_module(module), attribute))
        assert command[command.index("--bind") + 1] == "127.0.0.1:8000"
    else:
        assert command[1:3] == ["-A", "qifu"] and command[3] in {"worker", "beat"}
        from qifu.celery import app

        assert app.main == "qifu" and "core.run_job" in app.tasks and "core.run_task" in app.tasks


def test_web_unit_runs_migrate_and_collectstatic_first() -> None:
    text = (DEPLOY / "systemd" / "qifu-web.service").read_text()
    pre = [shlex.split(line.split("=", 1)[1]) for line in text.splitlines() if line.startswith("ExecStartPre=")]
    assert [p[2] for p in pre] == ["migrate", "collectstatic"]
    assert all(p[2] in get_commands() for p in pre)
    assert env_file()["QIFU_STATIC_MANIFEST"] == "1"  # so the web process serves the hashed files collected


def test_beat_runs_the_apps_schedule_and_only_one_beat(tmp_path: Path) -> None:
    from celery.utils.imports import symbol_by_name

    from qifu.celery import app
    from qifu.core.periodic import beat_schedule

    # What `celery -A qifu beat` builds: the scheduler named in the app's configuration, reading the schedule then
    # (beat_init is sent only after beat has built its scheduler, too late to add the apps' jobs).
    app.conf.beat_schedule = {}
    scheduler = symbol_by_name(app.conf.beat_scheduler)(app=app, schedule_filename=str(tmp_path / "beat"))
    try:
        assert set(beat_schedule()) | {"core.drain_jobs"} <= set(scheduler.schedule)
        assert scheduler.schedule["core.send_outbox"].args == ("qifu.core.tasks.send_outbox", [])
    finally:
        scheduler.close()
    assert "ONE beat" in (DEPLOY / "systemd" / "qifu-beat.service").read_text()


def test_nginx_hands_gunicorn_what_the_settings_trust() -> None:
    from django.conf import settings

    conf = (DEPLOY / "nginx" / "qifu.conf").read_text()
    assert re.search(r"server 127\.0\.0\.1:8000;", conf)
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf  # SECURE_PROXY_SSL_HEADER
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf  # the address nginx saw, last
    limit = int(re.search(r"client_max_body_size (\d+)m;", conf).group(1))  # type: ignore[union-attr]
    assert limit * 1024 * 1024 > settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # qifu's own 413 answers, in Chinese
    assert "/media" not in conf  # uploads only through the permission-checked download views


def test_behind_the_proxy_the_lockout_counts_the_client_not_the_proxy(settings: Any) -> None:
    from axes.helpers import get_client_ip_address

    factory = RequestFactory()
    settings.QIFU_PROXY_COUNT = 1
    # nginx appends the address it saw; whatever the client wrote itself stays to the left.
    behind = factory.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7", REMOTE_ADDR="127.0.0.1")
    assert get_client_ip_address(behind) == "203.0.113.7"
    settings.QIFU_PROXY_COUNT = 0  # no proxy: the header is the client's own and is ignored
    assert get_client_ip_address(behind) == "127.0.0.1"
