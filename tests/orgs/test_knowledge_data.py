"""The knowledge base's shipped data (demo articles, synonyms) and the held-out evaluation sets in bench/data are
well formed, name real demo units, and the product never reads the held-out sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qifu.demands.reference import CATEGORIES
from qifu.orgs.demo import DEPARTMENTS

ROOT = Path(__file__).resolve().parents[2]
PRODUCT_DATA = ROOT / "src" / "qifu" / "knowledge" / "data"
BENCH_DATA = ROOT / "bench" / "data"
UNIT_NAMES = {name for _, name, *_ in DEPARTMENTS}
CATEGORY_NAMES = {name for _, name, *_ in CATEGORIES}


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def check_article(article: dict[str, Any]) -> None:
    for field in ("title", "question", "answer", "category", "department"):
        assert isinstance(article[field], str) and article[field].strip(), (field, article)
    assert article["category"] in CATEGORY_NAMES, article["title"]
    assert article["department"] in UNIT_NAMES, article["title"]
    assert article["keywords"] and all(isinstance(k, str) and k for k in article["keywords"]), article["title"]


def test_demo_articles_are_complete_and_name_real_units() -> None:
    articles = load(PRODUCT_DATA / "demo_articles.json")
    assert len(articles) >= 80
    for article in articles:
        check_article(article)
        assert 60 <= len(article["answer"]) <= 200, article["title"]
    assert len({a["title"] for a in articles}) == len(articles)


def test_synonym_groups_have_no_term_twice() -> None:
    groups = load(PRODUCT_DATA / "synonyms.json")
    assert len(groups) >= 60
    terms = [term for group in groups for term in group]
    assert all(len(group) >= 2 for group in groups)
    assert len(terms) == len(set(terms)), sorted(t for t in set(terms) if terms.count(t) > 1)


def test_held_out_articles_and_queries_fit_together() -> None:
    articles = load(BENCH_DATA / "knowledge_articles.json")
    queries = load(BENCH_DATA / "knowledge_queries.json")
    assert len(articles) >= 300 and len(queries) == 100
    ids = [a["id"] for a in articles]
    assert len(ids) == len(set(ids))
    for article in articles:
        check_article(article)
    assert {q["expected_id"] for q in queries} <= set(ids)
    assert {q["style"] for q in queries} == {"short", "long", "typo", "homophone", "synonym", "colloquial"}
    assert all(2 <= len(q["q"]) <= 6 for q in queries if q["style"] == "short")
    demo_titles = {a["title"] for a in load(PRODUCT_DATA / "demo_articles.json")}
    assert not demo_titles & {a["title"] for a in articles}


def test_held_out_routing_demands_name_real_units() -> None:
    demands = load(BENCH_DATA / "routing_demands.json")
    assert len(demands) == 100
    assert all(d["text"].strip() and d["lead_unit"] in UNIT_NAMES for d in demands)
    assert len({d["lead_unit"] for d in demands}) >= 30


def test_the_product_never_reads_the_held_out_sets() -> None:
    held_out = ("knowledge_articles.json", "knowledge_queries.json", "routing_demands.json")
    for path in (ROOT / "src").rglob("*"):
        if path.suffix in {".py", ".html", ".json", ".txt", ".toml", ".cfg"}:
            text = path.read_text(encoding="utf-8", errors="ignore")
            assert not any(name in text for name in held_out), path
