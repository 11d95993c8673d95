"""Users in the admin, with role, department, park and enterprise; login failures (with unlock) and logins."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from qifu.accounts.models import ApiToken, LoginFailure, LoginRecord, User
from qifu.accounts.services import login_unlock
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


class ViewOnlyAdmin(admin.ModelAdmin[Any]):
    """django-axes writes these rows; the admin reads them (list only, the field names are axes' English ones)."""

    list_display_links = None

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description="用户名", ordering="username")
    def login_name(self, obj: Any) -> str:
        return str(obj.username or "")

    @admin.display(description="IP 地址", ordering="ip_address")
    def address(self, obj: Any) -> str:
        return str(obj.ip_address or "")

    @admin.display(description="时间", ordering="attempt_time")
    def at(self, obj: Any) -> dt.datetime:
        return obj.attempt_time


@admin.register(LoginFailure)
class LoginFailureAdmin(ViewOnlyAdmin):
    list_display = ["login_name", "address", "failures", "state", "at"]
    search_fields = ["username", "ip_address"]
    actions = ["unlock"]

    @admin.display(description="失败次数", ordering="failures_since_start")
    def failures(self, obj: LoginFailure) -> int:
        return obj.failures_since_start

    @admin.display(description="状态")
    def state(self, obj: LoginFailure) -> str:
        left = settings.AXES_FAILURE_LIMIT - obj.failures_since_start
        return "已锁定" if left <= 0 else f"还可尝试{left}次"

    @admin.action(description="解除所选用户名的登录锁定（清除其全部失败记录）")
    def unlock(self, request: HttpRequest, queryset: QuerySet[LoginFailure]) -> None:
        usernames = {u for u in queryset.values_list("username", flat=True) if u}
        login_unlock(actor=request.user, usernames=usernames)  # type: ignore[arg-type]
        self.message_user(request, f"已解除登录锁定：{'、'.join(sorted(usernames))}")


@admin.register(LoginRecord)
class LoginRecordAdmin(ViewOnlyAdmin):
    list_display = ["login_name", "address", "at", "logout"]
    search_fields = ["username", "ip_address"]

    @admin.display(description="退出时间", ordering="logout_time")
    def logout(self, obj: LoginRecord) -> dt.datetime | None:
        return obj.logout_time
