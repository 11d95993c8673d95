"""Audit log, calendar years and queued background work in the admin (read-only), and the audited admin."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from qifu.core.audit import audit_record, register_action_labels
from qifu.core.models import AuditEvent, CalendarDay, CalendarYear, Job


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    """Shown, never edited here."""

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["id", "at", "actor_label", "action", "object_type", "object_id", "summary"]
    list_filter = ["action", "object_type"]
    search_fields = ["summary", "object_id", "actor_label"]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    """The background work queued in the database: what waits, what ran, what failed and why."""

    list_display = ["id", "task", "args", "attempts", "next_attempt_at", "done_at", "failed_at", "created_at"]
    list_filter = ["task", ("done_at", admin.EmptyFieldListFilter), ("failed_at", admin.EmptyFieldListFilter)]


class CalendarDayInline(admin.TabularInline[CalendarDay, CalendarYear]):
    model = CalendarDay
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    """Shown for reference; the arrangement is entered on the calendar page, which audits it."""

    list_display = ["year", "confirmed", "notice", "confirmed_at"]
    inlines = [CalendarDayInline]


VERBS = {"create": "新增", "update": "修改", "delete": "删除"}


class AuditedModelAdmin(admin.ModelAdmin[Any]):
    """Admin edits are audited in the admin's own transaction, like every other write: the object of the page
    and every row added, changed or deleted in its inlines (catalogue materials and checkpoints …)."""

    def __init__(self, model: Any, admin_site: Any) -> None:
        """The audit log names this admin's edits (and its inlines') as "系统管理 修改部门"."""
        super().__init__(model, admin_site)
        for audited in (model, *(inline.model for inline in self.inlines)):
            meta = audited._meta
            register_action_labels(
                {f"{meta.model_name}.{v}": f"系统管理 {label}{meta.verbose_name}" for v, label in VERBS.items()}
            )

    def _values(self, obj: Any) -> dict[str, Any]:
        return {f.name: str(getattr(obj, f.attname)) for f in obj._meta.concrete_fields if f.name not in ("password",)}

    def _audit(self, request: HttpRequest, obj: Any, verb: str, changed: list[str] | None = None) -> None:
        label = VERBS[verb]
        data: dict[str, Any] = {"values": self._values(obj)}
        if changed is not None:
            data["changed"] = changed
        audit_record(
            actor=request.user,
            action=f"{obj._meta.model_name}.{verb}",
            obj=obj,
            summary=f"{label}{obj._meta.verbose_name}：{obj}",
            data=data,
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        self._audit(request, obj, "update" if change else "create", list(form.changed_data))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        self._audit(request, obj, "delete")
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        for deleted in formset.deleted_forms:  # audited while the row still has its id
            if deleted.instance.pk is not None:
                self._audit(request, deleted.instance, "delete")
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self._audit(request, obj, "create")
        for obj, changed in formset.changed_objects:
            self._audit(request, obj, "update", list(changed))
