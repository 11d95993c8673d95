from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "qifu.orgs"
    verbose_name = "组织机构"
