#!/usr/bin/env python
"""Knowledge search and intake suggestion speed.

Synthetic articles (words drawn from the demo articles' vocabulary, so that words are shared as in real text) are
indexed by the product's own segmentation into a migrated temporary SQLite database (FTS5). 200 queries (our
own tuning queries and random word pairs) are timed at 1,000 articles, then again after growing the base to
100,000. The suggestion at intake (routing, articles and similar open demands among 400 open demands of 50
enterprises, as the dispatcher sees them) is timed at 100,000 articles.

Last lines:
  RESULT knowledge_search_speed p95_1k_ms=<> p95_100k_ms=<> ratio=<p95 at 100k / p95 at 1k>   (target <= 3)
  RESULT knowledge_suggest_speed_1k p95_ms=<> ratio=<p95 / 50 ms>   (at 1,000 articles; target < 50 ms)
  RESULT knowledge_suggest_speed p95_ms=<> ratio=<p95 / 50 ms>      (at 100,000 articles)
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# bench/calendar.py would shadow the standard library's calendar module: drop this folder from the import path.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != HERE]

import json  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402

REPO = os.path.dirname(HERE)
SMALL = 1_000
LARGE = int(os.environ.get("QIFU_BENCH_ARTICLES", "100000"))
SEED = 20261130


def setup_django() -> str:
    sys.path.insert(0, os.path.join(REPO, "src"))
    data_dir = tempfile.mkdtemp(prefix="qifu-bench-kspeed-")
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


def main() -> None:
    data_dir = setup_django()
    try:
        run()
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(data_dir, ignore_errors=True)


def vocabulary() -> list[str]:
    from qifu.knowledge import similarity

    with open(os.path.join(REPO, "src", "qifu", "knowledge", "data", "demo_articles.json"), encoding="utf-8") as f:
        rows = json.load(f)
    words: set[str] = set()
    for row in rows:
        words.update(w for w in similarity.words(f"{row['title']} {row['question']} {row['answer']}") if len(w) >= 2)
    return sorted(words)


def grow(rng, words, start, stop):
    """Articles start..stop-1, published, indexed with the product's segmentation (rows and index in bulk)."""
    from django.db import connection, transaction

    from qifu.knowledge import retrieval
    from qifu.knowledge.models import Article

    table = retrieval.SYNONYMS.get()
    batch = 2000
    for first in range(start, stop, batch):
        rows = []
        for _ in range(first, min(stop, first + batch)):
            rows.append(
                Article(
                    title="".join(rng.sample(words, 4)),
                    keywords=" ".join(rng.sample(words, 2)),
                    question="".join(rng.sample(words, 10)),
                    answer="".join(rng.sample(words, 25)),
                    status="published",
                )
            )
        for article in rows:
            analysed = retrieval.analyse_fields(article, table)
            article.search_text = retrieval.stored_text(analysed)
        with transaction.atomic():
            made = Article.objects.bulk_create(rows)
            values = []
            for article in made:
                fields = retrieval.parse_stored(article.search_text)
                values.append([article.pk, *(" ".join(fields[name].tokens) for name in retrieval.FIELDS)])
            with connection.cursor() as cursor:
                cursor.executemany(
                    "INSERT INTO knowledge_article_fts (rowid, title, keywords, question, answer) "
                    "VALUES (%s, %s, %s, %s, %s)",
                    values,
                )


def p95(samples):
    samples = sorted(samples)
    return samples[max(0, int(0.95 * len(samples)) - 1)]


def time_queries(queries):
    from qifu.knowledge import retrieval

    retrieval.reset_caches()
    retrieval.search("预热", statuses=("published",))
    timings = []
    for q in queries:
        started = time.perf_counter()
        retrieval.search(q, statuses=("published",), limit=10)
        timings.append(time.perf_counter() - started)
    return p95(timings)


def run() -> None:
    rng = random.Random(SEED)
    words = vocabulary()
    with open(os.path.join(REPO, "tests", "knowledge", "dev_queries.json"), encoding="utf-8") as f:
        own = [row["q"] for row in json.load(f)]
    queries = own + ["".join(rng.sample(words, 2)) for _ in range(200 - len(own))]
    started = time.perf_counter()
    grow(rng, words, 0, SMALL)
    small = time_queries(queries)
    print(f"{SMALL} articles: search p95 {1000 * small:.1f} ms")
    dispatcher = open_demands(rng, words)
    suggest_small = time_suggest(dispatcher, own)
    print(f"{SMALL} articles: suggest p95 {1000 * suggest_small:.1f} ms")
    grow(rng, words, SMALL, LARGE)
    print(f"grown to {LARGE} articles in {time.perf_counter() - started:.0f} s")
    large = time_queries(queries)
    print(f"{LARGE} articles: search p95 {1000 * large:.1f} ms")
    suggest = time_suggest(dispatcher, own)
    print(f"{LARGE} articles: suggest p95 {1000 * suggest:.1f} ms")
    print(f"RESULT knowledge_suggest_speed_1k p95_ms={1000 * suggest_small:.1f} ratio={suggest_small / 0.050:.2f}")
    print(
        f"RESULT knowledge_search_speed p95_1k_ms={1000 * small:.1f} p95_100k_ms={1000 * large:.1f} "
        f"ratio={large / small:.2f}"
    )
    print(f"RESULT knowledge_suggest_speed p95_ms={1000 * suggest:.1f} ratio={suggest / 0.050:.2f}")


def open_demands(rng, words):
    """The demo units and 400 open demands of 50 enterprises; returns the dispatcher who sees them all."""
    from qifu.accounts.models import User
    from qifu.core.reference import seed_calendar
    from qifu.demands.models import Demand, DemandCategory
    from qifu.enterprises.models import Enterprise
    from qifu.orgs.demo import seed_demo_units

    seed_demo_units(random.Random(1))
    dispatcher = User.objects.create_user(username="bench-dispatcher", password="bench-pass-2026", role="dispatcher")
    del seed_calendar
    category = DemandCategory.objects.order_by("pk").first()
    enterprises = [
        Enterprise.objects.create(name=f"揭东测试企业{i}有限公司", uscc=f"91445203MA{i:07d}X") for i in range(50)
    ]
    Demand.objects.bulk_create(
        Demand(
            number=f"SQ20261130{i:05d}",
            channel="visit",
            category=category,
            enterprise=enterprises[i % 50],
            title="".join(rng.sample(words, 3)),
            content="".join(rng.sample(words, 12)),
            status="assigned",
        )
        for i in range(400)
    )
    return dispatcher


def time_suggest(dispatcher, own):
    from qifu.knowledge import routing, selectors

    routing.MODEL.reset()
    selectors.suggest_for(dispatcher, "预热")
    timings = []
    for text in own * 3:
        started = time.perf_counter()
        selectors.suggest_for(dispatcher, text)
        timings.append(time.perf_counter() - started)
    return p95(timings)


if __name__ == "__main__":
    main()
