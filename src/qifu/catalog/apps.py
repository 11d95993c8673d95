from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "qifu.catalog"
    verbose_name = "事项清单"
