"""Finding things (GET /api/v1/search and the header's search box): each app answers for its own records
through core.hooks.SEARCH_PROVIDER, already scoped to the caller; this only checks the text and joins them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import Router, Schema

from qifu.core import hooks
from qifu.core.access import role_of
from qifu.core.api_support import ErrorOut
from qifu.core.cleaning import clean_query
from qifu.core.errors import ValidationFailed

MAX_QUERY = 100
PER_TYPE = 10
TYPE_LABELS = {
    "enterprise": "企业",
    "demand": "诉求",
    "application": "办件",
    "policy_claim": "政策申兑",
    "policy": "惠企政策",
    "project": "重点项目",
    "knowledge": "知识库",
}


@dataclass(frozen=True)
class Hit:
    type: str  # a key of TYPE_LABELS
    id: int
    title: str
    subtitle: str
    url: str  # the record's page, never the API


def search_text(raw: Any) -> str:
    """The text to look for; 422 naming `q` when it is longer than anyone types."""
    text = clean_query(raw, MAX_QUERY + 1)
    if len(text) > MAX_QUERY:
        raise ValidationFailed.field("q", f"搜索内容不能超过{MAX_QUERY}个字")
    return text


def words_q(field: str, text: str) -> Q:
    """Every word of `text` somewhere in `field` (title words: "消防 验收")."""
    condition = Q()
    for word in text.split():
        condition &= Q(**{f"{field}__contains": word})
    return condition


def case_q(text: str, *, number: str, title: str, enterprise: str = "enterprise") -> Q:
    """A case found by its number (or the start of it), its title's words, or its enterprise's 统一社会信用代码
    or name."""
    code = text.upper()
    return (
        Q(**{f"{number}__startswith": code})
        | words_q(title, text)
        | Q(**{f"{enterprise}__uscc": code})
        | Q(**{f"{enterprise}__name__contains": text})
    )


def search(user: Any, raw: Any) -> list[Hit]:
    text = search_text(raw)
    if not text or not role_of(user):
        return []
    return [hit for provider in hooks.get_hooks(hooks.SEARCH_PROVIDER) for hit in provider(user, text)[:PER_TYPE]]


@login_required
def search_page(request: HttpRequest) -> HttpResponse:
    """The header box's results (a plain GET form, so it works without JavaScript), grouped by kind."""
    q = request.GET.get("q", "")
    error, hits = "", []
    try:
        hits = search(request.user, q)
    except ValidationFailed as exc:
        error = exc.detail
    groups: dict[str, list[Hit]] = {}
    for hit in hits:
        groups.setdefault(TYPE_LABELS[hit.type], []).append(hit)
    return render(
        request,
        "core/search.html",
        {"q": clean_query(q, MAX_QUERY), "error": error, "groups": groups, "count": len(hits)},
    )


router = Router(tags=["搜索"])


class HitOut(Schema):
    type: str
    id: int
    title: str
    subtitle: str
    url: str


class SearchOut(Schema):
    items: list[HitOut]


@router.get("", response={200: SearchOut, 422: ErrorOut}, summary="搜索：按编号、统一社会信用代码、企业名称或标题")
def search_api(request: HttpRequest, q: str = "") -> dict[str, Any]:
    return {"items": search(request.user, q)}
