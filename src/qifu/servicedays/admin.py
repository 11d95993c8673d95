"""Schedules in Django's admin (sessions, lists and records are kept by the services and shown on the pages)."""

from django.contrib import admin

from qifu.core.admin import AuditedModelAdmin
from qifu.servicedays.models import ServiceDaySchedule


@admin.register(ServiceDaySchedule)
class ServiceDayScheduleAdmin(AuditedModelAdmin):
    list_display = ["park", "weekday", "start_time", "place", "is_active"]
    list_filter = ["park", "is_active"]
    filter_horizontal = ["departments"]
