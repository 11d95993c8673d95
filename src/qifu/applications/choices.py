"""Statuses, modes and reasons of applications (办件)."""

from django.db import models


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", "待预审"
    CORRECTION_REQUESTED = "correction_requested", "待补正"
    REFUSED = "refused", "不予受理"
    ACCEPTED = "accepted", "已受理待流转"
    IN_REVIEW = "in_review", "审批中"
    APPROVED = "approved", "准予许可待出件"
    DENIED = "denied", "不予许可待出件"
    DELIVERED = "delivered", "已出件"
    TERMINATED = "terminated", "已终止"


OPEN_STATUSES = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.CORRECTION_REQUESTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.IN_REVIEW,
    ApplicationStatus.APPROVED,
    ApplicationStatus.DENIED,
)


class Mode(models.TextChoices):
    SELF = "self", "企业自办"
    ASSISTED = "assisted", "帮办"
    PROXY = "proxy", "代办"


class DeliveryMethod(models.TextChoices):
    PICKUP = "pickup", "窗口领取"
    EXPRESS = "express", "免费邮寄"


class TerminationReason(models.TextChoices):
    """DB4106/T 98-2023 §6: when service on a matter ends."""

    A = "a", "a) 企业主动申请终止"
    B = "b", "b) 企业已注销或迁出"
    C = "c", "c) 企业未按承诺履行（容缺材料逾期未补）"
    D = "d", "d) 事项依法不再办理"
    E = "e", "e) 其他依法依规应当终止的情形"


class MaterialState(models.TextChoices):
    PROVIDED = "provided", "已提交"
    MISSING = "missing", "未提交"
    PROBLEM = "problem", "需补正"
    DEFERRED = "deferred", "容缺后补"
    ACCEPTED = "accepted", "审查通过"
