"""Input and output of the knowledge base (API.md "Knowledge base"); the pages parse their forms with the same
inputs."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from qifu.core.schema_types import Day, Id, WriteIn
from qifu.knowledge.models import Article


class ArticleIn(WriteIn):
    title: str = Field(title="标题", min_length=1, max_length=200)
    question: str = Field(title="问题", min_length=1, max_length=5000)
    answer: str = Field(title="答复", min_length=1, max_length=20000)
    category: str = Field("", title="类别", max_length=50)
    keywords: str = Field("", title="关键词", max_length=200)
    department_id: Id | None = Field(None, title="责任部门")
    valid_until: Day | None = Field(None, title="有效期至")
    publish: bool = Field(False, title="直接发布")


class ArticleEditIn(WriteIn):
    title: str = Field(title="标题", min_length=1, max_length=200)
    question: str = Field(title="问题", min_length=1, max_length=5000)
    answer: str = Field(title="答复", min_length=1, max_length=20000)
    category: str = Field("", title="类别", max_length=50)
    keywords: str = Field("", title="关键词", max_length=200)
    valid_until: Day | None = Field(None, title="有效期至")


class ArticleActIn(WriteIn):
    note: str = Field("", title="意见", max_length=500)


class ArticleOut(Schema):
    id: int
    title: str
    question: str
    answer: str
    category: str
    keywords: str
    department_id: int | None
    department_name: str
    status: str
    status_label: str
    version: int
    valid_until: dt.date | None
    source_demand_id: int | None
    updated_at: dt.datetime

    @staticmethod
    def of(article: Article) -> ArticleOut:
        return ArticleOut(
            id=article.pk,
            title=article.title,
            question=article.question,
            answer=article.answer,
            category=article.category,
            keywords=article.keywords,
            department_id=article.department_id,
            department_name=article.department.name if article.department else "",
            status=article.status,
            status_label=article.get_status_display(),
            version=article.version,
            valid_until=article.valid_until,
            source_demand_id=article.source_demand_id,
            updated_at=article.updated_at,
        )


class KnowledgeHitOut(Schema):
    id: int
    title: str
    question: str
    answer: str
    score: float


class KnowledgeSearchOut(Schema):
    items: list[KnowledgeHitOut]


class SuggestArticleOut(Schema):
    id: int
    title: str


class SuggestDemandOut(Schema):
    id: int
    number: str
    title: str


class SuggestOut(Schema):
    category: str | None = Field(description="可能的诉求类别（派单目录代码）")
    category_name: str = ""
    department_id: int | None
    department_name: str = ""
    confidence: float
    articles: list[SuggestArticleOut]
    similar: list[SuggestDemandOut]
