"""The one text similarity for demands: how alike two short Chinese texts are, and groups of alike texts.

Used by the duplicate warning at intake (similar demands across enterprises), by the suggestions at intake, and by
supervision's monthly classes of problems (一类问题). Pure Python over jieba; no database access, so it can run on
lists of any origin. The public names `similarity` and `group_similar` are stable.

A text becomes a bag of features after normalisation (full width to half width, lower case, punctuation out,
colloquial variants and synonyms to one canonical word): jieba words (stop words out) and character bigrams of each
run of Chinese characters. Words weigh more than bigrams; bigrams catch what segmentation splits differently
(营业执照 vs 执照). The score is a weighted cosine of the two bags, in [0, 1].
"""

from __future__ import annotations

import logging
import math
import re
import threading
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

import jieba

# Canonical word ← variants. Built-in and small: the maintained, admin-editable synonym list of the knowledge base
# (knowledge.Synonym) extends search; this table is what similarity relies on without a database.
BUILTIN_SYNONYMS: dict[str, tuple[str, ...]] = {
    "社保": ("五险", "社会保险", "五险一金", "社保费"),
    "个转企": ("个体户转企业", "个体工商户转企业", "个体转企业", "个体户转公司"),
    "营业执照": ("执照", "营业证", "营业执照证"),
    "公积金": ("住房公积金",),
    "发票": ("开票", "票据"),
    "退税": ("退税款",),
    "留抵退税": ("增值税留抵退税", "留抵税额退税", "留抵退款"),
    "停电": ("断电", "没电", "停供电"),
    "停水": ("断水", "没水"),
    "用工": ("招工", "招人", "招聘"),
    "贷款": ("借款", "融资"),
    "道路": ("马路", "路面"),
    "噪音": ("噪声", "吵闹"),
    "拖欠": ("欠款", "拖款", "欠账"),
    "消防": ("消防安全",),
    "环评": ("环境影响评价", "环境评价"),
    "遗失": ("丢失", "丢了", "弄丢", "掉了", "找不到了"),
    "补办": ("补领", "补发", "重新办", "再办"),
    "注销": ("关掉公司", "不干了", "关门"),
    "变更": ("更改", "改一下"),
}

_STOPWORD_TEXT = """
    的 了 吗 呢 吧 啊 呀 嘛 么 是 在 有 和 与 及 或 也 都 就 还 又 把 被 给 让 向 从 对 为 以 于 之 而 但 如果
    我 我们 你 你们 他 她 它 他们 咱 咱们 这 那 这个 那个 这些 那些 什么 怎么 怎样 怎么办 如何 哪里 哪儿 哪些 为什么
    请问 请 麻烦 一下 一个 一些 能 能否 可以 可不可以 是否 要 想 想要 需要 应该 该 会 得 着 过 个 些 下 上 里
    谢谢 您好 你好 老师 领导 问 问问 咨询 反映 那么 现在 目前 已经 一直 还是 就是 然后 因为 所以 但是 不过
    怎么样 能不能 要不要 有没有 多少 多久 几天 吗 哦 嗯 啦"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())

_PUNCT = re.compile(r"[^\w]+", re.UNICODE)
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_WORD_WEIGHT = 2.0
_BIGRAM_WEIGHT = 1.0

_jieba_lock = threading.Lock()
_jieba_ready = False


class Synonyms:
    """Variant → canonical word, replaced in one left-to-right pass, longest match first (so 营业执照 stays whole
    although its variant 执照 is inside it)."""

    def __init__(self, groups: dict[str, Iterable[str]]) -> None:
        self.canonical: dict[str, str] = {}
        for canonical, variants in groups.items():
            canonical = canonical.strip().lower()
            if not canonical:
                continue
            self.canonical.setdefault(canonical, canonical)
            for variant in variants:
                variant = variant.strip().lower()
                if variant and variant != canonical:
                    self.canonical[variant] = canonical
        alternatives = sorted(self.canonical, key=lambda word: (-len(word), word))
        self.pattern = re.compile("|".join(map(re.escape, alternatives))) if alternatives else None

    def apply(self, text: str) -> str:
        if self.pattern is None:
            return text
        return self.pattern.sub(lambda match: self.canonical[match.group(0)], text)


BUILTIN = Synonyms(dict(BUILTIN_SYNONYMS))


def ensure_jieba() -> None:
    """Load jieba's dictionary once per process (from the installed package, never downloaded) with the canonical
    words known to it, so that they come out whole."""
    global _jieba_ready
    if _jieba_ready:
        return
    with _jieba_lock:
        if _jieba_ready:
            return
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        for canonical in BUILTIN_SYNONYMS:
            jieba.add_word(canonical, freq=200000)
        _jieba_ready = True


def add_words(words: Iterable[str]) -> None:
    """Make jieba keep these words whole (domain terms, synonyms of the maintained list)."""
    ensure_jieba()
    for word in words:
        word = word.strip()
        if len(word) >= 2:
            jieba.add_word(word, freq=200000)


def normalize(text: str, synonyms: Synonyms | None = None) -> str:
    """Full width → half width, lower case, punctuation to spaces, synonyms to their canonical word."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    text = _PUNCT.sub(" ", text).replace("_", " ")
    text = (synonyms or BUILTIN).apply(text)
    return " ".join(text.split())


def words(text: str) -> list[str]:
    """jieba words of normalised text, stop words and single non-Chinese characters out."""
    ensure_jieba()
    out = []
    for token in jieba.lcut(text):
        token = token.strip()
        if not token or token in STOPWORDS:
            continue
        if len(token) == 1 and not _HAN_RUN.match(token):
            continue
        out.append(token)
    return out


def bigrams(text: str) -> list[str]:
    """Character bigrams of each run of Chinese characters (a lone character stands for itself)."""
    out: list[str] = []
    for run in _HAN_RUN.findall(text):
        if len(run) == 1:
            if run not in STOPWORDS:
                out.append(run)
            continue
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


@lru_cache(maxsize=8192)
def features(text: str) -> dict[str, float]:
    """The weighted bag of features of a text (cached: the same texts are compared often)."""
    norm = normalize(text)
    bag: Counter[str] = Counter()
    for word in words(norm):
        bag["w:" + word] += 1
    for gram in bigrams(norm):
        bag["b:" + gram] += 1
    weighted: dict[str, float] = {}
    for key, count in bag.items():
        weight = _WORD_WEIGHT if key.startswith("w:") else _BIGRAM_WEIGHT
        weighted[key] = weight * (1.0 + math.log(count))
    return weighted


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(sum(value * value for value in vector.values()))


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if not a or not b:
        return 0.0
    if len(a) > len(b):
        a, b = b, a
    dot = sum(value * b.get(key, 0.0) for key, value in a.items())
    if dot == 0.0:
        return 0.0
    return min(1.0, dot / (_norm(a) * _norm(b)))


def similarity(a: str, b: str) -> float:
    """How alike two texts are, from 0 (nothing in common) to 1 (the same after normalisation)."""
    return _cosine(features(a), features(b))


def group_similar(texts: Sequence[str], threshold: float) -> list[list[int]]:
    """Groups of indices of texts whose similarity reaches `threshold`, joined transitively (single linkage).

    Every index is in exactly one group; groups are ordered by size (largest first), then by first index; indices
    in a group ascend. Only pairs sharing a feature are compared (an inverted index), so a month of demands is fast.
    """
    bags = [features(text) for text in texts]
    parent = list(range(len(texts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    postings: dict[str, list[int]] = defaultdict(list)
    for index, bag in enumerate(bags):
        for key in bag:
            postings[key].append(index)
    for index, bag in enumerate(bags):
        candidates = {other for key in bag for other in postings[key] if other > index}
        for other in candidates:
            if find(index) != find(other) and _cosine(bag, bags[other]) >= threshold:
                parent[find(other)] = find(index)

    groups: dict[int, list[int]] = defaultdict(list)
    for index in range(len(texts)):
        groups[find(index)].append(index)
    return sorted(groups.values(), key=lambda group: (-len(group), group[0]))
