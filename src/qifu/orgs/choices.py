"""Kinds of organisation."""

from django.db import models


class DepartmentKind(models.TextChoices):
    CENTER = "center", "政务服务中心"
    DEPARTMENT = "department", "职能部门"
    PARK_COMMITTEE = "park_committee", "园区管委会"
    TOWN = "town", "镇街"
    UTILITY = "utility", "公用事业单位"
