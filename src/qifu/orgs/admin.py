"""Departments, parks, towns and grids are managed in Django's admin (in Chinese)."""

from django.contrib import admin

from qifu.core.admin import AuditedModelAdmin
from qifu.orgs.models import Department, Grid, Park, Town


@admin.register(Department)
class DepartmentAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "short_name", "kind", "phone", "is_active", "sort_order"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name", "short_name", "duties"]
    list_editable = ["sort_order"]
    fields = ["code", "name", "short_name", "kind", "phone", "duties", "is_active", "sort_order"]


@admin.register(Park)
class ParkAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "committee", "address"]
    search_fields = ["code", "name"]


@admin.register(Town)
class TownAdmin(AuditedModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


@admin.register(Grid)
class GridAdmin(AuditedModelAdmin):
    list_display = ["code", "name", "town", "park", "officer"]
    list_filter = ["town", "park"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["officer"]
