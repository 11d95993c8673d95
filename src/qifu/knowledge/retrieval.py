"""Chinese search of knowledge-base articles: segmentation, the maintained synonyms, typo and homophone
correction, the full-text index of each database, and the re-ranking that puts the answering article first.

The analysis is shared by indexing and querying: text is normalised (knowledge.similarity.normalize with the
built-in and maintained synonyms folded to one word), cut by jieba into words, and each run of Chinese characters
also gives its character bigrams, so that a 2-character query or a word jieba cuts differently still meets the
article. A query word the index does not know is corrected to an indexed word of the same pinyin (营业执找 →
营业执照) or one character away (of 3 characters or more).

Candidates come from the index (SQLite FTS5 ranked by bm25 on the embedded default; on PostgreSQL a tsvector of
the same tokens with ts_rank, plus pg_trgm on titles) and are re-ranked by how much of the query's weighted
features the article's title, keywords and question cover.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.db import connection
from pypinyin import lazy_pinyin

from qifu.knowledge import similarity
from qifu.knowledge.similarity import BUILTIN_SYNONYMS, Synonyms

FIELDS = ("title", "keywords", "question", "answer")
BM25_WEIGHTS = (6.0, 5.0, 3.0, 1.0)  # title, keywords, question, answer
CANDIDATES = 40
REFRESH_SECONDS = 30.0
COMMON_SHARE = 0.02
"""A query token found in more than this share of articles is left out of the index lookup when rarer tokens
remain (it still counts when re-ranking): it would only make the lookup slower as the base grows."""
LOOKUP_TOKENS = 8


# ------------------------------------------------------------------ synonyms


class _SynonymCache:
    """The built-in synonyms plus the maintained list (knowledge.Synonym), reloaded when the list changes."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stamp: tuple[Any, ...] | None = None
        self.checked = 0.0
        self.table = Synonyms(dict(BUILTIN_SYNONYMS))

    def get(self) -> Synonyms:
        now = time.monotonic()
        if now - self.checked < REFRESH_SECONDS and self.stamp is not None:
            return self.table
        from qifu.knowledge.models import Synonym

        with self.lock:
            rows = list(Synonym.objects.filter(is_active=True))
            stamp = tuple((row.pk, row.word, row.variants) for row in rows)
            if stamp != self.stamp:
                groups: dict[str, list[str]] = {word: list(v) for word, v in BUILTIN_SYNONYMS.items()}
                for row in rows:
                    groups.setdefault(row.word, []).extend(row.variant_list())
                self.table = Synonyms(dict(groups))
                similarity.add_words(groups)
                self.stamp = stamp
            self.checked = now
        return self.table

    def reset(self) -> None:
        self.stamp = None
        self.checked = 0.0


SYNONYMS = _SynonymCache()


# ------------------------------------------------------------------ analysis


@dataclass(frozen=True)
class Analysed:
    words: tuple[str, ...]
    bigrams: tuple[str, ...]

    @property
    def tokens(self) -> list[str]:
        """Distinct index tokens, words first."""
        seen: dict[str, None] = {}
        for token in (*self.words, *self.bigrams):
            seen.setdefault(token, None)
        return list(seen)


def analyse(text: str, synonyms: Synonyms | None = None) -> Analysed:
    norm = similarity.normalize(text, synonyms or SYNONYMS.get())
    return Analysed(tuple(similarity.words(norm)), tuple(similarity.bigrams(norm)))


def index_tokens(text: str, synonyms: Synonyms | None = None) -> str:
    """What the index holds of one field: its words and bigrams, space separated."""
    return " ".join(analyse(text, synonyms).tokens)


def weighted(analysed: Analysed) -> dict[str, float]:
    bag: dict[str, float] = {}
    for word in analysed.words:
        bag["w:" + word] = 2.0 + 0.5 * max(0, len(word) - 2)
    for gram in analysed.bigrams:
        bag.setdefault("b:" + gram, 1.0)
    return bag


# ------------------------------------------------------------------ typo and homophone correction


@lru_cache(maxsize=50000)
def _pinyin(text: str) -> str:
    return " ".join(lazy_pinyin(text))


class Vocabulary:
    """The indexed words (2 characters or more) with their pinyin and one-character-off keys, to correct a query
    word the index does not know. Refreshed from the index at most every REFRESH_SECONDS."""

    def __init__(self, terms: dict[str, int], total: int = 0) -> None:
        self.terms = terms
        self.total = max(total, 1)
        # A character's document count, at least that of the commonest indexed bigram holding it: what weighs
        # a query's characters when re-ranking (企 and 怎 say little, 簿 a lot).
        self.char_docs: dict[str, int] = {}
        for term, count in terms.items():
            if len(term) == 2:
                for char in term:
                    if count > self.char_docs.get(char, 0):
                        self.char_docs[char] = count
        self.by_pinyin: dict[str, str] = {}
        self.by_mask: dict[str, str] = {}
        for term in sorted(terms, key=lambda t: -terms[t]):  # the most frequent word wins a shared pinyin
            if len(term) < 2 or not similarity._HAN_RUN.fullmatch(term):
                continue
            self.by_pinyin.setdefault(_pinyin(term), term)
            if len(term) >= 3:
                for i in range(len(term)):
                    self.by_mask.setdefault(term[:i] + "?" + term[i + 1 :], term)

    def char_weight(self, char: str) -> float:
        return math.log(1 + self.total / (1 + self.char_docs.get(char, 0)))

    def correct(self, run: str) -> list[str]:
        """Known words for the unknown windows of a run of Chinese characters (longest windows first)."""
        found: list[str] = []
        covered: set[int] = set()
        for size in (6, 5, 4, 3, 2):
            for start in range(len(run) - size + 1):
                span = set(range(start, start + size))
                if span <= covered:
                    continue
                window = run[start : start + size]
                if window in self.terms:
                    covered |= span
                    continue
                term = self.by_pinyin.get(_pinyin(window))
                if term is None and size >= 3:
                    for i in range(size):
                        term = self.by_mask.get(window[:i] + "?" + window[i + 1 :])
                        if term:
                            break
                if term and term != window:
                    found.append(term)
                    covered |= span
        return found


class _VocabularyCache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.checked = -1e9
        self.value = Vocabulary({}, 0)

    def get(self) -> Vocabulary:
        now = time.monotonic()
        if now - self.checked >= REFRESH_SECONDS:
            with self.lock:
                if now - self.checked >= REFRESH_SECONDS:
                    self.value = Vocabulary(*_load_terms())
                    self.checked = now
        return self.value

    def reset(self) -> None:
        self.checked = -1e9


VOCABULARY = _VocabularyCache()


def _load_terms() -> tuple[dict[str, int], int]:
    """The indexed tokens of 2 characters or more with their document counts, and the number of documents."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT term, doc FROM knowledge_article_fts_v WHERE length(term) >= 2")
            terms = {str(term): int(count) for term, count in cursor.fetchall()}
            cursor.execute("SELECT count(*) FROM knowledge_article_fts")
            return terms, int(cursor.fetchone()[0])
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT word, ndoc FROM ts_stat('SELECT search_tsv FROM knowledge_article "
                "WHERE search_tsv IS NOT NULL') WHERE length(word) >= 2"
            )
            terms = {str(term): int(count) for term, count in cursor.fetchall()}
            cursor.execute("SELECT count(*) FROM knowledge_article WHERE search_tsv IS NOT NULL")
            return terms, int(cursor.fetchone()[0])
    return {}, 0  # pragma: no cover - only SQLite and PostgreSQL are supported


def reset_caches() -> None:
    """Forget the synonyms and vocabulary (after the list is edited, the index rebuilt, or between tests)."""
    SYNONYMS.reset()
    VOCABULARY.reset()


# ------------------------------------------------------------------ the index


def analyse_fields(article: Any, synonyms: Synonyms | None = None) -> dict[str, Analysed]:
    table = synonyms or SYNONYMS.get()
    return {name: analyse(str(getattr(article, name) or ""), table) for name in FIELDS}


def index_fields(article: Any, synonyms: Synonyms | None = None) -> dict[str, str]:
    """What the full-text index holds of each field: its words and bigrams, space separated."""
    return {name: " ".join(found.tokens) for name, found in analyse_fields(article, synonyms).items()}


def stored_text(analysed: dict[str, Analysed]) -> str:
    """The article's `search_text`: one line per field, its words and its bigrams apart ("words|bigrams"), so
    that re-ranking reads the segmentation instead of cutting every candidate again."""
    return "\n".join(" ".join(analysed[name].words) + "|" + " ".join(analysed[name].bigrams) for name in FIELDS)


def parse_stored(text: str) -> dict[str, Analysed]:
    lines = (text or "").split("\n")
    found: dict[str, Analysed] = {}
    for name, line in zip(FIELDS, lines + [""] * (len(FIELDS) - len(lines)), strict=False):
        words, _, grams = line.partition("|")
        found[name] = Analysed(tuple(words.split()), tuple(grams.split()))
    return found


def write_index(article_id: int, fields: dict[str, str]) -> None:
    """Put one article's tokens in the full-text index of the database in use."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DELETE FROM knowledge_article_fts WHERE rowid = %s", [article_id])
            cursor.execute(
                "INSERT INTO knowledge_article_fts (rowid, title, keywords, question, answer) "
                "VALUES (%s, %s, %s, %s, %s)",
                [article_id, *(fields[name] for name in FIELDS)],
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE knowledge_article SET search_tsv = "
                "setweight(array_to_tsvector(%s::text[]), 'A') || setweight(array_to_tsvector(%s::text[]), 'A') || "
                "setweight(array_to_tsvector(%s::text[]), 'B') || setweight(array_to_tsvector(%s::text[]), 'D') "
                "WHERE id = %s",
                [sorted(set(fields[name].split())) for name in FIELDS] + [article_id],
            )


def drop_index(article_id: int) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM knowledge_article_fts WHERE rowid = %s", [article_id])


# ------------------------------------------------------------------ the query


@dataclass(frozen=True)
class Hit:
    id: int
    title: str
    question: str
    answer: str
    score: float


def _quote(token: str) -> str:
    return '"' + token.replace('"', '""') + '"'


def _lookup_tokens(tokens: list[str]) -> list[str]:
    """The query tokens to look up: those the index knows (by the vocabulary's document counts, in memory), the
    rarest first, without the very common ones when rarer ones remain, and at most LOOKUP_TOKENS of them, so that
    a lookup reads short posting lists however large the base grows (every token still counts when re-ranking)."""
    vocabulary = VOCABULARY.get()
    counts = vocabulary.terms
    if not counts:
        return tokens  # a base just created: the vocabulary is read again within REFRESH_SECONDS
    known = sorted((t for t in tokens if counts.get(t) or len(t) < 2), key=lambda t: counts.get(t, 0))
    if not known:
        return []
    limit = max(50, COMMON_SHARE * vocabulary.total)
    rare = [token for token in known if counts.get(token, 0) <= limit]
    return (rare or known[:3])[:LOOKUP_TOKENS]


def _candidates(tokens: list[str], statuses: Sequence[str], limit: int) -> list[tuple[int, float]]:
    """(article id, index score) of the best `limit` articles in `statuses` sharing a token with the query."""
    if not tokens:
        return []
    marks = ",".join(["%s"] * len(statuses))
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # The index alone ranks (no join per match); the status is checked on the few rows re-ranked.
            match = " OR ".join(_quote(token) for token in tokens)
            weights = ", ".join(str(w) for w in BM25_WEIGHTS)
            cursor.execute(
                f"SELECT rowid, bm25(knowledge_article_fts, {weights}) AS rank FROM knowledge_article_fts "  # noqa: S608
                "WHERE knowledge_article_fts MATCH %s ORDER BY rank LIMIT %s",
                [match, limit * 3],
            )
            return [(int(row), -float(rank)) for row, rank in cursor.fetchall()]
        if connection.vendor == "postgresql":
            query = " | ".join("'" + token.replace("'", "''").replace("\\", "") + "'" for token in tokens)
            title = " ".join(tokens[:8])
            cursor.execute(
                "SELECT id, ts_rank(search_tsv, q, 1) + 0.5 * similarity(title, %s) AS rank "  # noqa: S608
                "FROM knowledge_article, CAST(%s AS tsquery) q "
                f"WHERE (search_tsv @@ q OR title %% %s) AND status IN ({marks}) ORDER BY rank DESC LIMIT %s",
                [title, query, title, *statuses, limit],
            )
            return [(int(row), float(rank)) for row, rank in cursor.fetchall()]
    return []  # pragma: no cover


def expand_query(text: str) -> tuple[Analysed, list[str]]:
    """The analysed query and the corrected words to add (typos and homophones)."""
    table = SYNONYMS.get()
    analysed = analyse(text, table)
    vocabulary = VOCABULARY.get()
    norm = similarity.normalize(text, table)
    corrections: list[str] = []
    for run in similarity._HAN_RUN.findall(norm):
        corrections.extend(term for term in vocabulary.correct(run) if term not in corrections)
    return analysed, corrections


def search(text: str, *, statuses: Sequence[str], limit: int = 10, base: Iterable[Any] | None = None) -> list[Hit]:
    """Articles in `statuses` that answer `text`, best first, with a score in (0, 1]."""
    from qifu.knowledge.models import Article

    text = (text or "").strip()[:500]
    if not text:
        return []
    analysed, corrections = expand_query(text)
    if corrections:
        extra = Analysed(tuple(corrections), tuple(g for term in corrections for g in similarity.bigrams(term)))
        analysed = Analysed(analysed.words + extra.words, analysed.bigrams + extra.bigrams)
    tokens = analysed.tokens
    if not tokens:
        return []
    found = _candidates(_lookup_tokens(tokens), statuses, max(CANDIDATES, limit))
    if not found:
        return []
    rows = {
        a.pk: a
        for a in Article.objects.filter(pk__in=[pk for pk, _ in found], status__in=statuses).only(
            *FIELDS, "search_text"
        )
    }
    found = [(pk, score) for pk, score in found if pk in rows][: max(CANDIDATES, limit)]
    if not found:
        return []
    query_bag = weighted(analysed)
    query_norm = math.sqrt(sum(v * v for v in query_bag.values())) or 1.0
    top = max(score for _, score in found) or 1.0
    table = SYNONYMS.get()
    vocabulary = VOCABULARY.get()
    norm_query = similarity.normalize(text, table) + " " + " ".join(corrections)
    query_chars = {c for run in similarity._HAN_RUN.findall(norm_query) for c in run}
    query_chars -= similarity.STOPWORDS
    char_total = sum(vocabulary.char_weight(c) for c in query_chars) or 1.0
    hits: list[Hit] = []
    for pk, index_score in found:
        article = rows.get(pk)
        if article is None:
            continue
        fields = parse_stored(article.search_text)
        head = weighted(
            Analysed(
                fields["title"].words + fields["keywords"].words, fields["title"].bigrams + fields["keywords"].bigrams
            )
        )
        body = weighted(fields["question"])
        covered = sum(v for k, v in query_bag.items() if k in head) + 0.5 * sum(
            v for k, v in query_bag.items() if k in body and k not in head
        )
        coverage = covered / sum(query_bag.values())
        head_norm = math.sqrt(sum(v * v for v in head.values())) or 1.0
        cosine = sum(v * head.get(k, 0.0) for k, v in query_bag.items()) / (query_norm * head_norm)
        doc_chars = {c for name in ("title", "keywords", "question") for t in fields[name].tokens for c in t}
        chars = sum(vocabulary.char_weight(c) for c in query_chars if c in doc_chars) / char_total
        score = 0.3 * coverage + 0.25 * cosine + 0.3 * chars + 0.15 * max(0.0, index_score) / top
        hits.append(Hit(pk, article.title, article.question, article.answer, round(min(1.0, score), 4)))
    hits.sort(key=lambda hit: (-hit.score, hit.id))
    return hits[:limit]
