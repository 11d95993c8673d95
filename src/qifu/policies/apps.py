import datetime as dt

from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "qifu.policies"
    verbose_name = "惠企政策"

    def ready(self) -> None:
        from qifu.core import hooks
        from qifu.core.periodic import periodic_job
        from qifu.policies import demo, panels, signals, workbench  # noqa: F401  (enterprise change hook; to-dos)

        hooks.register(hooks.DEMO_SEED, demo.seed_demo, order=60)
        hooks.register(hooks.ENTERPRISE_PANEL, panels.enterprise_policy_panel)
        hooks.register(hooks.OPEN_CASES, workbench.open_cases)
        periodic_job("policies.watch_claims", "qifu.policies.services.watch_claims")
        # A full match every night (policies and enterprises re-match on their own changes in between).
        periodic_job("policies.match_all", "qifu.policies.services.match_policies", at=dt.time(2, 0))
