"""Statuses of a knowledge-base article (知识条目)."""

from django.db import models


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    REVIEWED = "reviewed", "已审核"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"
