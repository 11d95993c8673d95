from django.apps import AppConfig


class DemandsConfig(AppConfig):
    name = "qifu.demands"
    verbose_name = "企业诉求"

    def ready(self) -> None:
        from qifu.core import hooks
        from qifu.core.periodic import periodic_job
        from qifu.core.workcalendar import on_calendar_change
        from qifu.demands import demo, services, workbench  # noqa: F401  (workbench registers the to-dos)
        from qifu.demands.transitions import WORKFLOW

        on_calendar_change(services.recompute_deadlines)
        hooks.register(hooks.DEMO_SEED, demo.seed_demo, order=40)
        hooks.register(hooks.TRACKER, WORKFLOW)
        periodic_job("demands.watch_deadlines", "qifu.demands.services.watch_deadlines")
