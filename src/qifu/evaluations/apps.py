from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "qifu.evaluations"
    verbose_name = "好差评与整改"

    def ready(self) -> None:
        from qifu.evaluations import complaint_hooks

        complaint_hooks.register()
