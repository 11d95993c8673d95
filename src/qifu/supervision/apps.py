from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "qifu.supervision"
    verbose_name = "督查督办与考核"

    def ready(self) -> None:
        from qifu.core import hooks
        from qifu.core.periodic import periodic_job
        from qifu.supervision import demo, measures, reform_hooks, workbench  # noqa: F401  (workbench: to-dos)

        # The one watcher of every kind of late case (core.supervised.LateSource): reminders, orders, cards.
        periodic_job("supervision.watch_late", "qifu.supervision.services.watch_late")
        # After every app's demo cases exist: their reminders, orders and cards as the watcher would have made them.
        hooks.register(hooks.DEMO_SEED, demo.seed_watch, order=89)
        for measure in measures.MEASURES:
            hooks.register(hooks.ASSESSMENT_MEASURE, measure)
        # Reform tasks, the department assessment and classes of problems: their sources, measures and demo.
        reform_hooks.register()
