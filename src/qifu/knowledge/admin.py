"""The maintained synonym list in the admin (edits are audited and re-index the articles); articles are kept by
the services and shown on the knowledge pages, read-only here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from qifu.core.admin import AuditedModelAdmin, ReadOnlyAdmin
from qifu.core.tasks import enqueue
from qifu.knowledge import services
from qifu.knowledge.models import Article, Synonym


@admin.register(Synonym)
class SynonymAdmin(AuditedModelAdmin):
    list_display = ["word", "variants", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["word", "variants"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        enqueue(services.reindex_all)  # synonyms fold words at indexing too

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)
        enqueue(services.reindex_all)


@admin.register(Article)
class ArticleAdmin(ReadOnlyAdmin):
    list_display = ["id", "title", "department", "status", "version", "updated_at"]
    list_filter = ["status", "department"]
    search_fields = ["title", "keywords"]
