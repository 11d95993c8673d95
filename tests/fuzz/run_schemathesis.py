"""Run schemathesis over every operation of /api/v1/openapi.json, as the admin and as an enterprise (`make fuzz`).

Starts the app (DEBUG off, so a 500 is a real one) on a free port on a fresh SQLite database with the demo data,
gets a token for demo-admin and for demo-enterprise, and fails on any 5xx, any undocumented status code and any
answer that does not match its documented schema. Path ids are drawn mostly from the demo data (schemathesis
dictionaries), so operations get past 404 to their real work.

Only `POST /auth/revoke` is left out: it would revoke the token of the run itself (tests/accounts covers it).
FUZZ_MAX_EXAMPLES (default 20) and FUZZ_SEED tune the run; FUZZ_PATHS (a regex, e.g. "^/(ratings|rectifications)")
fuzzes only the paths it matches; the report lands in $FUZZ_REPORT_DIR (default a temporary directory).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
PASSWORD = "qifu-demo-2026"
USERS = ("demo-admin", "demo-enterprise")
CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"
EXCLUDED = ("/api/v1/auth/revoke",)
# Path parameter → table whose ids are offered to schemathesis (most of the time; random ids the rest).
ID_TABLES = {
    "enterprise_id": "enterprises_enterprise",
    "demand_id": "demands_demand",
    "attachment_id": "demands_demandattachment",
    "extension_id": "demands_extensionrequest",
    "item_id": "catalog_serviceitem",
    "application_id": "applications_application",
    "requirement_id": "catalog_materialrequirement",
    "appointment_id": "applications_appointment",
    "policy_id": "policies_policy",
    "claim_id": "policies_policyclaim",
    "material_id": "policies_claimmaterial",
    "order_id": "supervision_supervisionorder",
    "card_id": "supervision_card",
    "task_id": "supervision_reformtask",
    "case_id": "evaluations_rectification",
    "complaint_id": "evaluations_complaint",
    "study_id": "evaluations_specialstudy",
    "survey_id": "evaluations_survey",
    "response_id": "evaluations_surveyresponse",
    "officer_id": "accounts_user",
    "department_id": "orgs_department",
    "article_id": "knowledge_article",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def post_json(url: str, body: dict[str, str]) -> dict[str, str]:
    request = urllib.request.Request(
        url, json.dumps(body).encode(), {"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(json.load(response))


def wait_for(url: str, server: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"服务未能启动（退出码 {server.returncode}）")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"服务在 {seconds} 秒内未就绪：{url}")


def write_config(path: Path, database: Path) -> None:
    """schemathesis.toml: the demo data's ids as dictionaries for the path parameters."""
    lines = []
    with sqlite3.connect(database) as db:
        for param, table in ID_TABLES.items():
            ids = [row[0] for row in db.execute(f"SELECT id FROM {table} ORDER BY id LIMIT 40")]
            if ids:
                lines += [f"[dictionaries.{param}]", f"values = {ids}", ""]
    lines.append("[parameters]")
    lines += [
        f'"path.{param}" = {{ dictionary = "{param}", probability = 0.8 }}'
        for param in ID_TABLES
        if f"[dictionaries.{param}]" in lines
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="qifu-fuzz-"))
    report_dir = Path(os.environ.get("FUZZ_REPORT_DIR") or work / "report")
    env = {
        **os.environ,
        "QIFU_DATA_DIR": str(work),
        "QIFU_INSECURE_DEV_KEY": "1",
        "PYTHONPATH": str(ROOT / "src"),
        "DEBUG": "",
    }
    env.pop("DATABASE_URL", None)
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([*manage, "seed_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    config = work / "schemathesis.toml"
    write_config(config, work / "qifu.sqlite3")

    port = free_port()
    base = f"http://127.0.0.1:{port}/api/v1"
    log = (work / "server.log").open("wb")
    server = subprocess.Popen(
        [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    failed = []
    try:
        wait_for(f"{base}/openapi.json", server)
        runs = {}
        for username in USERS:  # side by side, one worker each (hypothesis is not thread-safe on Python 3.11)
            token = post_json(f"{base}/auth/token", {"username": username, "password": PASSWORD})["token"]
            command = [
                str(BIN / "schemathesis"),
                "--config-file",
                str(config),
                "run",
                f"{base}/openapi.json",
                "--header",
                f"Authorization: Bearer {token}",
                "--checks",
                CHECKS,
                "--max-examples",
                os.environ.get("FUZZ_MAX_EXAMPLES", "20"),
                "--workers",
                "1",
                "--no-shrink",
                "--report",
                "ndjson",
                "--report-dir",
                str(report_dir / username),
                *[arg for path in EXCLUDED for arg in ("--exclude-path", path)],
                *(["--seed", os.environ["FUZZ_SEED"]] if os.environ.get("FUZZ_SEED") else []),
                *(["--include-path-regex", os.environ["FUZZ_PATHS"]] if os.environ.get("FUZZ_PATHS") else []),
            ]
            output = (work / f"{username}.txt").open("wb")
            runs[username] = (subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT), output)
        for username, (run, output) in runs.items():
            code = run.wait()
            output.close()
            print(f"\n===== schemathesis as {username} =====", flush=True)
            print((work / f"{username}.txt").read_text(encoding="utf-8", errors="replace"), flush=True)
            if code != 0:
                failed.append(username)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    if failed:
        print(f"\nschemathesis 发现问题（{'、'.join(failed)}）；服务日志：{work / 'server.log'}", file=sys.stderr)
        return 1
    if not os.environ.get("FUZZ_REPORT_DIR"):
        shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    sys.exit(main())
