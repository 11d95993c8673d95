from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "qifu.enterprises"
    verbose_name = "企业库"

    def ready(self) -> None:
        from qifu.enterprises import workbench  # noqa: F401  (registers the workbench to-dos)
