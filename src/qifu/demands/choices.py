"""Statuses, kinds, channels and levels of demands (诉求)."""

from django.db import models


class DemandStatus(models.TextChoices):
    REGISTERED = "registered", "待分拨"
    ASSIGNED = "assigned", "待签收"
    IN_PROGRESS = "in_progress", "办理中"
    REPLIED = "replied", "已答复待回访"
    CLOSED = "closed", "已办结"
    ARCHIVED = "archived", "已归档"
    WITHDRAWN = "withdrawn", "已撤回"
    MERGED = "merged", "已合并"


OPEN_STATUSES = (DemandStatus.REGISTERED, DemandStatus.ASSIGNED, DemandStatus.IN_PROGRESS, DemandStatus.REPLIED)
# Statuses whose deadline runs (lights, reminders, supervision).
TIMED_STATUSES = (DemandStatus.ASSIGNED, DemandStatus.IN_PROGRESS)


class DemandKind(models.TextChoices):
    NEED = "need", "诉求"
    COMPLAINT = "complaint", "投诉"
    SUGGESTION = "suggestion", "意见建议"
    INQUIRY = "inquiry", "咨询"


class Channel(models.TextChoices):
    ONLINE = "online", "网上提交"
    VISIT = "visit", "走访"
    SERVICE_DAY = "service_day", "企业服务日"
    WINDOW = "window", "窗口"
    HOTLINE = "hotline", "12345热线"
    SEMINAR = "seminar", "座谈会"
    FALLBACK_WINDOW = "fallback_window", "办不成事反映窗口"
    INTEGRITY_WINDOW = "integrity_window", "诚信建设投诉窗口"


class Complexity(models.TextChoices):
    SIMPLE = "simple", "简单类（当日答复）"
    GENERAL = "general", "一般类（5-15个工作日）"
    COMPLEX = "complex", "复杂类/历史遗留（30个工作日）"


class Satisfaction(models.TextChoices):
    VERY_SATISFIED = "very_satisfied", "非常满意"
    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
    UNSATISFIED = "unsatisfied", "不满意"
    VERY_UNSATISFIED = "very_unsatisfied", "非常不满意"


class VisitMethod(models.TextChoices):
    """How the follow-up (回访) reached the enterprise."""

    PHONE = "phone", "电话"
    ONSITE = "onsite", "实地"
    ONLINE = "online", "线上"


SATISFIED_LEVELS = (Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED)


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"
    REJECTED = "rejected", "未批准"


class NoticeKind(models.TextChoices):
    MANUAL = "manual", "人工"
    AUTO = "auto", "系统自动"
