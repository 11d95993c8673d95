"""The one text similarity for demands: normalisation, synonyms, scores and groups."""

from qifu.knowledge.similarity import Synonyms, group_similar, normalize, similarity


def test_normalize_folds_width_case_punctuation_and_synonyms() -> None:
    assert normalize("ＡＢＣ，五险一金？") == "abc 社保"
    # The variant 执照 inside the canonical 营业执照 is not replaced twice.
    assert normalize("营业执照，补办执照") == "营业执照 补办营业执照"


def test_synonyms_replace_longest_first_in_one_pass() -> None:
    table = Synonyms({"个转企": ["个体户转企业", "个体户"]})
    assert table.apply("个体户转企业怎么办") == "个转企怎么办"
    assert table.apply("个体户注销") == "个转企注销"


def test_similarity_is_one_for_same_text_and_zero_for_unrelated() -> None:
    assert similarity("园区停电了", "园区停电了") == 1.0
    assert similarity("申请留抵退税", "招不到工人") == 0.0
    assert similarity("", "停电") == 0.0


def test_similarity_sees_synonyms_and_ranks_neighbours() -> None:
    near = similarity("营业执照遗失了怎么补办", "执照丢了去哪补领")
    far = similarity("营业执照遗失了怎么补办", "营业执照经营范围怎么写")
    assert near > far
    assert similarity("五险怎么交", "社保怎么交") == 1.0


def test_group_similar_joins_alike_texts_and_keeps_every_index_once() -> None:
    texts = ["园区停电", "园区又停电了", "留抵退税进度", "申请留抵退税多久到账", "招工难"]
    groups = group_similar(texts, 0.3)
    assert sorted(index for group in groups for index in group) == list(range(len(texts)))
    assert [0, 1] in groups
    assert [2, 3] in groups
    assert [4] in groups
    assert group_similar(texts, 1.01) == [[0], [1], [2], [3], [4]]
    assert group_similar([], 0.5) == []
