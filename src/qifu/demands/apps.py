from django.apps import AppConfig


class DemandsConfig(AppConfig):
    name = "qifu.demands"
    verbose_name = "企业诉求"

    def ready(self) -> None:
        from qifu.core import hooks
        from qifu.core.supervised import LateSource
        from qifu.core.workcalendar import on_calendar_change
        from qifu.demands import demo, panels, search, services, workbench
        from qifu.demands.permissions import demands_visible_to
        from qifu.demands.transitions import WORKFLOW

        on_calendar_change(services.recompute_deadlines)
        hooks.register(hooks.DEMO_SEED, demo.seed_demo, order=40)
        hooks.register(hooks.TRACKER, WORKFLOW)
        hooks.register(hooks.OPEN_CASES, workbench.open_cases)
        # Supervision's one watcher reminds at warning and supervises at overdue; these are the demand's own steps.
        hooks.register(
            hooks.LATE_SOURCE,
            LateSource(
                kind="demand",
                label="诉求",
                workflow=WORKFLOW,
                visible=demands_visible_to,
                department="lead_department_id",
                person="handler_id",
                on_warning=services.remind_late,
                on_overdue=services.supervise_late,
            ),
        )
        # 一企一档: its cards and its quick action on the enterprise page.
        hooks.register(hooks.ENTERPRISE_PANEL, panels.demand_panel, order=10)
        hooks.register(hooks.ENTERPRISE_PANEL, panels.follow_up_panel, order=60)
        hooks.register(hooks.ENTERPRISE_ACTION, panels.demand_actions, order=10)
        hooks.register(hooks.SEARCH_PROVIDER, search.search_demands, order=20)
