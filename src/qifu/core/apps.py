import datetime as dt

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "qifu.core"
    verbose_name = "基础设施"

    def ready(self) -> None:
        from qifu.core import demo, hooks, workbench  # noqa: F401  (workbench registers the to-dos)
        from qifu.core.periodic import periodic_job

        hooks.register(hooks.DEMO_SEED, demo.seed_demo_calendar, order=0)
        periodic_job("core.send_outbox", "qifu.core.tasks.send_outbox")
        periodic_job("core.prune_jobs", "qifu.core.tasks.prune_jobs", at=dt.time(3, 30))
