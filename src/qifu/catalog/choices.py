"""Kinds and statuses of the service catalogue (清单)."""

from django.db import models


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "现行"
    SUPERSEDED = "superseded", "已被新版本替代"


class ItemChannel(models.TextChoices):
    ONLINE = "online", "网上办理"
    OFFLINE = "offline", "窗口办理"
    BOTH = "both", "网上或窗口办理"


class ValueAddedKind(models.TextChoices):
    POLICY = "policy", "政策服务"
    FINANCE = "finance", "金融服务"
    TALENT = "talent", "人才服务"
    LEGAL = "legal", "法治服务"
    INNOVATION = "innovation", "科创服务"
    PROJECT = "project", "项目服务"
    OPENING_UP = "opening_up", "开放服务"
