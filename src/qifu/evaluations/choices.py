"""The choices of ratings (好差评) and rectification cases (差评整改)."""

from __future__ import annotations

from django.db import models


class SubjectType(models.TextChoices):
    """The services an enterprise rates (seed 004 第十三条: every item of the service zone)."""

    DEMAND = "demand", "诉求"
    APPLICATION = "application", "办件"
    POLICY_CLAIM = "policy_claim", "政策兑现"
    APPOINTMENT = "appointment", "预约"
    SERVICE_DAY_RECORD = "service_day_record", "服务日记录"


class Level(models.IntegerChoices):
    """The five levels of 国办发〔2019〕51号."""

    VERY_BAD = 1, "非常不满意"
    BAD = 2, "不满意"
    FAIR = 3, "基本满意"
    GOOD = 4, "满意"
    VERY_GOOD = 5, "非常满意"


BAD_LEVELS = (Level.VERY_BAD, Level.BAD)
"""The levels of a bad review (差评): each opens a rectification case."""

SATISFIED_LEVELS = (Level.FAIR, Level.GOOD, Level.VERY_GOOD)
"""The levels counted as satisfied in the satisfaction rate (基本满意 and above)."""


class Channel(models.TextChoices):
    ONLINE = "online", "网上评价"
    ONSITE = "onsite", "现场评价"


class RectificationStatus(models.TextChoices):
    OPEN = "open", "待回访"
    CALLED_BACK = "called_back", "已回访核实"
    RECTIFIED = "rectified", "已整改"
    CLOSED = "closed", "已反馈办结"
    APPEALED = "appealed", "申诉复核中"
    EXCLUDED = "excluded", "已剔除"
