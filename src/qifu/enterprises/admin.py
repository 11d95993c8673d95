"""Tags in the admin (enterprises themselves are managed on their own pages)."""

from django.contrib import admin

from qifu.core.admin import AuditedModelAdmin
from qifu.enterprises.models import Enterprise, Tag


@admin.register(Tag)
class TagAdmin(AuditedModelAdmin):
    list_display = ["name", "sort_order"]
    list_editable = ["sort_order"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin[Enterprise]):
    """Read-only here: edits go through the enterprise pages, which validate and audit them."""

    list_display = ["uscc", "name", "industry_code", "scale", "park", "town"]
    search_fields = ["uscc", "name"]
    list_filter = ["scale", "park", "lifecycle_stage"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
