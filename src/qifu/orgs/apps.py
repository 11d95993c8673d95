from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "qifu.orgs"
    verbose_name = "组织机构"

    def ready(self) -> None:
        from qifu.core import hooks
        from qifu.orgs import demo

        hooks.register(hooks.DEMO_SEED, demo.seed_demo_units, order=10)
        hooks.register(hooks.DEMO_SEED, demo.seed_demo_grids, order=25)  # grids name their officers
