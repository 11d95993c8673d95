from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "qifu.applications"
    verbose_name = "办件"
