from django.apps import AppConfig


class DemandsConfig(AppConfig):
    name = "qifu.demands"
    verbose_name = "企业诉求"

    def ready(self) -> None:
        from qifu.core import hooks
        from qifu.core.periodic import periodic_job
        from qifu.core.workcalendar import on_calendar_change
        from qifu.demands import demo, services, workbench  # (workbench also registers the to-dos)

        on_calendar_change(services.recompute_deadlines)
        hooks.register(hooks.DEMO_SEED, demo.seed_demo, order=40)
        hooks.register(hooks.OPEN_CASES, workbench.open_cases)
        periodic_job("demands.watch_deadlines", "qifu.demands.services.watch_deadlines")
