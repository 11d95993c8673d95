from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "qifu.applications"
    verbose_name = "办件"

    def ready(self) -> None:
        from qifu.applications import panels, search, workbench
        from qifu.applications.transitions import WORKFLOW
        from qifu.core import hooks
        from qifu.core.periodic import periodic_job

        hooks.register(hooks.TRACKER, WORKFLOW)
        hooks.register(hooks.OPEN_CASES, workbench.open_cases)

        periodic_job("applications.watch", "qifu.applications.services.watch_applications")
        # 一企一档: its card and its quick actions on the enterprise page.
        hooks.register(hooks.ENTERPRISE_PANEL, panels.application_panel, order=20)
        hooks.register(hooks.ENTERPRISE_ACTION, panels.application_actions, order=20)
        hooks.register(hooks.SEARCH_PROVIDER, search.search_applications, order=30)
