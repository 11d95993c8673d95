from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "qifu.supervision"
    verbose_name = "督查督办与考核"

    def ready(self) -> None:
        from qifu.supervision import reform_hooks

        reform_hooks.register()
