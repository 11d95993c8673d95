"""Kinds used by the core models."""

from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日"
    MAKEUP_WORKDAY = "makeup_workday", "调休上班"


class Light(models.TextChoices):
    """Where a running deadline stands (DESIGN.md "Deadlines")."""

    NORMAL = "normal", "正常"
    WARNING = "warning", "即将超期"
    OVERDUE = "overdue", "已超期"
