import datetime as dt

from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "qifu.policies"
    verbose_name = "惠企政策"

    def ready(self) -> None:
        from qifu.core import hooks
        from qifu.core.inputs import register_labels
        from qifu.core.periodic import periodic_job
        from qifu.core.supervised import LateSource
        from qifu.policies import demo, panels, search, services, signals, workbench  # noqa: F401  (change hook; to-dos)
        from qifu.policies.criteria import LABELS
        from qifu.policies.permissions import claims_visible_to
        from qifu.policies.transitions import WORKFLOW

        register_labels(LABELS)

        hooks.register(hooks.DEMO_SEED, demo.seed_demo, order=60)
        hooks.register(hooks.ENTERPRISE_PANEL, panels.claim_panel, order=30)
        hooks.register(hooks.ENTERPRISE_PANEL, panels.enterprise_policy_panel, order=40)
        hooks.register(hooks.ENTERPRISE_PANEL, panels.claim_rating_panel, order=65)
        hooks.register(hooks.SEARCH_PROVIDER, search.search_claims, order=40)
        hooks.register(hooks.SEARCH_PROVIDER, search.search_policies, order=50)
        hooks.register(hooks.TRACKER, WORKFLOW)
        hooks.register(hooks.OPEN_CASES, workbench.open_cases)
        # Supervision's one watcher decides when a claim is warned and supervised; these are the claim's steps.
        hooks.register(
            hooks.LATE_SOURCE,
            LateSource(
                kind="policy_claim",
                label="政策申兑",
                workflow=WORKFLOW,
                visible=claims_visible_to,
                title="policy__title",
                on_warning=services.warn_late,
                on_overdue=services.supervise_late,
            ),
        )
        # A full match every night (policies and enterprises re-match on their own changes in between).
        periodic_job("policies.match_all", "qifu.policies.services.match_policies", at=dt.time(2, 0))
