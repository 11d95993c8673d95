#!/usr/bin/env python
"""Knowledge search quality on the held-out set: hit@1 and hit@5 of the product's search against a plain
character-overlap ranking, side by side.

The held-out set (bench/data/knowledge_articles.json, 327 articles mostly on neighbouring topics, and
bench/data/knowledge_queries.json, 100 queries as business owners phrase them, each with its one right article)
was written by another engineer for evaluation only. The product never reads bench/data: not as synonyms, not as
training, not for tuning. The search was tuned on our own examples (tests/knowledge and the demo articles of
knowledge/data); this script only measures.

The articles are published through the real services into a migrated temporary SQLite database (FTS5), so the
index, synonyms and typo correction are the product's. The baseline ranks by the share of the query's distinct
characters found in the article's title, keywords and question (ties by id).

Prints per-style figures, then:
  RESULT knowledge_search hit1=<ours> hit5=<ours> baseline_hit1=<> baseline_hit5=<> ratio=<ours hit1 / baseline's>
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# bench/calendar.py would shadow the standard library's calendar module: drop this folder from the import path.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]

import json  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
from collections import defaultdict  # noqa: E402

REPO = os.path.dirname(HERE)


def setup_django() -> str:
    sys.path.insert(0, os.path.join(REPO, "src"))
    data_dir = tempfile.mkdtemp(prefix="qifu-bench-knowledge-")
    os.environ["QIFU_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qifu.settings")
    os.environ.setdefault("QIFU_INSECURE_DEV_KEY", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return data_dir


def load_articles(articles):
    """Publish the held-out articles; returns {held-out id: database id}."""
    from qifu.accounts.models import User
    from qifu.knowledge import retrieval, services
    from qifu.orgs.models import Department

    admin = User.objects.create_user(username="bench-admin", password="bench-pass-2026", role="admin")
    departments = {}
    ids = {}
    for n, row in enumerate(articles):
        name = row.get("department") or ""
        if name and name not in departments:
            departments[name] = Department.objects.get_or_create(name=name, defaults={"code": f"B{n:04d}"})[0].pk
        article = services.article_create(
            actor=admin,
            title=row["title"],
            question=row.get("question") or row["title"],
            answer=row["answer"],
            category=row.get("category", "")[:50],
            keywords=" ".join(row.get("keywords") or [])[:200],
            department_id=departments.get(name),
            publish=True,
        )
        ids[row["id"]] = article.pk
    retrieval.reset_caches()
    return ids


def baseline_rank(query, docs):
    chars = {c for c in query if not c.isspace()}
    if not chars:
        return []
    scored = [(len(chars & text) / len(chars), pk) for pk, text in docs]
    scored.sort(key=lambda item: (-item[0], item[1]))
    return [pk for score, pk in scored if score > 0]


def main() -> None:
    data_dir = setup_django()
    try:
        run()
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(data_dir, ignore_errors=True)


def _read(*parts):
    with open(os.path.join(REPO, *parts), encoding="utf-8") as f:
        return json.load(f)


def run() -> None:
    from qifu.knowledge import retrieval
    from qifu.knowledge.choices import ArticleStatus
    from qifu.knowledge.models import Article

    dev = "--dev" in sys.argv
    if dev:
        # Our own tuning set: the demo articles and queries we wrote for them (tests/knowledge/dev_queries.json).
        articles = _read("src", "qifu", "knowledge", "data", "demo_articles.json")
        for n, row in enumerate(articles):
            row["id"] = n
            if isinstance(row.get("keywords"), str):
                row["keywords"] = row["keywords"].split()
        queries = [dict(q, expected_id=q["expected"]) for q in _read("tests", "knowledge", "dev_queries.json")]
    else:
        articles = _read("bench", "data", "knowledge_articles.json")
        queries = _read("bench", "data", "knowledge_queries.json")
    ids = load_articles(articles)
    docs = [(a.pk, set(f"{a.title}{a.keywords}{a.question}")) for a in Article.objects.all()]
    ours = defaultdict(lambda: [0, 0, 0])
    base = defaultdict(lambda: [0, 0, 0])
    for item in queries:
        want = ids[item["expected_id"]]
        hits = [h.id for h in retrieval.search(item["q"], statuses=(ArticleStatus.PUBLISHED,), limit=5)]
        plain = baseline_rank(item["q"], docs)[:5]
        for style in (item.get("style", "other"), "all"):
            ours[style][0] += 1
            ours[style][1] += int(hits[:1] == [want])
            ours[style][2] += int(want in hits)
            base[style][0] += 1
            base[style][1] += int(plain[:1] == [want])
            base[style][2] += int(want in plain)
    kind = "our own tuning set" if dev else "held out; the product never reads bench/data"
    print(f"{len(articles)} articles, {len(queries)} queries ({kind})")
    print(f"{'style':<12}{'n':>4}  {'ours@1':>7}{'ours@5':>7}  {'base@1':>7}{'base@5':>7}")
    for style in sorted(ours, key=lambda s: (s == "all", s)):
        n, o1, o5 = ours[style]
        _, b1, b5 = base[style]
        print(
            f"{style:<12}{n:>4}  {100 * o1 / n:>6.0f}%{100 * o5 / n:>6.0f}%  {100 * b1 / n:>6.0f}%{100 * b5 / n:>6.0f}%"
        )
    n, o1, o5 = ours["all"]
    _, b1, b5 = base["all"]
    ratio = (o1 / b1) if b1 else float("inf")
    print(
        f"RESULT knowledge_search{'_dev' if dev else ''} hit1={100 * o1 / n:.0f}% hit5={100 * o5 / n:.0f}% "
        f"baseline_hit1={100 * b1 / n:.0f}% baseline_hit5={100 * b5 / n:.0f}% ratio={ratio:.2f}"
    )


if __name__ == "__main__":
    main()
