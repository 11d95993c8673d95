"""Chinese search: segmentation and bigrams, the maintained synonyms, typo and homophone correction, 2-character
and colloquial queries, and neighbouring topics kept apart. Our own examples (tests/knowledge/helpers.py)."""

from __future__ import annotations

import pytest

from qifu.knowledge import retrieval
from qifu.knowledge.models import Synonym
from qifu.knowledge.similarity import Synonyms
from tests.conftest import Cast
from tests.knowledge.helpers import publish_all

pytestmark = pytest.mark.django_db


def top(q: str) -> str:
    hits = retrieval.search(q, statuses=("published",), limit=5)
    return hits[0].title if hits else ""


def test_analyse_gives_words_and_bigrams_with_synonyms_folded() -> None:
    found = retrieval.analyse("五险怎么交？", Synonyms({"社保": ["五险"]}))
    assert "社保" in found.words and "怎么" not in found.words
    assert "社保" in found.bigrams


def test_seeded_synonyms_are_in_the_maintained_list() -> None:
    words = {row.word: row.variant_list() for row in Synonym.objects.all()}
    assert "五险" in words["社保"] and "个体户转企业" in words["个转企"] and "执照" in words["营业执照"]


def test_two_character_query(cast: Cast) -> None:
    publish_all(cast)
    assert top("留抵") == "增值税留抵退税怎么申请"
    assert top("社保") == "新招员工怎么参加社保"


def test_synonyms_colloquial_and_neighbours(cast: Cast) -> None:
    publish_all(cast)
    assert top("五险怎么给新员工交") == "新招员工怎么参加社保"
    assert top("执照丢了") == "营业执照遗失怎么补领"
    assert top("营业执照想加一项经营范围") == "营业执照经营范围怎么变更"
    assert top("出口的货退税多久能到") == "出口退税多久到账"


def test_typos_and_homophones(cast: Cast) -> None:
    publish_all(cast)
    assert top("营业执找遗失") == "营业执照遗失怎么补领"
    assert top("流抵退税") == "增值税留抵退税怎么申请"


def test_a_synonym_added_in_the_admin_is_used_after_reindexing(cast: Cast) -> None:
    publish_all(cast)
    assert retrieval.search("红本本", statuses=("published",)) == []
    row = Synonym.objects.get(word="营业执照")
    row.variants += " 红本本"
    row.save(update_fields=["variants"])
    from qifu.knowledge.services import reindex_all

    assert reindex_all() == 6
    titles = [hit.title for hit in retrieval.search("红本本", statuses=("published",))]
    assert titles[:2] and all("营业执照" in title for title in titles[:2])


def test_nothing_for_nonsense_or_empty(cast: Cast) -> None:
    publish_all(cast)
    assert retrieval.search("", statuses=("published",)) == []
    assert retrieval.search("！？。", statuses=("published",)) == []
    assert retrieval.search('" OR * NEAR(', statuses=("published",)) == []
