from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qifu.accounts"
    verbose_name = "账号与角色"

    def ready(self) -> None:
        from qifu.accounts import demo
        from qifu.core import hooks

        hooks.register(hooks.DEMO_SEED, demo.seed_demo_accounts, order=20)
        hooks.register(hooks.DEMO_SEED, demo.seed_demo_welcome, order=90)
