"""What the reform task list, the assessment and the classes of problems register with core when the app starts:
the reform tasks as one kind of late case for supervision (LateSource "reform_task": sup's watcher sends the
reminders and orders, a long-term task being due at its next report day), this app's assessment measures, the
demo list."""

from __future__ import annotations


def register() -> None:
    from qifu.core import hooks
    from qifu.core.supervised import LateSource
    from qifu.supervision import assessment, problem_classes, reform_demo, reform_services  # noqa: F401  (labels)
    from qifu.supervision.reform_selectors import reform_tasks_visible_to
    from qifu.supervision.reform_transitions import WORKFLOW

    hooks.register(
        hooks.LATE_SOURCE,
        LateSource(
            kind="reform_task",
            label="改革任务",
            workflow=WORKFLOW,
            visible=reform_tasks_visible_to,
            number="number",
            title="title",
            department="department_id",
            due="due_at",
        ),
    )
    assessment.register_measures()
    hooks.register(hooks.DEMO_SEED, reform_demo.seed_demo, order=75)
    hooks.register(hooks.DEMO_SEED, reform_demo.seed_demo_classes, order=76)
