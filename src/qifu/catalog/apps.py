from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "qifu.catalog"
    verbose_name = "事项清单"

    def ready(self) -> None:
        from qifu.catalog import demo
        from qifu.core import hooks

        hooks.register(hooks.DEMO_SEED, demo.seed_demo, order=50)
