"""Knowledge base API (API.md "Knowledge base"): articles, public search, a replied demand to a draft article,
and the suggestions at intake (/demands/suggest)."""

from __future__ import annotations

from typing import Any

from ninja import Field, Query, Router, Schema, Status

from qifu.core.api_support import ErrorOut, idempotent
from qifu.core.http import AuthedRequest
from qifu.knowledge import selectors, services
from qifu.knowledge.permissions import access_article_for
from qifu.knowledge.schemas import ArticleIn, ArticleOut, KnowledgeSearchOut, SuggestOut

router = Router(tags=["知识库"])
ERRORS: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class SearchQuery(Schema):
    q: str = Field("", max_length=200, description="检索词，如“营业执照丢了怎么办”")
    limit: int = Field(10, ge=1, le=50)


class SuggestQuery(Schema):
    text: str = Field("", max_length=2000, description="诉求内容（受理时正在记录的话）")


@router.post("/knowledge/articles", response={201: ArticleOut, **ERRORS}, summary="新建知识条目（中心和部门人员）")
def article_create(request: AuthedRequest, payload: ArticleIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        article = services.article_create(actor=request.user, **payload.model_dump())
        return 201, ArticleOut.of(access_article_for(request.user, article.pk)).model_dump(mode="json")

    return Status(*idempotent(request, "knowledge.create", create))


@router.get("/knowledge/articles/{article_id}", response={200: ArticleOut, 404: ErrorOut}, summary="知识条目详情")
def article_detail(request: AuthedRequest, article_id: int) -> ArticleOut:
    return ArticleOut.of(access_article_for(request.user, article_id))


@router.get(
    "/knowledge/search",
    response={200: KnowledgeSearchOut, 422: ErrorOut},
    auth=None,
    summary="检索已发布的知识条目（无需登录）",
)
def knowledge_search(request: AuthedRequest, filters: Query[SearchQuery]) -> dict[str, Any]:
    hits = selectors.search_for(None, filters.q, limit=filters.limit, published_only=True)
    return {
        "items": [
            {"id": h.id, "title": h.title, "question": h.question, "answer": h.answer, "score": h.score} for h in hits
        ]
    }


@router.get(
    "/demands/suggest",
    response={200: SuggestOut, 403: ErrorOut, 422: ErrorOut},
    summary="受理建议：可能的类别和主办部门、可答复的知识条目、相似的在办诉求",
)
def demand_suggest(request: AuthedRequest, filters: Query[SuggestQuery]) -> dict[str, Any]:
    services.require_staff(request.user)
    return selectors.suggest_for(request.user, filters.text)


@router.post(
    "/demands/{demand_id}/to-knowledge",
    response={201: ArticleOut, **ERRORS},
    summary="由已答复诉求生成知识条目草稿",
)
def demand_to_knowledge(request: AuthedRequest, demand_id: int) -> Status[Any]:
    def create() -> tuple[int, Any]:
        article = services.article_from_demand(actor=request.user, demand_id=demand_id)
        return 201, ArticleOut.of(access_article_for(request.user, article.pk)).model_dump(mode="json")

    return Status(*idempotent(request, f"knowledge.from_demand.{demand_id}", create))
