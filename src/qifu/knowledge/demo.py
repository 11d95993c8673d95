"""Demo articles of `make demo`: the common questions of the demo district's units (knowledge/data/
demo_articles.json, written for the demo; never the evaluation sets of bench/data), published, with a few left as
drafts for their department to review."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

from django.db.models import Q

from qifu.accounts.models import User
from qifu.knowledge import retrieval, services
from qifu.knowledge.choices import ArticleStatus
from qifu.knowledge.models import Article
from qifu.orgs.models import Department

DATA = Path(__file__).parent / "data" / "demo_articles.json"


def _department(ref: Any) -> Department | None:
    if not ref:
        return None
    ref = str(ref)
    return Department.objects.filter(Q(code=ref) | Q(name=ref) | Q(short_name=ref)).first()


def seed_demo(rng: random.Random) -> str:
    """This app's part of `manage.py seed_demo` (core.hooks.DEMO_SEED, order 80)."""
    if not DATA.exists():
        return "知识库：无演示条目"
    admin = User.objects.filter(username="demo-admin").first() or User.objects.filter(is_superuser=True).first()
    if admin is None:
        return "知识库：无管理员账号，未载入"
    rows = json.loads(DATA.read_text(encoding="utf-8"))
    items = rows["articles"] if isinstance(rows, dict) else rows
    retrieval.reset_caches()
    made = 0
    for index, row in enumerate(items):
        department = _department(row.get("department") or row.get("department_code"))
        keywords = row.get("keywords", "")
        if isinstance(keywords, list):
            keywords = " ".join(keywords)
        services.article_create(
            actor=admin,
            title=str(row["title"])[:200],
            question=str(row.get("question") or row["title"])[:5000],
            answer=str(row["answer"])[:20000],
            category=str(row.get("category", ""))[:50],
            keywords=str(keywords)[:200],
            department_id=department.pk if department else None,
            publish=index % 10 != 9,  # every tenth left as a draft for its department to review
        )
        made += 1
    retrieval.reset_caches()
    published = Article.objects.filter(status=ArticleStatus.PUBLISHED).count()
    del made, published  # the seed says nothing unless something is missing
    return ""
