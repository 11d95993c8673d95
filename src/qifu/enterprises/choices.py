"""Scales, lifecycle stages, ledger categories and import statuses."""

from django.db import models


class Scale(models.TextChoices):
    LARGE = "large", "大型"
    MEDIUM = "medium", "中型"
    SMALL = "small", "小型"
    MICRO = "micro", "微型"


class LifecycleStage(models.TextChoices):
    FOUNDING = "founding", "开办"
    CONSTRUCTION = "construction", "项目建设"
    OPERATION = "operation", "生产经营"
    UPGRADING = "upgrading", "转型升级"
    DEREGISTRATION = "deregistration", "注销"


class LedgerCategory(models.TextChoices):
    OPERATIONS = "operations", "生产经营"
    DIFFICULTIES = "difficulties", "困难问题"
    PLANS = "plans", "发展计划"
    VISIT = "visit", "走访"
    OTHER = "other", "其他"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "排队中"
    VALIDATING = "validating", "校验中"
    WRITING = "writing", "写入中"
    SUCCEEDED = "succeeded", "导入成功"
    FAILED = "failed", "导入失败"
