"""The policy matching engine: explain's verdicts and reasons, and the fast evaluators agreeing with it."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qifu.policies.matching import (
    CompiledPolicies,
    Criteria,
    EnterpriseColumns,
    Facts,
    Names,
    Verdict,
    decode_ids,
    encode_ids,
    explain,
    match_all,
)

TODAY = date(2026, 3, 2)
ENT = Facts(
    enterprise_id=7,
    industry_code="C3911",
    scale="small",
    park_id=3,
    town_id=12,
    lifecycle_stage="operation",
    tag_ids=frozenset({1, 2}),
    established_on=date(2023, 3, 2),  # exactly 3 years before TODAY
    employees=120,
    annual_revenue=800.0,
)
NAMES = Names(
    parks={3: "高新园"}, towns={12: "曲溪街道", 13: "磐东街道"}, tags={1: "高新技术企业", 2: "专精特新", 5: "小巨人"}
)


def verdict(criteria: Criteria, facts: Facts = ENT, today: date = TODAY) -> Verdict:
    return explain(criteria, facts, today).verdict


# ---------------------------------------------------------------- explain, criterion by criterion


def test_no_criteria_fits_everyone() -> None:
    assert Criteria().is_empty()
    result = explain(Criteria(), replace(ENT, town_id=None, employees=None), TODAY)
    assert result.verdict == Verdict.FITS
    assert result.missing == []
    assert result.reasons == ["不限条件，所有企业均符合"]


def test_criteria_with_any_field_is_not_empty() -> None:
    assert not Criteria(min_employees=0).is_empty()
    assert not Criteria(tags_any=(1,)).is_empty()


@pytest.mark.parametrize(
    ("prefixes", "expected"),
    [
        (("C",), Verdict.FITS),
        (("C39",), Verdict.FITS),
        (("C391",), Verdict.FITS),
        (("C3911",), Verdict.FITS),
        (("C3912",), Verdict.NO),
        (("C4",), Verdict.NO),
        (("I", "C39"), Verdict.FITS),
        (("I65",), Verdict.NO),
    ],
)
def test_industry_prefixes(prefixes: tuple[str, ...], expected: Verdict) -> None:
    assert verdict(Criteria(industries=prefixes)) == expected


def test_industry_reasons() -> None:
    assert explain(Criteria(industries=("C39",)), ENT, TODAY).reasons == ["行业 C3911 符合（要求 C39）"]
    assert explain(Criteria(industries=("I65", "C40")), ENT, TODAY).reasons == ["行业 C3911，要求 I65/C40"]


def test_scale() -> None:
    assert explain(Criteria(scales=("small", "micro")), ENT, TODAY).reasons == ["规模 小型 符合（要求 小型/微型）"]
    no = explain(Criteria(scales=("small", "micro")), replace(ENT, scale="large"), TODAY)
    assert no.verdict == Verdict.NO
    assert no.reasons == ["规模 大型，要求 小型/微型"]


def test_park_none_is_no_not_unknown() -> None:
    outside = explain(Criteria(park_ids=(3,)), replace(ENT, park_id=None), TODAY, NAMES)
    assert outside.verdict == Verdict.NO
    assert outside.missing == []
    assert outside.reasons == ["不在指定园区（要求 高新园）"]
    assert explain(Criteria(park_ids=(3,)), ENT, TODAY, NAMES).reasons == ["园区 高新园 符合（要求 高新园）"]
    other = explain(Criteria(park_ids=(4,)), ENT, TODAY)
    assert other.verdict == Verdict.NO
    assert other.reasons == ["园区 园区#3 不在指定园区（要求 园区#4）"]


def test_town_none_is_unknown() -> None:
    unknown = explain(Criteria(town_ids=(12, 13)), replace(ENT, town_id=None), TODAY, NAMES)
    assert unknown.verdict == Verdict.MAY_FIT
    assert unknown.missing == ["所属镇街"]
    assert unknown.reasons == ["所属镇街未知（要求 曲溪街道/磐东街道）"]
    assert verdict(Criteria(town_ids=(12,))) == Verdict.FITS
    assert explain(Criteria(town_ids=(13,)), ENT, TODAY, NAMES).reasons == ["镇街 曲溪街道，要求 磐东街道"]


def test_lifecycle_stage() -> None:
    assert verdict(Criteria(lifecycle_stages=("operation", "upgrading"))) == Verdict.FITS
    no = explain(Criteria(lifecycle_stages=("founding",)), ENT, TODAY)
    assert no.verdict == Verdict.NO
    assert no.reasons == ["生命周期阶段 生产经营，要求 开办"]


def test_tags_all_and_any() -> None:
    assert explain(Criteria(tags_all=(1, 2)), ENT, TODAY, NAMES).reasons == ["具备全部标签 高新技术企业、专精特新"]
    lacking = explain(Criteria(tags_all=(1, 5)), ENT, TODAY, NAMES)
    assert lacking.verdict == Verdict.NO
    assert lacking.reasons == ["缺少标签 小巨人（要求同时具备 高新技术企业、小巨人）"]
    assert explain(Criteria(tags_any=(5, 2)), ENT, TODAY, NAMES).reasons == [
        "具备标签 专精特新（要求其一：小巨人/专精特新）"
    ]
    none = explain(Criteria(tags_any=(5, 9)), ENT, TODAY, NAMES)
    assert none.verdict == Verdict.NO
    assert none.reasons == ["不具备标签 小巨人/标签#9 中的任何一个"]
    assert verdict(Criteria(tags_all=(1,)), replace(ENT, tag_ids=frozenset())) == Verdict.NO


def test_years_inclusive_on_the_anniversary() -> None:
    # ENT was established exactly 3 years before TODAY.
    assert verdict(Criteria(min_years=3)) == Verdict.FITS
    assert verdict(Criteria(min_years=4)) == Verdict.NO
    assert verdict(Criteria(max_years=3)) == Verdict.FITS
    assert verdict(Criteria(max_years=2)) == Verdict.NO
    a_day_older = replace(ENT, established_on=date(2023, 3, 1))
    assert verdict(Criteria(max_years=3), a_day_older) == Verdict.NO
    a_day_younger = replace(ENT, established_on=date(2023, 3, 3))
    assert verdict(Criteria(min_years=3), a_day_younger) == Verdict.NO


def test_years_reasons_show_completed_years() -> None:
    assert explain(Criteria(max_years=5), ENT, TODAY).reasons == ["成立 3 年 符合（要求成立不超过 5 年）"]
    assert explain(Criteria(min_years=5), ENT, TODAY).reasons == ["成立 3 年，要求成立满 5 年"]
    older = replace(ENT, established_on=date(2023, 3, 1))
    assert explain(Criteria(min_years=1, max_years=3), older, TODAY).reasons == [
        "成立超过 3 年（2023-03-01 成立），要求成立满 1 年且不超过 3 年"
    ]
    new = replace(ENT, established_on=date(2026, 1, 5))
    assert explain(Criteria(max_years=1), new, TODAY).reasons == ["成立 不满 1 年 符合（要求成立不超过 1 年）"]


def test_years_feb_29() -> None:
    leap_born = replace(ENT, established_on=date(2020, 2, 29))
    assert verdict(Criteria(min_years=4), leap_born, date(2024, 2, 28)) == Verdict.NO
    assert verdict(Criteria(min_years=4), leap_born, date(2024, 2, 29)) == Verdict.FITS
    assert verdict(Criteria(min_years=1), leap_born, date(2021, 2, 28)) == Verdict.NO
    assert verdict(Criteria(min_years=1), leap_born, date(2021, 3, 1)) == Verdict.FITS
    # Today Feb 29: a year before is clamped to Feb 28.
    assert verdict(Criteria(min_years=1), replace(ENT, established_on=date(2023, 2, 28)), date(2024, 2, 29)) == (
        Verdict.FITS
    )
    assert verdict(Criteria(max_years=1), replace(ENT, established_on=date(2023, 2, 28)), date(2024, 2, 29)) == (
        Verdict.FITS
    )
    assert verdict(Criteria(max_years=1), replace(ENT, established_on=date(2023, 2, 27)), date(2024, 2, 29)) == (
        Verdict.NO
    )


def test_years_beyond_the_calendar() -> None:
    assert verdict(Criteria(max_years=5000)) == Verdict.FITS
    assert verdict(Criteria(min_years=5000)) == Verdict.NO


def test_years_unknown() -> None:
    result = explain(Criteria(min_years=2), replace(ENT, established_on=None), TODAY)
    assert result.verdict == Verdict.MAY_FIT
    assert result.missing == ["成立日期"]
    assert result.reasons == ["成立日期未知（要求成立满 2 年）"]


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(120, None, Verdict.FITS), (121, None, Verdict.NO), (None, 120, Verdict.FITS), (None, 119, Verdict.NO)],
)
def test_employees_bounds_are_inclusive(low: int | None, high: int | None, expected: Verdict) -> None:
    assert verdict(Criteria(min_employees=low, max_employees=high)) == expected


def test_employees_reasons_and_unknown() -> None:
    assert explain(Criteria(min_employees=50, max_employees=300), ENT, TODAY).reasons == [
        "从业人数 120 人 符合（要求 50-300 人）"
    ]
    assert explain(Criteria(min_employees=200), ENT, TODAY).reasons == ["从业人数 120 人，要求 至少 200 人"]
    unknown = explain(Criteria(max_employees=300), replace(ENT, employees=None), TODAY)
    assert unknown.verdict == Verdict.MAY_FIT
    assert unknown.missing == ["从业人数"]


def test_revenue() -> None:
    assert verdict(Criteria(min_revenue=800.0)) == Verdict.FITS
    assert verdict(Criteria(max_revenue=799.99)) == Verdict.NO
    assert explain(Criteria(max_revenue=1234.5), ENT, TODAY).reasons == [
        "年营业收入 800 万元 符合（要求 不超过 1,234.5 万元）"
    ]
    unknown = explain(Criteria(min_revenue=100.0), replace(ENT, annual_revenue=None), TODAY)
    assert unknown.verdict == Verdict.MAY_FIT
    assert unknown.missing == ["年营业收入"]
    assert unknown.reasons == ["年营业收入未知（要求 至少 100 万元）"]


def test_min_above_max_never_fits() -> None:
    assert verdict(Criteria(min_employees=300, max_employees=100)) == Verdict.NO
    assert verdict(Criteria(min_revenue=900.0, max_revenue=100.0), replace(ENT, annual_revenue=None)) == Verdict.MAY_FIT


def test_no_wins_over_unknown_and_missing_lists_every_field() -> None:
    criteria = Criteria(town_ids=(12,), min_employees=10, min_revenue=10.0, scales=("large",))
    patchy = replace(ENT, town_id=None, employees=None, annual_revenue=None)
    result = explain(criteria, patchy, TODAY)
    assert result.verdict == Verdict.NO
    assert result.missing == ["所属镇街", "从业人数", "年营业收入"]
    assert len(result.reasons) == 4
    assert explain(replace(criteria, scales=()), patchy, TODAY).verdict == Verdict.MAY_FIT


def test_verdict_labels() -> None:
    assert [v.label for v in Verdict] == ["符合", "可能符合", "不符合"]


# ---------------------------------------------------------------- the fast evaluators agree with explain

CODES = ["C3911", "C3912", "C3921", "C4011", "C1310", "I6510", "I6520", "A0111"]
PREFIXES = ["C", "C3", "C39", "C391", "C3911", "C3912", "C40", "I", "I65", "A01", "B"]
SCALES = ["large", "medium", "small", "micro"]
STAGES = ["founding", "construction", "operation", "upgrading", "deregistration"]
DAYS = [date(2024, 2, 29), date(2025, 2, 28), date(2024, 3, 1)]
AMOUNTS = [0.0, 99.99, 100.0, 100.01, 500.0, 1234.5]


def established_dates() -> st.SearchStrategy[date | None]:
    near_anniversaries = st.builds(
        lambda years, day: day.replace(year=day.year - years, day=28) if day.month == 2 else day,
        st.integers(0, 6),
        st.sampled_from([date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1), date(2025, 2, 28)]),
    )
    return st.none() | st.dates(date(2016, 1, 1), date(2025, 3, 1)) | near_anniversaries


def facts_without_id() -> st.SearchStrategy[Facts]:
    return st.builds(
        Facts,
        enterprise_id=st.just(0),
        industry_code=st.sampled_from(CODES),
        scale=st.sampled_from(SCALES),
        park_id=st.none() | st.integers(1, 4),
        town_id=st.none() | st.integers(1, 4),
        lifecycle_stage=st.sampled_from(STAGES),
        tag_ids=st.frozensets(st.integers(1, 8), max_size=4),
        established_on=established_dates(),
        employees=st.none() | st.sampled_from([0, 9, 10, 11, 50, 300]),
        annual_revenue=st.none() | st.sampled_from(AMOUNTS),
    )


@st.composite
def enterprises(draw: st.DrawFn, max_size: int = 60) -> list[Facts]:
    ids = sorted(draw(st.sets(st.integers(1, 400), max_size=max_size)))
    return [replace(draw(facts_without_id()), enterprise_id=i) for i in ids]


def small_tuple(elements: st.SearchStrategy[object], max_size: int = 3) -> st.SearchStrategy[tuple[object, ...]]:
    return st.lists(elements, max_size=max_size).map(tuple)


def criteria() -> st.SearchStrategy[Criteria]:
    maybe_int = st.none() | st.sampled_from([0, 1, 2, 3, 5, 9, 10, 11, 50, 300])
    return st.builds(
        Criteria,
        industries=small_tuple(st.sampled_from(PREFIXES)),
        scales=small_tuple(st.sampled_from(SCALES)),
        park_ids=small_tuple(st.integers(1, 6)),
        town_ids=small_tuple(st.integers(1, 6)),
        lifecycle_stages=small_tuple(st.sampled_from(STAGES)),
        tags_all=small_tuple(st.integers(1, 10)),
        tags_any=small_tuple(st.integers(1, 10)),
        min_years=st.none() | st.integers(0, 6),
        max_years=st.none() | st.integers(0, 6),
        min_employees=maybe_int,
        max_employees=maybe_int,
        min_revenue=st.none() | st.sampled_from(AMOUNTS),
        max_revenue=st.none() | st.sampled_from(AMOUNTS),
    )


def assert_all_agree(policies: list[tuple[int, Criteria]], facts: list[Facts], today: date) -> None:
    columns = EnterpriseColumns.from_facts(facts)
    sets = match_all(policies, columns, today)
    compiled = CompiledPolicies.compile(policies, today)
    universe_max = max((f.enterprise_id for f in facts), default=0)
    for policy_id, _ in policies:
        match = sets[policy_id]
        assert match.fit_blob == encode_ids(match.fit, universe_max)
        assert match.maybe_blob == encode_ids(match.maybe, universe_max)
        assert (match.fit_count, match.maybe_count) == (len(match.fit), len(match.maybe))
    for f in facts:
        fast = compiled.verdicts(f)
        for policy_id, c in policies:
            expected = explain(c, f, today).verdict
            fit, maybe = sets[policy_id].fit.tolist(), sets[policy_id].maybe.tolist()
            found = (
                Verdict.FITS if f.enterprise_id in fit else Verdict.MAY_FIT if f.enterprise_id in maybe else Verdict.NO
            )
            assert found == expected, (policy_id, c, f)
            assert fast[policy_id] == expected, (policy_id, c, f)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    enterprises(),
    st.integers(0, 130).flatmap(lambda n: st.lists(criteria(), min_size=n, max_size=n)),
    st.sampled_from(DAYS),
)
def test_match_all_and_compiled_agree_with_explain(facts: list[Facts], crits: list[Criteria], today: date) -> None:
    """Up to 130 policies: batches of 64 full, partial and several."""
    policies = [(100 + 3 * j, c) for j, c in enumerate(crits)]  # ids unlike positions
    assert_all_agree(policies, facts, today)


def test_agree_with_hundreds_of_tags() -> None:
    """Tag sets over more than 64 distinct tags, so that an enterprise's tags take several words."""
    rng = random.Random(4)
    tags = [1, 2, 63, 64, 65, 127, 128, 200, 299, 300]
    facts = [
        replace(ENT, enterprise_id=i, tag_ids=frozenset([*rng.sample(tags, rng.randint(0, 4)), 400 + i % 90]))
        for i in range(1, 300)
    ]
    policies = [
        (
            j,
            Criteria(
                tags_all=tuple(rng.sample(tags, rng.randint(0, 2))), tags_any=tuple(rng.sample(tags, rng.randint(0, 3)))
            ),
        )
        for j in range(1, 140)
    ] + [(500, Criteria(tags_all=(401, 1))), (501, Criteria(tags_any=(489, 999)))]
    assert_all_agree(policies, facts, TODAY)


def test_match_all_with_no_enterprises_or_no_policies() -> None:
    sets = match_all([(1, Criteria()), (2, Criteria(scales=("small",)))], EnterpriseColumns.from_facts([]), TODAY)
    assert [len(s.fit) + len(s.maybe) for s in sets.values()] == [0, 0]
    assert match_all([], EnterpriseColumns.from_facts([ENT]), TODAY) == {}


def test_match_all_sets() -> None:
    facts = [
        ENT,
        replace(ENT, enterprise_id=9, employees=None),
        replace(ENT, enterprise_id=20, scale="large"),
    ]
    sets = match_all([(1, Criteria(scales=("small",), min_employees=100))], EnterpriseColumns.from_facts(facts), TODAY)
    assert sets[1].fit.tolist() == [7]
    assert sets[1].maybe.tolist() == [9]


def test_from_arrays_rejects_unsorted_ids() -> None:
    with pytest.raises(ValueError, match="ascending"):
        EnterpriseColumns.from_arrays(
            ids=[2, 1],
            industry_codes=["C3911", "C3911"],
            scales=["small", "small"],
            lifecycle_stages=["operation", "operation"],
            park_ids=[-1, -1],
            town_ids=[-1, -1],
            tag_pairs=([], []),
            established_on=[-1, -1],
            employees=[np.nan, np.nan],
            revenue=[np.nan, np.nan],
        )


def test_compiled_changes() -> None:
    policies = [(1, Criteria(scales=("small",))), (2, Criteria(min_employees=100)), (3, Criteria())]
    compiled = CompiledPolicies.compile(policies, TODAY)
    after = replace(ENT, scale="medium", employees=None)
    assert compiled.changes(ENT, after) == {1: (Verdict.FITS, Verdict.NO), 2: (Verdict.FITS, Verdict.MAY_FIT)}
    assert compiled.verdicts(after) == {1: Verdict.NO, 2: Verdict.MAY_FIT, 3: Verdict.FITS}


# ---------------------------------------------------------------- the stored form of id sets


@st.composite
def id_sets(draw: st.DrawFn) -> tuple[np.ndarray, int]:
    kind = draw(st.sampled_from(["sparse", "dense", "huge ids"]))
    if kind == "dense":
        universe_max = draw(st.integers(0, 3000))
        member = draw(st.lists(st.booleans(), min_size=universe_max + 1, max_size=universe_max + 1))
        return np.flatnonzero(member), universe_max
    top = 2**40 if kind == "huge ids" else 100_000
    universe_max = draw(st.integers(0, top))
    ids = draw(st.sets(st.integers(0, universe_max), max_size=200))
    return np.array(sorted(ids), np.int64), universe_max


@settings(max_examples=200, deadline=None)
@given(id_sets())
def test_encode_decode_round_trip(case: tuple[np.ndarray, int]) -> None:
    ids, universe_max = case
    blob = encode_ids(ids, universe_max)
    decoded = decode_ids(blob)
    assert decoded.dtype == np.int64
    assert decoded.tolist() == ids.tolist()


def test_encode_picks_the_form_by_density() -> None:
    assert encode_ids(np.arange(0, 1000, 2), 999)[0] == 0  # bitset of 125 bytes
    assert len(encode_ids(np.arange(0, 1000, 2), 999)) == 1 + 125
    sparse = encode_ids(np.array([5, 70_000, 70_001]), 1_000_000)
    assert sparse[0] == 4  # gaps up to 69,995 need 4 bytes
    assert len(sparse) < 40
    assert decode_ids(encode_ids(np.array([], np.int64), 10)).tolist() == []


def test_encode_rejects_ids_out_of_order_or_range() -> None:
    with pytest.raises(ValueError, match="ascending"):
        encode_ids(np.array([3, 2]), 10)
    with pytest.raises(ValueError, match="universe_max"):
        encode_ids(np.array([11]), 10)
