from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "qifu.dashboard"
    verbose_name = "数据看板"
