"""Kinds used by the core models."""

from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日"
    MAKEUP_WORKDAY = "makeup_workday", "调休上班"
