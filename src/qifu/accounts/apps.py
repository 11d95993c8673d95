from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "qifu.accounts"
    verbose_name = "账号与角色"
