from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "qifu.supervision"
    verbose_name = "督查督办与考核"
