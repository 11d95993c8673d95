"""The knowledge base's answer to the header search (core.hooks.SEARCH_PROVIDER): articles the user may see whose
title holds the words typed, in one query like every other kind (the full Chinese search is the knowledge page's)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from qifu.core.access import role_of
from qifu.core.choices import Role
from qifu.core.search import PER_TYPE, Hit, words_q
from qifu.knowledge.permissions import articles_visible_to


def search_articles(user: Any, text: str) -> list[Hit]:
    if not role_of(user):
        return []
    found = articles_visible_to(user).filter(words_q("title", text)).order_by("-id")[:PER_TYPE]
    page = "knowledge:public_article" if role_of(user) == Role.ENTERPRISE else "knowledge:detail"
    return [
        Hit("knowledge", a.pk, a.title, f"{a.get_status_display()} · {a.answer[:40]}", reverse(page, args=[a.pk]))
        for a in found.only("id", "title", "status", "answer")
    ]
