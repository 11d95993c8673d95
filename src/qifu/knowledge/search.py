"""The knowledge base's answer to the header search (core.hooks.SEARCH_PROVIDER): articles the user may find."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from qifu.core.access import role_of
from qifu.core.choices import Role
from qifu.core.search import PER_TYPE, Hit
from qifu.knowledge import selectors


def search_articles(user: Any, text: str) -> list[Hit]:
    hits = selectors.search_for(user, text, limit=PER_TYPE)
    page = "knowledge:public_article" if role_of(user) == Role.ENTERPRISE else "knowledge:detail"
    return [Hit("knowledge", h.id, h.title, h.answer[:60], reverse(page, args=[h.id])) for h in hits]
