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


# The reasons offered with a rating, by level, following national practice (国办发〔2019〕51号 and the
# national 好差评 system): the online dimensions (整体满意度, 办事效率, 办事指南精确度, 办事便捷度,
# 平台操作性) and the on-site ones (服务效率, 服务水平, 服务态度), worded as praise for 满意 and above,
# as a point to improve for 基本满意, and as the fault for 不满意 and 非常不满意. The code names the
# dimension; the label says it for the level.
ONLINE_REASONS = ("overall", "efficiency", "guide", "convenience", "platform")
ONSITE_REASONS = ("service_efficiency", "service_level", "attitude")

_REASON_LABELS: dict[str, tuple[str, str, str]] = {
    # code: (good, fair, bad)
    "overall": ("整体满意", "整体满意度有待提升", "整体不满意"),
    "efficiency": ("办事效率高", "办事效率有待提高", "办事效率低、耗时长"),
    "guide": ("办事指南准确清楚", "办事指南不够清楚", "办事指南不准确"),
    "convenience": ("办事便捷，少跑腿", "办事便捷度有待提高", "办事不便捷、多次跑动"),
    "platform": ("平台操作简便", "平台操作有待改进", "平台操作复杂"),
    "service_efficiency": ("服务效率高", "服务效率有待提高", "服务效率低、等候时间长"),
    "service_level": ("服务专业、解答清楚", "服务水平有待提高", "服务不专业、解答不清"),
    "attitude": ("服务态度热情", "服务态度有待改进", "服务态度差"),
}


def reason_options(level: int, channel: str = "") -> list[tuple[str, str]]:
    """The (code, label) options for a level (1 … 5), of one channel ("online", "onsite") or of both."""
    tier = 0 if level >= Level.GOOD else 1 if level == Level.FAIR else 2
    codes = ONLINE_REASONS if channel == Channel.ONLINE else ONSITE_REASONS if channel == Channel.ONSITE else None
    wanted = codes if codes is not None else ONLINE_REASONS + ONSITE_REASONS
    return [(code, _REASON_LABELS[code][tier]) for code in wanted]


def reason_label(level: int, code: str) -> str:
    return dict(reason_options(level)).get(code, code)


DIMENSIONS = {
    "overall": "整体满意度",
    "efficiency": "办事效率",
    "guide": "办事指南精确度",
    "convenience": "办事便捷度",
    "platform": "平台操作性",
    "service_efficiency": "服务效率",
    "service_level": "服务水平",
    "attitude": "服务态度",
}
"""The name of each reason's dimension, as the national practice lists them."""
