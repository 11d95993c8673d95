from django.apps import AppConfig


class LifecycleConfig(AppConfig):
    name = "qifu.lifecycle"
    verbose_name = "助企干部全生命周期服务"

    def ready(self) -> None:
        from qifu.core import hooks
        from qifu.lifecycle import demo, panels, workbench  # noqa: F401  (workbench registers the to-dos)

        hooks.register(hooks.DEMO_SEED, demo.seed_demo, order=46)
        hooks.register(hooks.ENTERPRISE_PANEL, panels.enterprise_lifecycle_panel)
