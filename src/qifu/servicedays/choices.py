"""Statuses and kinds of enterprise service days (企业服务日)."""

from django.db import models


class ServiceDayStatus(models.TextChoices):
    PLANNED = "planned", "计划"
    HELD = "held", "已举行"
    CANCELLED = "cancelled", "已取消"


class ServiceKind(models.TextChoices):
    """What was done for an enterprise on site (seed 000 "服务内容")."""

    CONSULT = "consult", "咨询"
    ASSIST = "assist", "帮办"
    PROXY = "proxy", "代办"
    POLICY = "policy", "政策解读"
    GUIDANCE = "guidance", "材料申报指导"


class ListRowStatus(models.TextChoices):
    PENDING = "pending", "待分类"
    CLASSIFIED = "classified", "已分类交办"


WEEKDAYS = {1: "周一", 2: "周二", 3: "周三", 4: "周四", 5: "周五", 6: "周六", 7: "周日"}
