"""`core` knows no domain app: no module under src/qifu/core imports one, not even for type checking."""

from __future__ import annotations

import ast
from pathlib import Path

import qifu.core

CORE = Path(qifu.core.__file__).resolve().parent
PACKAGE = CORE.parent
DOMAIN_APPS = sorted(p.parent.name for p in PACKAGE.glob("*/apps.py") if p.parent.name != "core")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def test_the_domain_apps_are_found() -> None:
    assert {"accounts", "orgs", "enterprises", "demands", "applications", "catalog", "policies"} <= set(DOMAIN_APPS)


def test_core_imports_no_domain_app() -> None:
    offending = [
        f"{path.relative_to(PACKAGE.parent)}: {name}"
        for path in sorted(CORE.rglob("*.py"))
        for name in _imports(path)
        if any(name == f"qifu.{app}" or name.startswith(f"qifu.{app}.") for app in DOMAIN_APPS)
    ]
    assert offending == []


def test_the_check_sees_an_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from qifu.policies.models import Policy\n"
        "def f():\n    import qifu.demands.services\n    from qifu import enterprises\n",
        encoding="utf-8",
    )
    found = _imports(module)
    assert "qifu.policies.models" in found and "qifu.demands.services" in found and "qifu.enterprises" in found
