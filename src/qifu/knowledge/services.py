"""Every write of the knowledge base: drafting (by hand or from a replied demand), editing with versions, the
workflow's moves, and keeping the full-text index in step."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from qifu.accounts.models import User
from qifu.core.access import DEPARTMENT_ROLES, role_of
from qifu.core.errors import Conflict, PermissionDenied, ValidationFailed
from qifu.demands.choices import DemandStatus
from qifu.demands.permissions import access_demand_for
from qifu.knowledge import retrieval
from qifu.knowledge.models import Article, ArticleVersion
from qifu.knowledge.permissions import access_article_for, may_publish, may_review, require_draft
from qifu.knowledge.transitions import WORKFLOW
from qifu.orgs.models import Department

MOVES = ("review", "return", "publish", "withdraw", "revise", "confirm")
REVIEW_AFTER = dt.timedelta(days=365)
"""An article unchanged for this long goes back to its department's to-do for review."""


def index(article: Article) -> None:
    """Put the article's segmented text in the full-text index (and its search_text column)."""
    analysed = retrieval.analyse_fields(article)
    Article.objects.filter(pk=article.pk).update(search_text=retrieval.stored_text(analysed))
    retrieval.write_index(article.pk, {name: " ".join(found.tokens) for name, found in analysed.items()})


def reindex_all() -> int:
    """Rebuild the index of every article (after the synonym list changes). Returns how many."""
    retrieval.reset_caches()
    count = 0
    for article in Article.objects.all().iterator(chunk_size=500):
        index(article)
        count += 1
    retrieval.reset_caches()
    return count


def _snapshot(article: Article, actor: Any) -> None:
    ArticleVersion.objects.create(
        article=article,
        version=article.version,
        title=article.title,
        question=article.question,
        answer=article.answer,
        keywords=article.keywords,
        edited_by=actor if isinstance(actor, User) else None,
    )


def _department(department_id: int | None) -> Department | None:
    if department_id is None:
        return None
    department = Department.objects.filter(pk=department_id, is_active=True).first()
    if department is None:
        raise ValidationFailed.field("department_id", "责任部门不存在")
    return department


@transaction.atomic
def article_create(
    *,
    actor: User,
    title: str,
    question: str,
    answer: str,
    category: str = "",
    keywords: str = "",
    department_id: int | None = None,
    valid_until: dt.date | None = None,
    publish: bool = False,
    source_demand_id: int | None = None,
) -> Article:
    """Draft an article (the centre, window staff, department staff). Department staff write for their own
    department. With `publish`, an author who may review and publish it does both at once; others get 403."""
    require_draft(actor)
    if role_of(actor) in DEPARTMENT_ROLES:
        if department_id not in (None, actor.department_id):
            raise ValidationFailed.field("department_id", "部门人员只能为本部门起草知识条目")
        department_id = actor.department_id
    department = _department(department_id)
    article = Article.objects.create(
        title=title,
        question=question,
        answer=answer,
        category=category,
        keywords=keywords,
        department=department,
        valid_until=valid_until,
        created_by=actor,
        source_demand_id=source_demand_id,
    )
    _snapshot(article, actor)
    WORKFLOW.record(article, actor=actor, action="create", data={"version": 1})
    if publish:
        if not (may_review(actor, article) and may_publish(actor, article)):
            raise PermissionDenied()
        now = timezone.now()
        article = WORKFLOW.act(article, actor=actor, action="review", updates={"reviewed_at": now})
        article = WORKFLOW.act(article, actor=actor, action="publish", updates={"published_at": now})
    index(article)
    return article


@transaction.atomic
def article_edit(
    *,
    actor: User,
    article_id: int,
    title: str,
    question: str,
    answer: str,
    category: str = "",
    keywords: str = "",
    valid_until: dt.date | None = None,
) -> Article:
    """Change a draft's text: a new version, the old one kept."""
    article = access_article_for(actor, article_id)
    WORKFLOW.check(article, actor, "edit")
    version = article.version + 1
    article = WORKFLOW.act(
        article,
        actor=actor,
        action="edit",
        data={"version": version},
        updates={
            "title": title,
            "question": question,
            "answer": answer,
            "category": category,
            "keywords": keywords,
            "valid_until": valid_until,
            "version": version,
            "content_changed_at": timezone.now(),
        },
        checked=True,
    )
    _snapshot(article, actor)
    index(article)
    return article


@transaction.atomic
def article_act(*, actor: User, article_id: int, action: str, note: str = "") -> Article:
    """One move of the workflow (review, return, publish, withdraw, revise) or the periodic confirmation."""
    if action not in MOVES:
        raise Conflict("不支持的操作")
    article = access_article_for(actor, article_id)
    now = timezone.now()
    updates: dict[str, Any] = {}
    if action == "review":
        updates["reviewed_at"] = now
    elif action == "publish":
        updates["published_at"] = now
    elif action == "confirm":
        updates["content_changed_at"] = now
        if article.valid_until is not None and article.valid_until < timezone.localdate():
            updates["valid_until"] = None
    article = WORKFLOW.act(article, actor=actor, action=action, note=note, updates=updates)
    index(article)
    return article


@transaction.atomic
def article_from_demand(*, actor: User, demand_id: int) -> Article:
    """A draft from a replied demand's question and reply, for its lead department to review (one click)."""
    require_draft(actor)
    demand = access_demand_for(actor, demand_id)
    replied = (DemandStatus.REPLIED, DemandStatus.CLOSED, DemandStatus.ARCHIVED)
    if demand.status not in replied or not demand.reply.strip():
        raise Conflict("只有已答复的诉求才能转为知识条目")
    if Article.objects.filter(source_demand=demand).exists():
        raise Conflict("该诉求已转为知识条目")
    return article_create(
        actor=actor,
        title=demand.title[:200],
        question=demand.content[:5000],
        answer=demand.reply[:20000],
        category=demand.category.name[:50],
        department_id=demand.lead_department_id,
        source_demand_id=demand.pk,
    )


def require_staff(user: Any) -> None:
    """The suggestions at intake are for staff taking demands, not for enterprises."""
    if role_of(user) in ("", "enterprise"):
        raise PermissionDenied()
