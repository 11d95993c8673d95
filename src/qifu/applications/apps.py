from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "qifu.applications"
    verbose_name = "办件"

    def ready(self) -> None:
        from qifu.applications import workbench  # (registers the workbench to-dos)
        from qifu.core import hooks
        from qifu.core.periodic import periodic_job

        hooks.register(hooks.OPEN_CASES, workbench.open_cases)

        periodic_job("applications.watch", "qifu.applications.services.watch_applications")
