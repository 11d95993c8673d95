"""N consecutive starts of `make demo`'s start path, each checked: migrate, seed_demo, then run_periodic beside
runserver on a free port; the home page must answer and the work seed_demo queued must be drained.

    PYTHONPATH=src .venv/bin/python bench/demo_starts.py 50            # a fresh QIFU_DATA_DIR for every start
    PYTHONPATH=src .venv/bin/python bench/demo_starts.py 50 --same     # one data dir: seeded once, then restarts

It does not run `make demo` itself (that would reinstall the venv); it runs the same commands.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
SERVE_TIMEOUT = 60.0
DRAIN_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def open_jobs(data_dir: Path) -> int:
    with sqlite3.connect(data_dir / "qifu.sqlite3", timeout=10) as db:
        return int(db.execute("select count(*) from core_job where done_at is null").fetchone()[0])


def start(data_dir: Path) -> str:
    """One start; returns "" when it served, else what went wrong."""
    env = {**os.environ, "QIFU_DATA_DIR": str(data_dir), "QIFU_INSECURE_DEV_KEY": "1", "PYTHONPATH": str(ROOT / "src")}
    data_dir.mkdir(parents=True, exist_ok=True)
    for step in (("migrate", "--noinput"), ("seed_demo",)):
        done = manage(env, *step)
        if done.returncode != 0:
            return f"{step[0]} exited {done.returncode}: {(done.stderr or done.stdout)[-500:]}"
    port = free_port()
    log = (data_dir / "periodic.log").open("a")
    periodic = subprocess.Popen(
        [PY, "manage.py", "run_periodic"], cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True
    )
    server = subprocess.Popen(
        [PY, "manage.py", "runserver", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env={**env, "DEBUG": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + SERVE_TIMEOUT
        served = ""
        while time.monotonic() < deadline and not served:
            if server.poll() is not None:
                return f"runserver exited {server.returncode}: {server.stderr.read()[-500:] if server.stderr else ''}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:  # follows to /login/
                    if answer.status == 200 and "企服通" in answer.read().decode():
                        served = answer.url
            except OSError:
                time.sleep(0.3)
        if not served:
            return "home page did not answer"
        deadline = time.monotonic() + DRAIN_TIMEOUT
        while open_jobs(data_dir) and time.monotonic() < deadline:
            if periodic.poll() is not None:
                return f"run_periodic exited {periodic.returncode}"
            time.sleep(0.5)
        if open_jobs(data_dir):
            return f"{open_jobs(data_dir)} queued jobs not drained"
        if periodic.poll() is not None:
            return f"run_periodic exited {periodic.returncode}"
        return ""
    finally:
        for process in (server, periodic):  # the process groups this script started
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=30)
        log.close()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("starts", type=int, nargs="?", default=50)
    parser.add_argument("--same", action="store_true", help="reuse one data directory for every start")
    options = parser.parse_args()
    failures = 0
    with tempfile.TemporaryDirectory(prefix="qifu-demo-starts-") as tmp:
        for n in range(1, options.starts + 1):
            data_dir = Path(tmp) / ("data" if options.same else f"start-{n}")
            began = time.monotonic()
            problem = start(data_dir)
            failures += bool(problem)
            print(f"start {n:>3}: {'FAILED ' + problem if problem else 'served'} ({time.monotonic() - began:.1f}s)")
            sys.stdout.flush()
    print(f"{options.starts - failures} of {options.starts} starts served")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
