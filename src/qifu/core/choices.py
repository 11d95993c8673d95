"""Kinds used by the core models, and the roles (GLOSSARY.md) by which core.access decides who may do what."""

from django.db import models


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "法定节假日"
    MAKEUP_WORKDAY = "makeup_workday", "调休上班"


class Light(models.TextChoices):
    """Where a running deadline stands (DESIGN.md "Deadlines")."""

    NORMAL = "normal", "正常"
    WARNING = "warning", "即将超期"
    OVERDUE = "overdue", "已超期"


class Role(models.TextChoices):
    ADMIN = "admin", "系统管理员"
    DISPATCHER = "dispatcher", "调度员(政务服务股)"
    WINDOW_STAFF = "window_staff", "综合窗口"
    GUIDE = "guide", "导办专员"
    SERVICE_OFFICER = "service_officer", "助企干部"
    DEPARTMENT_HANDLER = "department_handler", "部门承办人"
    DEPARTMENT_HEAD = "department_head", "部门负责人"
    SUPERVISOR = "supervisor", "监督"
    PARK_LIAISON = "park_liaison", "园区联络员"
    ENTERPRISE = "enterprise", "企业用户"
