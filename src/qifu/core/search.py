"""Finding things (GET /api/v1/search and the header's search box): each app answers for its own records
through core.hooks.SEARCH_PROVIDER, already scoped to the caller; this only checks the text and joins them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import Router, Schema

from qifu.core import hooks
from qifu.core.access import role_of
from qifu.core.api_support import ErrorOut
from qifu.core.cleaning import clean_query
from qifu.core.errors import ValidationFailed

M = TypeVar("M", bound=Model)
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


ENTERPRISES_PER_SEARCH = 200
CASES_PER_BRANCH = 2000
_CODE = re.compile(r"[0-9A-Za-z-]*[0-9][0-9A-Za-z-]*")


def looks_like_code(text: str) -> bool:
    """A case number or a 统一社会信用代码 (letters and digits, at least one digit), not words of a title or name."""
    return len(text) >= 4 and _CODE.fullmatch(text) is not None


def newest_matching(
    qs: QuerySet[M],
    text: str,
    *,
    number: str = "",
    titles: tuple[str, ...] = (),
    enterprise: str = "enterprise",
    limit: int = PER_TYPE,
) -> QuerySet[M]:
    """The newest `limit` cases of `qs` found by `case_q` (and the words of every field in `titles`), each way of
    finding asked as its own query and the ids merged: one OR across the enterprise join makes PostgreSQL read
    every case (pg_scale: seconds at 10 million demands), each branch alone walks an index and stops at `limit`.

    The enterprise branch takes the first ENTERPRISES_PER_SEARCH enterprises whose name holds the text (or the
    one with that code), and it and the number branch read at most CASES_PER_BRANCH cases; a code-like text
    (`looks_like_code`) is not looked for in titles and names, where it would only find nothing after reading them
    all.
    """
    code = text.upper()
    branches: list[QuerySet[M]] = []  # newest first: walks the id index backwards, stops at `limit`
    indexed: list[QuerySet[M]] = []  # read through their own index, at most CASES_PER_BRANCH, sorted here
    if number:
        indexed.append(qs.filter(**{f"{number}__startswith": code}))
    companies = qs.model._meta.get_field(enterprise).related_model._default_manager  # type: ignore[union-attr]
    if looks_like_code(text):
        enterprise_ids = list(companies.filter(uscc=code).values_list("pk", flat=True)[:1])
    else:
        branches += [qs.filter(words_q(title, text)) for title in titles]
        named = companies.filter(Q(uscc=code) | Q(name__contains=text)).values_list("pk", flat=True)
        enterprise_ids = list(named[:ENTERPRISES_PER_SEARCH])
    if enterprise_ids:
        indexed.append(qs.filter(**{f"{enterprise}_id__in": enterprise_ids}))
    ids: set[int] = set()
    for branch in branches:
        ids.update(branch.order_by("-id").values_list("id", flat=True)[:limit])
    for branch in indexed:
        # Unordered: ORDER BY id with LIMIT lets PostgreSQL walk every case newest first looking for the few of one
        # enterprise or number (pg_scale: 2 s at 10 million demands); these few are read by their own index.
        found = sorted(branch.order_by().values_list("id", flat=True)[:CASES_PER_BRANCH], reverse=True)
        ids.update(found[:limit])
    return qs.filter(id__in=ids).order_by("-id")[:limit]


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
