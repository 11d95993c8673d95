from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "qifu.core"
    verbose_name = "基础设施"

    def ready(self) -> None:
        from qifu.core import tasks_periodic, workbench  # noqa: F401  (registers the outbox task and the to-dos)
