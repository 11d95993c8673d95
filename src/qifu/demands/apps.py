from django.apps import AppConfig


class DemandsConfig(AppConfig):
    name = "qifu.demands"
    verbose_name = "企业诉求"

    def ready(self) -> None:
        from qifu.core.workcalendar import on_calendar_change
        from qifu.demands import tasks, workbench  # noqa: F401  (registers the workbench to-dos)

        on_calendar_change(tasks.recompute_deadlines)
