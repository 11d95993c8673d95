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
# The statuses in which a clock runs, stored as `due_at` / `warning_at`: the one-time notice (submitted), the
# decision (accepted, in review; stopped while paused), the delivery of the result (approved, denied).
TIMED_STATUSES = (
    ApplicationStatus.SUBMITTED,
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
    """DB4106/T 98-2023 §6: the situations in which assisted or proxy handling (帮办代办) may end, in its words."""

    A = "a", "a) 服务对象主动要求终止"
    B = "b", "b) 申请材料不符合法定条件、标准，且不能补正"
    C = "c", "c) 因法律、法规等修改、废止或者国家政策调整的原因不能继续审批"
    D = "d", "d) 违反有关法律法规规定，出现重大责任事故或重大问题，造成严重影响"
    E = "e", "e) 其他需要终止的情形"


# A missed commitment (容缺材料逾期未补) is none of §6 a)-d): the system ends the application under e), and the
# step's public line says why.
COMMITMENT_BROKEN_REASON = TerminationReason.E


class MaterialState(models.TextChoices):
    PROVIDED = "provided", "已提交"
    MISSING = "missing", "未提交"
    PROBLEM = "problem", "需补正"
    DEFERRED = "deferred", "容缺后补"
    ACCEPTED = "accepted", "审查通过"


class Window(models.TextChoices):
    """Windows and zones of the service hall an enterprise can book (seed 002: special windows and zones)."""

    COMPREHENSIVE = "comprehensive", "综合受理窗口"
    ASSISTANCE = "assistance", "帮办代办窗口"
    STARTUP = "startup", "企业开办专区"
    CONSTRUCTION = "construction", "工程建设项目专区"
    OUTPUT = "output", "统一出件窗口"


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", "已预约"
    ARRIVED = "arrived", "已到场"
    MISSED = "missed", "未到场"
    CANCELLED = "cancelled", "已取消"


# Half-hour slots of a working day in the hall (上午 9:00-12:00, 下午 14:30-17:00).
APPOINTMENT_SLOTS = (
    "09:00", "09:30", "10:00", "10:30", "11:00", "11:30",
    "14:30", "15:00", "15:30", "16:00", "16:30",
)  # fmt: skip
