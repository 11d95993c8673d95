"""Users in the admin, with role, department, park and enterprise."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from qifu.accounts.models import ApiToken, User
from qifu.core.admin import AuditedModelAdmin


@admin.register(User)
class QifuUserAdmin(AuditedModelAdmin, UserAdmin):  # type: ignore[type-arg]
    list_display = ["username", "display_name", "role", "department", "park", "enterprise", "is_active"]
    list_filter = ["role", "is_active", "department"]
    search_fields = ["username", "display_name", "phone"]
    autocomplete_fields = ["enterprise"]
    fieldsets = [
        *UserAdmin.fieldsets,  # type: ignore[misc]
        ("企服通", {"fields": ["display_name", "role", "phone", "department", "park", "enterprise"]}),
    ]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin[ApiToken]):
    list_display = ["user", "created_at", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["user", "digest", "created_at", "expires_at", "last_used_at"]
    list_filter = ["revoked_at"]
