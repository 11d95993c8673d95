"""`make serve` really serves: gunicorn with several workers, DEBUG off, static files through whitenoise with
long-lived caching, JSON errors under /api/, and run_periodic beside it."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
Served = tuple[str, Path, subprocess.Popen[bytes]]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    data = tmp_path_factory.mktemp("serve")
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("QIFU_", "DJANGO_", "DEBUG", "SECRET_KEY", "CELERY"))
    }
    env.update(QIFU_DATA_DIR=str(data), QIFU_WEB_WORKERS="2", PORT=str(port))
    env["WSGI_APP"] = "tests.deploy.failing_wsgi:application"
    env["PYTHONPATH"] = f"{ROOT / 'src'}:{ROOT}"
    log = (data / "serve.log").open("wb")
    # -o: never reinstall the virtualenv from the test (the recipe's install step is not what is tested here).
    proc = subprocess.Popen(
        ["make", "-s", "-o", ".venv/.installed", "serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240
        while True:
            assert proc.poll() is None, (data / "serve.log").read_text()
            try:
                if httpx.get(f"{base}/health/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, (data / "serve.log").read_text()
            time.sleep(0.5)
        yield base, data, proc
    finally:
        stop_group(proc)
        log.close()


def stop_group(proc: subprocess.Popen[bytes]) -> None:
    """Stop make, gunicorn's master and workers and run_periodic: the whole session the test started."""
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(proc.pid, sig)
        except ProcessLookupError:
            break
        try:
            proc.wait(wait)
            break
        except subprocess.TimeoutExpired:
            continue


def test_gunicorn_serves_pages_with_several_workers_and_debug_off(served: Served) -> None:
    base, data, _ = served
    page = httpx.get(f"{base}/login/")
    assert page.status_code == 200 and "登录" in page.text
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    log = (data / "serve.log").read_text()
    assert "gunicorn 2 个进程" in log and log.count("Booting worker") == 2
    assert (data / "secret_key").stat().st_mode & 0o077 == 0  # the generated key is readable by its owner only
    # The periodic runner started beside it and has run its first round.
    deadline = time.monotonic() + 60
    while "定时检查" not in (data / "periodic.log").read_text(errors="replace"):
        assert time.monotonic() < deadline, (data / "periodic.log").read_text(errors="replace")
        time.sleep(0.5)
    # DEBUG off: an unknown page is the Chinese 404 page, never Django's technical page.
    missing = httpx.get(f"{base}/no-such-page/")
    assert missing.status_code == 404 and "URLconf" not in missing.text


def test_static_files_come_from_whitenoise_hashed_and_cached(served: Served) -> None:
    base, data, _ = served
    page = httpx.get(f"{base}/login/").text
    css = re.search(r'href="(/static/qifu/qifu\.[0-9a-f]{12}\.css)"', page)
    assert css, "the page links the hashed name collectstatic wrote"
    assert (data / "static" / css.group(1).removeprefix("/static/")).exists()
    res = httpx.get(f"{base}{css.group(1)}", headers={"Accept-Encoding": "gzip"})
    assert res.status_code == 200 and res.headers["Content-Type"].startswith("text/css")
    assert "immutable" in res.headers["Cache-Control"] and "max-age=315360000" in res.headers["Cache-Control"]
    assert res.headers.get("Content-Encoding") == "gzip"
    plain = httpx.get(f"{base}/static/qifu/pages.js")
    assert plain.status_code == 200 and "max-age" in plain.headers["Cache-Control"]


def test_errors_under_api_are_json_with_debug_off(served: Served) -> None:
    base, _, _ = served
    missing = httpx.get(f"{base}/api/v1/no-such-endpoint")
    assert missing.status_code == 404 and missing.json() == {"detail": "接口不存在", "errors": []}
    failed = httpx.get(f"{base}/api/v1/fail-for-the-test")
    assert failed.status_code == 500 and failed.json() == {"detail": "服务器内部错误", "errors": []}
    page = httpx.get(f"{base}/fail-for-the-test/")
    assert page.status_code == 500 and "服务器内部错误" in page.text and "forced by" not in page.text
    wrong_host = httpx.get(f"{base}/api/v1/auth/me", headers={"Host": "evil.example"})
    assert wrong_host.status_code == 400 and wrong_host.json()["errors"] == []
    unauth = httpx.get(f"{base}/api/v1/auth/me")
    assert unauth.status_code == 401 and "detail" in unauth.json()
