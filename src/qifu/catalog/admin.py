"""Departments maintain their items in the admin: drafts are edited, then published (versions are frozen)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from qifu.catalog import services
from qifu.catalog.choices import VersionStatus
from qifu.catalog.models import (
    Bundle,
    ItemVersion,
    MaterialRequirement,
    ReviewCheckpoint,
    ServiceItem,
    ValueAddedService,
)
from qifu.core.admin import AuditedModelAdmin
from qifu.core.errors import DomainError


def _editable(obj: Any) -> bool:
    version = obj if isinstance(obj, ItemVersion) else getattr(obj, "version", None)
    return version is None or version.status == VersionStatus.DRAFT


class MaterialInline(admin.TabularInline[MaterialRequirement, ItemVersion]):
    model = MaterialRequirement
    extra = 1
    fields = ["name", "required", "deferrable", "copies", "note", "form_template", "sample", "sort_order"]
    show_change_link = True

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(obj)


class CheckpointInline(admin.TabularInline[ReviewCheckpoint, MaterialRequirement]):
    model = ReviewCheckpoint
    extra = 2

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(obj)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _editable(obj)


@admin.action(description="为所选事项新建草稿（复制现行版本）")
def new_draft(modeladmin: Any, request: HttpRequest, queryset: QuerySet[ServiceItem]) -> None:
    for item in queryset:
        try:
            draft = services.version_draft(actor=request.user, item_id=item.pk)
            messages.success(request, f"已新建草稿：{draft}")
        except DomainError as exc:
            messages.error(request, f"{item.code}：{exc.detail}")


@admin.action(description="上线所选事项（对外公开）")
def list_items(modeladmin: Any, request: HttpRequest, queryset: QuerySet[ServiceItem]) -> None:
    for item in queryset:
        try:
            services.item_set_listed(actor=request.user, item_id=item.pk, listed=True)
        except DomainError as exc:
            messages.error(request, f"{item.code}：{exc.detail}")


@admin.action(description="下线所选事项")
def unlist_items(modeladmin: Any, request: HttpRequest, queryset: QuerySet[ServiceItem]) -> None:
    for item in queryset:
        services.item_set_listed(actor=request.user, item_id=item.pk, listed=False)


@admin.register(ServiceItem)
class ServiceItemAdmin(AuditedModelAdmin):
    list_display = ["code", "current", "department", "is_listed"]
    list_filter = ["department", "is_listed"]
    search_fields = ["code", "versions__name"]
    readonly_fields = ["current", "is_listed"]
    actions = [new_draft, list_items, unlist_items]


@admin.action(description="发布所选草稿")
def publish(modeladmin: Any, request: HttpRequest, queryset: QuerySet[ItemVersion]) -> None:
    for version in queryset:
        try:
            services.version_publish(actor=request.user, version_id=version.pk)
            messages.success(request, f"已发布：{version}")
        except DomainError as exc:
            messages.error(request, f"{version}：{exc.detail}")


@admin.register(ItemVersion)
class ItemVersionAdmin(AuditedModelAdmin):
    """Only drafts can be changed; published versions stay as the applications filed under them saw them."""

    list_display = ["name", "item", "number", "status", "promised_days", "legal_days", "published_at"]
    list_filter = ["status", "item__department"]
    search_fields = ["name", "item__code"]
    inlines = [MaterialInline]
    actions = [publish]
    readonly_fields = ["status", "number", "published_at", "published_by"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and _editable(obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_delete_permission(request, obj) and _editable(obj)


@admin.register(MaterialRequirement)
class MaterialAdmin(AuditedModelAdmin):
    list_display = ["name", "version", "required", "deferrable"]
    search_fields = ["name"]
    inlines = [CheckpointInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and _editable(obj)


@admin.register(Bundle)
class BundleAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "is_listed"]
    filter_horizontal = ["items"]


@admin.register(ValueAddedService)
class ValueAddedServiceAdmin(AuditedModelAdmin):
    list_display = ["name", "kind", "provider", "is_listed"]
    list_filter = ["kind"]
