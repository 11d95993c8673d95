from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "qifu.policies"
    verbose_name = "惠企政策"

    def ready(self) -> None:
        from qifu.policies import signals, workbench  # noqa: F401  (enterprise change hook; workbench to-dos)
