"""Where a new demand should go: the likely lead department and dispatch-catalogue category of a text, with a
confidence, for the suggestions at intake.

Each department has a profile: its written duties toward enterprises (orgs.Department.duties), the names of the
catalogue categories it leads by default, the titles and keywords of its published articles, and the demands it
closed as lead department (so the suggestion learns as demands accumulate). Profiles are bags of the similarity
features weighted tf-idf across departments; a text goes to the department whose profile it is nearest (cosine).
Categories get profiles the same way (their name and their closed demands). Profiles are built once per process
and rebuilt when the data they come from changes (checked at most every REFRESH_SECONDS).
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max

from qifu.knowledge import retrieval, similarity

REFRESH_SECONDS = 60.0
LEARN_LIMIT = 5000
"""How many of the latest closed demands the profiles learn from."""


@dataclass(frozen=True)
class Route:
    department_id: int | None
    department_name: str
    category_code: str | None
    category_name: str
    confidence: float
    ranking: tuple[tuple[int, float], ...] = ()


def _features(text: str) -> Counter[str]:
    analysed = retrieval.analyse(text)
    bag: Counter[str] = Counter()
    for word in analysed.words:
        bag["w:" + word] += 2
    for gram in analysed.bigrams:
        bag["b:" + gram] += 1
    return bag


class Profiles:
    """tf-idf bags of a set of labels (departments or categories), and the nearest label of a text."""

    def __init__(self, docs: dict[Any, Counter[str]]) -> None:
        self.labels = list(docs)
        total = len(docs) or 1
        df: Counter[str] = Counter()
        for bag in docs.values():
            df.update(bag.keys())
        self.idf = {key: math.log(1 + total / count) for key, count in df.items()}
        self.vectors: dict[Any, dict[str, float]] = {}
        for label, bag in docs.items():
            vector = {key: (1 + math.log(count)) * self.idf[key] for key, count in bag.items()}
            norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
            self.vectors[label] = {key: v / norm for key, v in vector.items()}
        self.postings: dict[str, list[tuple[Any, float]]] = defaultdict(list)
        for label, vector in self.vectors.items():
            for key, value in vector.items():
                self.postings[key].append((label, value))

    def rank(self, bag: Counter[str]) -> list[tuple[Any, float]]:
        query = {key: (1 + math.log(count)) * self.idf[key] for key, count in bag.items() if key in self.idf}
        norm = math.sqrt(sum(v * v for v in query.values())) or 1.0
        scores: dict[Any, float] = defaultdict(float)
        for key, value in query.items():
            for label, weight in self.postings[key]:
                scores[label] += value / norm * weight
        return sorted(scores.items(), key=lambda item: (-item[1], str(item[0])))


@dataclass
class Model:
    departments: Profiles
    categories: Profiles
    department_names: dict[int, str]
    category_names: dict[str, str]
    category_department: dict[str, int | None]


def _add(bag: Counter[str], texts: Iterable[str], weight: int = 1) -> None:
    for text in texts:
        for key, count in _features(text).items():
            bag[key] += count * weight


def build() -> Model:
    from qifu.demands.choices import DemandStatus
    from qifu.demands.models import Demand, DemandCategory
    from qifu.knowledge.choices import ArticleStatus
    from qifu.knowledge.models import Article
    from qifu.orgs.models import Department

    departments = {d.pk: d for d in Department.objects.filter(is_active=True)}
    categories = list(DemandCategory.objects.filter(is_active=True))
    dept_docs: dict[int, Counter[str]] = {pk: Counter() for pk in departments}
    cat_docs: dict[str, Counter[str]] = {c.code: Counter() for c in categories}
    for pk, department in departments.items():
        _add(dept_docs[pk], [department.name, department.short_name])
        _add(dept_docs[pk], [str(getattr(department, "duties", "") or "")], 2)
    for category in categories:
        _add(cat_docs[category.code], [category.name], 3)
        if category.default_department_id in dept_docs:
            _add(dept_docs[category.default_department_id], [category.name], 2)
    articles = Article.objects.filter(status=ArticleStatus.PUBLISHED, department_id__in=list(departments))
    for department_id, title, keywords in articles.values_list("department_id", "title", "keywords")[:20000]:
        _add(dept_docs[department_id], [f"{title} {keywords}"])
    closed = (
        Demand.objects.filter(status__in=(DemandStatus.CLOSED, DemandStatus.ARCHIVED), lead_department__isnull=False)
        .order_by("-id")
        .values_list("lead_department_id", "category__code", "title", "content")[:LEARN_LIMIT]
    )
    for department_id, code, title, content in closed:
        text = f"{title} {content[:200]}"
        if department_id in dept_docs:
            _add(dept_docs[department_id], [text])
        if code in cat_docs:
            _add(cat_docs[code], [text])
    return Model(
        departments=Profiles({pk: bag for pk, bag in dept_docs.items() if bag}),
        categories=Profiles({code: bag for code, bag in cat_docs.items() if bag}),
        department_names={pk: d.name for pk, d in departments.items()},
        category_names={c.code: c.name for c in categories},
        category_department={c.code: c.default_department_id for c in categories},
    )


def _stamp() -> tuple[Any, ...]:
    from qifu.demands.choices import DemandStatus
    from qifu.demands.models import Demand, DemandCategory
    from qifu.knowledge.models import Article
    from qifu.orgs.models import Department

    closed = Demand.objects.filter(status__in=(DemandStatus.CLOSED, DemandStatus.ARCHIVED)).aggregate(
        n=Count("id"), last=Max("id")
    )
    return (
        tuple(Department.objects.values_list("pk", "is_active", "name").order_by("pk")),
        tuple(DemandCategory.objects.values_list("pk", "is_active", "name", "default_department_id").order_by("pk")),
        Article.objects.aggregate(n=Count("id"), last=Max("updated_at"))["last"],
        closed["n"],
        closed["last"],
        hash(tuple(str(getattr(d, "duties", "")) for d in Department.objects.order_by("pk"))),
    )


class _ModelCache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.checked = -1e9
        self.stamp: tuple[Any, ...] | None = None
        self.model: Model | None = None

    def get(self) -> Model:
        now = time.monotonic()
        if self.model is not None and now - self.checked < REFRESH_SECONDS:
            return self.model
        with self.lock:
            stamp = _stamp()
            if self.model is None or stamp != self.stamp:
                self.model = build()
                self.stamp = stamp
            self.checked = now
            return self.model

    def reset(self) -> None:
        self.model = None
        self.stamp = None
        self.checked = -1e9


MODEL = _ModelCache()


def route(text: str) -> Route:
    """The likely lead department and category of a demand's text; confidence in [0, 1] (0 when nothing fits)."""
    model = MODEL.get()
    bag = _features(text[:2000])
    ranking = model.departments.rank(bag)
    if not ranking:
        return Route(None, "", None, "", 0.0)
    department_id, top = ranking[0]
    second = ranking[1][1] if len(ranking) > 1 else 0.0
    # Sure when the best is clearly ahead and the text really meets the profile.
    confidence = round(min(1.0, (top - second) / top * 0.6 + min(top, 0.5) * 0.8), 2) if top > 0 else 0.0
    categories = model.categories.rank(bag)
    own = [(code, s) for code, s in categories if model.category_department.get(code) == department_id]
    chosen = own[0][0] if own else (categories[0][0] if categories else None)
    return Route(
        department_id=department_id,
        department_name=model.department_names.get(department_id, ""),
        category_code=chosen,
        category_name=model.category_names.get(chosen, "") if chosen else "",
        confidence=max(0.0, confidence),
        ranking=tuple(ranking[:5]),
    )


def similar_open(user: Any, text: str, *, exclude_id: int | None = None, limit: int = 5) -> list[Any]:
    """Open demands the user may see, from every enterprise in scope, whose text is like `text` (most alike
    first): the duplicate warning at intake and the suggestions' similar demands."""
    from qifu.demands.choices import OPEN_STATUSES
    from qifu.demands.permissions import demands_visible_to

    if not text.strip():
        return []
    rows = (
        demands_visible_to(user)
        .filter(status__in=OPEN_STATUSES)
        .exclude(pk=exclude_id or 0)
        .order_by("-id")
        .only("id", "number", "title", "content")[:400]
    )
    scored = []
    for demand in rows:
        score = similarity.similarity(text, f"{demand.title} {demand.content[:200]}")
        if score >= SIMILAR_THRESHOLD:
            scored.append((score, demand))
    scored.sort(key=lambda item: (-item[0], -item[1].pk))
    return [demand for _, demand in scored[:limit]]


SIMILAR_THRESHOLD = 0.35
"""Two demands at least this alike are worth showing as possibly the same problem (tuned on our own examples in
tests/knowledge, not on the evaluation sets)."""
