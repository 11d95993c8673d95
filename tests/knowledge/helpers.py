"""Knowledge-base articles for tests, made with the real services (our own examples: never the evaluation sets
in bench/data)."""

from __future__ import annotations

from typing import Any

from qifu.knowledge import retrieval, services
from qifu.knowledge.models import Article
from tests.conftest import Cast

ARTICLES = [
    ("营业执照遗失怎么补领", "企业营业执照原件遗失了，怎么申请补领？", "在线申请补领，无需登报声明。", "营业执照 补领"),
    (
        "营业执照经营范围怎么变更",
        "想在营业执照上增加经营范围，怎么变更？",
        "向市场监管局申请变更登记。",
        "经营范围 变更",
    ),
    ("个体户转企业有哪些扶持", "个体工商户转为企业，有什么政策？", "可保留原名称字号，享受个转企奖补。", "个转企"),
    ("增值税留抵退税怎么申请", "符合条件的企业如何申请增值税留抵退税？", "通过电子税务局提交退税申请。", "留抵退税"),
    ("出口退税多久到账", "出口退税申报后多久能到账？", "审核通过后一般三个工作日内退库。", "出口退税"),
    ("新招员工怎么参加社保", "新员工入职后单位怎么给他交社保？", "入职30日内办理参保登记。", "社保 参保"),
]


def publish_all(cast: Cast) -> list[Article]:
    """The examples, published by the administrator (department: market for 营业执照, tax for the rest)."""
    retrieval.reset_caches()
    made = []
    for title, question, answer, keywords in ARTICLES:
        department = cast.market if "执照" in title or "个体户" in title else cast.tax
        made.append(
            services.article_create(
                actor=cast.admin,
                title=title,
                question=question,
                answer=answer,
                keywords=keywords,
                department_id=department.pk,
                publish=True,
            )
        )
    retrieval.reset_caches()
    return made


def draft(cast: Cast, **over: Any) -> Article:
    values: dict[str, Any] = {
        "title": "厂房消防验收需要什么材料",
        "question": "新建厂房办理消防验收要准备哪些材料？",
        "answer": "提交竣工验收报告、消防设计文件等。",
        "department_id": cast.market.pk,
        **over,
    }
    article = services.article_create(actor=cast.dispatcher, **values)
    retrieval.reset_caches()
    return article
