"""Who sees and writes which knowledge-base articles: everyone (without logging in) the published ones; the
centre and the supervisor all; department staff their department's articles and every published one. The centre
and department staff draft; an article's own department reviews, publishes and withdraws it (the centre for an
article without a department)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from qifu.core.access import DEPARTMENT_ROLES, HALL_ROLES, role_of
from qifu.core.choices import Role
from qifu.core.errors import NotFound, PermissionDenied
from qifu.knowledge.choices import ArticleStatus
from qifu.knowledge.models import Article

CENTRE = frozenset({Role.ADMIN, Role.DISPATCHER})
AUTHORS = CENTRE | DEPARTMENT_ROLES | HALL_ROLES
"""Who may draft an article: the centre, the window staff and department staff (never an enterprise)."""


def articles_visible_to(user: Any) -> QuerySet[Article]:
    qs = Article.objects.all()
    role = role_of(user)
    if role in CENTRE or role == Role.SUPERVISOR:
        return qs
    published = Q(status=ArticleStatus.PUBLISHED)
    if role in DEPARTMENT_ROLES and user.department_id is not None:
        return qs.filter(published | Q(department_id=user.department_id))
    if role in HALL_ROLES:
        return qs.filter(published | Q(created_by=user))
    return qs.filter(published)


def visible_statuses(user: Any) -> tuple[str, ...]:
    """The statuses a user's search looks in: staff who review also find drafts; everyone published articles."""
    role = role_of(user)
    if role in CENTRE or role == Role.SUPERVISOR:
        return tuple(ArticleStatus.values)
    return (ArticleStatus.PUBLISHED,)


def may_draft(user: Any) -> bool:
    return role_of(user) in AUTHORS


def may_review(user: Any, article: Article) -> bool:
    """The article's own department (its head or handlers); the centre for an article without a department."""
    role = role_of(user)
    if article.department_id is None:
        return role in CENTRE
    return (role in DEPARTMENT_ROLES and user.department_id == article.department_id) or role == Role.ADMIN


def may_publish(user: Any, article: Article) -> bool:
    """Publishing and withdrawing: the centre, or the head of the article's department."""
    role = role_of(user)
    return role in CENTRE or (role == Role.DEPARTMENT_HEAD and user.department_id == article.department_id)


def may_edit(user: Any, article: Article) -> bool:
    role = role_of(user)
    return (
        role in CENTRE
        or (role in DEPARTMENT_ROLES and user.department_id == article.department_id)
        or (role in HALL_ROLES and article.created_by_id == user.pk)
    )


def access_article_for(user: Any, article_id: int) -> Article:
    """The article if the user may see it (else 404, the same for missing and not yours)."""
    article = articles_visible_to(user).select_related("department").filter(pk=article_id).first()
    if article is None:
        raise NotFound()
    return article


def require_draft(user: Any) -> None:
    if not may_draft(user):
        raise PermissionDenied()
