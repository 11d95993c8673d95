"""Audit log (read-only) and calendar years in the admin."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from qifu.core.audit import audit_record
from qifu.core.models import AuditEvent, CalendarDay, CalendarYear


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["id", "at", "actor_label", "action", "object_type", "object_id", "summary"]
    list_filter = ["action", "object_type"]
    search_fields = ["summary", "object_id", "actor_label"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class CalendarDayInline(admin.TabularInline[CalendarDay, CalendarYear]):
    model = CalendarDay
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin[CalendarYear]):
    """Shown for reference; the arrangement is entered on the calendar page, which audits it."""

    list_display = ["year", "confirmed", "notice", "confirmed_at"]
    inlines = [CalendarDayInline]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class AuditedModelAdmin(admin.ModelAdmin[Any]):
    """Admin edits are audited in the admin's own transaction, like every other write."""

    def _values(self, obj: Any) -> dict[str, Any]:
        return {f.name: str(getattr(obj, f.attname)) for f in obj._meta.concrete_fields if f.name not in ("password",)}

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        verb = "update" if change else "create"
        audit_record(
            actor=request.user,
            action=f"{obj._meta.model_name}.{verb}",
            obj=obj,
            summary=f"{'修改' if change else '新增'}{obj._meta.verbose_name}：{obj}",
            data={"changed": list(form.changed_data), "values": self._values(obj)},
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        audit_record(
            actor=request.user,
            action=f"{obj._meta.model_name}.delete",
            obj=obj,
            summary=f"删除{obj._meta.verbose_name}：{obj}",
            data={"values": self._values(obj)},
        )
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
