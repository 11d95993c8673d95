"""Reads of the knowledge base: search scoped to what the user may see, article lists, the suggestion at intake
and the articles due for review."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from qifu.knowledge import retrieval, routing
from qifu.knowledge.choices import ArticleStatus
from qifu.knowledge.models import Article
from qifu.knowledge.permissions import articles_visible_to, visible_statuses

REVIEW_AFTER = dt.timedelta(days=365)


def search_for(user: Any, q: str, *, limit: int = 10, published_only: bool = False) -> list[retrieval.Hit]:
    """Articles answering `q` that the user may find, best first (published only for the public)."""
    statuses = (ArticleStatus.PUBLISHED,) if published_only else visible_statuses(user)
    return retrieval.search(q, statuses=statuses, limit=limit)


def article_list_for(user: Any, *, status: str = "", q: str = "") -> QuerySet[Article]:
    qs = articles_visible_to(user).select_related("department")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(keywords__icontains=q))
    return qs.order_by("-updated_at", "-id")


def due_for_review(now: dt.datetime | None = None) -> QuerySet[Article]:
    """Published articles past their validity or unchanged for a year: their department reviews them."""
    now = now or timezone.now()
    return Article.objects.filter(status=ArticleStatus.PUBLISHED).filter(
        Q(valid_until__lt=timezone.localdate(now)) | Q(content_changed_at__lt=now - REVIEW_AFTER)
    )


def suggest_for(user: Any, text: str, *, exclude_id: int | None = None) -> dict[str, Any]:
    """What the intake form shows beside a demand being taken: where it should go, what already answers it, and
    open demands like it that the user may see (every enterprise in scope)."""
    text = (text or "").strip()[:2000]
    if not text:
        return {"category": None, "department_id": None, "confidence": 0.0, "articles": [], "similar": []}
    found = routing.route(text)
    articles = retrieval.search(text, statuses=(ArticleStatus.PUBLISHED,), limit=3)
    similar = routing.similar_open(user, text, exclude_id=exclude_id, limit=5)
    return {
        "category": found.category_code,
        "category_name": found.category_name,
        "department_id": found.department_id,
        "department_name": found.department_name,
        "confidence": found.confidence,
        "articles": [{"id": hit.id, "title": hit.title} for hit in articles if hit.score >= ARTICLE_FLOOR],
        "similar": [{"id": d.pk, "number": d.number, "title": d.title} for d in similar],
    }


ARTICLE_FLOOR = 0.25
"""Below this score an article is too loosely related to show at intake."""
