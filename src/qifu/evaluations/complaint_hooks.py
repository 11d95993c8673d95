"""What the complaint and officer parts of the app register when it starts (called from apps.ready)."""

from __future__ import annotations

from qifu.core import hooks


def register() -> None:
    from qifu.evaluations import complaint_demo, complaint_workbench  # noqa: F401  (the workbench registers to-dos)

    hooks.register(hooks.DEMO_SEED, complaint_demo.seed_demo, order=72)
