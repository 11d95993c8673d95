from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "qifu.knowledge"
    verbose_name = "知识库"
