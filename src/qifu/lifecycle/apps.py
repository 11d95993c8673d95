from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "qifu.lifecycle"
    verbose_name = "助企干部全生命周期服务"

    def ready(self) -> None:
        from qifu.core import hooks
        from qifu.core.supervised import LateSource
        from qifu.lifecycle import demo, panels, permissions, workbench  # noqa: F401  (workbench registers the to-dos)
        from qifu.lifecycle.transitions import TASK_WORKFLOW

        hooks.register(hooks.DEMO_SEED, demo.seed_demo, order=46)
        hooks.register(hooks.ENTERPRISE_PANEL, panels.enterprise_lifecycle_panel)
        hooks.register(
            hooks.LATE_SOURCE,
            LateSource(
                kind="plan_task",
                label="服务方案任务",
                workflow=TASK_WORKFLOW,
                visible=permissions.plan_tasks_visible_to,
                number="",
                department="plan__created_by__department_id",
                person="plan__created_by_id",
            ),
        )
