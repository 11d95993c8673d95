from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "qifu.applications"
    verbose_name = "办件"

    def ready(self) -> None:
        from qifu.applications import panels, search, workbench
        from qifu.applications.choices import ApplicationStatus as S
        from qifu.applications.permissions import applications_visible_to
        from qifu.applications.transitions import WORKFLOW
        from qifu.core import hooks
        from qifu.core.periodic import periodic_job
        from qifu.core.supervised import LateSource

        hooks.register(hooks.TRACKER, WORKFLOW)
        hooks.register(hooks.OPEN_CASES, workbench.open_cases)

        periodic_job("applications.watch", "qifu.applications.services.watch_applications")
        # Supervision watches three single steps, each on its own clock: the handover (accepted, within
        # QIFU_HANDOVER_DAYS), the decision (accepted or in review, by the promised date), the delivery (decided,
        # within QIFU_DELIVERY_DAYS, Art. 44).
        steps = (
            ("handover", "流转", (S.ACCEPTED,), "handover_due_at", "handover_warning_at"),
            ("decision", "审批决定", (S.ACCEPTED, S.IN_REVIEW), "due_at", "warning_at"),
            ("delivery", "出件送达", (S.APPROVED, S.DENIED), "due_at", "warning_at"),
        )
        for step, step_label, statuses, due, warning in steps:
            hooks.register(
                hooks.LATE_SOURCE,
                LateSource(
                    kind="application",
                    label="办件",
                    workflow=WORKFLOW,
                    visible=applications_visible_to,
                    title="item_version__name",
                    step=step,
                    step_label=step_label,
                    statuses=tuple(str(s) for s in statuses),
                    due=due,
                    warning=warning,
                ),
            )
        # 一企一档: its card and its quick actions on the enterprise page.
        hooks.register(hooks.ENTERPRISE_PANEL, panels.application_panel, order=20)
        hooks.register(hooks.ENTERPRISE_ACTION, panels.application_actions, order=20)
        hooks.register(hooks.SEARCH_PROVIDER, search.search_applications, order=30)
