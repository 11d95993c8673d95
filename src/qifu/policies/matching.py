"""Which enterprises a policy's eligibility criteria fit: one pair explained, and all pairs at once.

Three evaluators that must always agree (tests/policies/test_matching.py checks every pair):

* `explain` is the reference: one policy, one enterprise, plain Python, with the Chinese reasons.
* `match_all` evaluates many policies against a columnar snapshot of all enterprises (`EnterpriseColumns`).
  Policies go in batches of 64, one bit each in a uint64 word per enterprise. Every attribute of an
  enterprise is first turned into a small integer code: its group of (industry, scale, stage), of (park,
  town), of tags, and for each numeric value its position among all the thresholds the policies use,
  with a code of its own for "missing". For each batch a small table gives, per code, the word of the
  policies that accept it; an enterprise's word is the AND of a handful of table lookups, done by numpy
  over all enterprises at once. Two words are kept: "yes on every criterion" (fits) and "no criterion
  says no" (fits or may fit). Enterprises sit at the position of their id, so transposing the words gives
  each policy's bitset over ids: its stored form when dense, listed and packed when sparse.
* `CompiledPolicies` evaluates one enterprise against all policies, vectorised over policies, for the
  re-match after an enterprise is edited.

Match sets are stored with `encode_ids` (a bitset when dense, zlib-packed id gaps when sparse);
`match_all` hands them over in that form. No Django here: the callers load the data and store the results.
"""

from __future__ import annotations

import bisect
import sys
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import MAXYEAR, MINYEAR, date
from enum import StrEnum
from functools import cached_property
from typing import Any

import numpy as np
import numpy.typing as npt

# The bit-plane transposition and the stored bitsets view uint64 words as bytes.
if sys.byteorder != "little":  # pragma: no cover
    raise ImportError("qifu.policies.matching assumes a little-endian machine")


class Verdict(StrEnum):
    FITS = "fits"
    MAY_FIT = "may_fit"
    NO = "no"

    @property
    def label(self) -> str:
        return VERDICT_LABELS[self]


VERDICT_LABELS = {Verdict.FITS: "符合", Verdict.MAY_FIT: "可能符合", Verdict.NO: "不符合"}

# The same labels as qifu.enterprises.choices (Scale, LifecycleStage), repeated to keep Django out of here.
SCALE_LABELS = {"large": "大型", "medium": "中型", "small": "小型", "micro": "微型"}
STAGE_LABELS = {
    "founding": "开办",
    "construction": "项目建设",
    "operation": "生产经营",
    "upgrading": "转型升级",
    "deregistration": "注销",
}
# Field labels reported in Explanation.missing.
MISSING_TOWN = "所属镇街"
MISSING_ESTABLISHED = "成立日期"
MISSING_EMPLOYEES = "从业人数"
MISSING_REVENUE = "年营业收入"

BATCH = 64  # policies per uint64 word in match_all


@dataclass(frozen=True)
class Criteria:
    """A policy's eligibility criteria; an empty tuple or None means "no criterion on this"."""

    industries: tuple[str, ...] = ()  # GB/T 4754 code prefixes: "C", "C39", "C391", "C3911"
    scales: tuple[str, ...] = ()
    park_ids: tuple[int, ...] = ()
    town_ids: tuple[int, ...] = ()
    lifecycle_stages: tuple[str, ...] = ()
    tags_all: tuple[int, ...] = ()
    tags_any: tuple[int, ...] = ()
    min_years: int | None = None
    max_years: int | None = None
    min_employees: int | None = None
    max_employees: int | None = None
    min_revenue: float | None = None  # 万元
    max_revenue: float | None = None

    def is_empty(self) -> bool:
        return all(getattr(self, f.name) in ((), None) for f in fields(self))


@dataclass(frozen=True)
class Facts:
    """What the criteria look at in one enterprise; None is "not known" (except park_id: not in a park)."""

    enterprise_id: int
    industry_code: str
    scale: str
    park_id: int | None
    town_id: int | None
    lifecycle_stage: str
    tag_ids: frozenset[int]
    established_on: date | None
    employees: int | None
    annual_revenue: float | None  # 万元


@dataclass(frozen=True)
class Names:
    """Chinese names of the parks, towns and tags that reasons mention (ids without a name show as 园区#3)."""

    parks: Mapping[int, str] = field(default_factory=dict)
    towns: Mapping[int, str] = field(default_factory=dict)
    tags: Mapping[int, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Explanation:
    verdict: Verdict
    reasons: list[str]  # one per criterion of the policy, in Chinese
    missing: list[str]  # labels of the enterprise fields whose absence leaves a criterion undecided


# ---------------------------------------------------------------- dates


def years_before(day: date, years: int) -> date:
    """The same day `years` earlier; Feb 29 becomes Feb 28 in a year without it (beyond the calendar: its ends)."""
    year = day.year - years
    if not MINYEAR <= year <= MAXYEAR:
        return date.min if year < MINYEAR else date.max
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


def completed_years(start: date, today: date) -> int:
    return today.year - start.year - ((today.month, today.day) < (start.month, start.day))


def years_bounds(criteria: Criteria, today: date) -> tuple[int | None, int | None]:
    """min_years / max_years as inclusive bounds on the establishment date's ordinal: (earliest, latest)."""
    earliest = None if criteria.max_years is None else years_before(today, criteria.max_years).toordinal()
    latest = None if criteria.min_years is None else years_before(today, criteria.min_years).toordinal()
    return earliest, latest


# ---------------------------------------------------------------- the reference: one pair, with reasons


@dataclass(frozen=True)
class _Check:
    answer: bool | None  # None: unknown, the enterprise lacks the data
    reason: str
    missing: str | None = None


def _joined(labels: Iterable[str]) -> str:
    return "/".join(labels)


def _range_text(low: float | None, high: float | None, unit: str) -> str:
    if low is not None and high is not None:
        return f"{_number(low)}-{_number(high)} {unit}"
    if low is not None:
        return f"至少 {_number(low)} {unit}"
    return f"不超过 {_number(high)} {unit}"


def _number(value: float | None) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _in_range(value: float, low: float | None, high: float | None) -> bool:
    return (low is None or value >= low) and (high is None or value <= high)


def _check_choice(label: str, value: str, allowed: tuple[str, ...], labels: Mapping[str, str]) -> _Check:
    shown, wanted = labels.get(value, value), _joined(labels.get(a, a) for a in allowed)
    if value in allowed:
        return _Check(True, f"{label} {shown} 符合（要求 {wanted}）")
    return _Check(False, f"{label} {shown}，要求 {wanted}")


def _check_industry(code: str, prefixes: tuple[str, ...]) -> _Check:
    if any(code.startswith(p) for p in prefixes):
        return _Check(True, f"行业 {code} 符合（要求 {_joined(prefixes)}）")
    return _Check(False, f"行业 {code}，要求 {_joined(prefixes)}")


def _check_park(park_id: int | None, allowed: tuple[int, ...], names: Names) -> _Check:
    wanted = _joined(names.parks.get(p, f"园区#{p}") for p in allowed)
    if park_id is None:
        return _Check(False, f"不在指定园区（要求 {wanted}）")
    shown = names.parks.get(park_id, f"园区#{park_id}")
    if park_id in allowed:
        return _Check(True, f"园区 {shown} 符合（要求 {wanted}）")
    return _Check(False, f"园区 {shown} 不在指定园区（要求 {wanted}）")


def _check_town(town_id: int | None, allowed: tuple[int, ...], names: Names) -> _Check:
    wanted = _joined(names.towns.get(t, f"镇街#{t}") for t in allowed)
    if town_id is None:
        return _Check(None, f"所属镇街未知（要求 {wanted}）", MISSING_TOWN)
    shown = names.towns.get(town_id, f"镇街#{town_id}")
    if town_id in allowed:
        return _Check(True, f"镇街 {shown} 符合（要求 {wanted}）")
    return _Check(False, f"镇街 {shown}，要求 {wanted}")


def _check_tags_all(tag_ids: frozenset[int], required: tuple[int, ...], names: Names) -> _Check:
    def name(t: int) -> str:
        return names.tags.get(t, f"标签#{t}")

    lacking = [t for t in required if t not in tag_ids]
    if not lacking:
        return _Check(True, f"具备全部标签 {'、'.join(name(t) for t in required)}")
    return _Check(
        False, f"缺少标签 {'、'.join(name(t) for t in lacking)}（要求同时具备 {'、'.join(name(t) for t in required)}）"
    )


def _check_tags_any(tag_ids: frozenset[int], wanted: tuple[int, ...], names: Names) -> _Check:
    def name(t: int) -> str:
        return names.tags.get(t, f"标签#{t}")

    having = [t for t in wanted if t in tag_ids]
    if having:
        return _Check(True, f"具备标签 {'、'.join(name(t) for t in having)}（要求其一：{_joined(map(name, wanted))}）")
    return _Check(False, f"不具备标签 {_joined(map(name, wanted))} 中的任何一个")


def _check_years(established_on: date | None, criteria: Criteria, today: date) -> _Check:
    low, high = criteria.min_years, criteria.max_years
    if low is not None and high is not None:
        wanted = f"成立满 {low} 年且不超过 {high} 年"
    elif low is not None:
        wanted = f"成立满 {low} 年"
    else:
        wanted = f"成立不超过 {high} 年"
    if established_on is None:
        return _Check(None, f"成立日期未知（要求{wanted}）", MISSING_ESTABLISHED)
    earliest, latest = years_bounds(criteria, today)
    day = established_on.toordinal()
    years = max(completed_years(established_on, today), 0)
    age = f"{years} 年" if years else "不满 1 年"
    if latest is not None and day > latest:
        return _Check(False, f"成立 {age}，要求{wanted}")
    if earliest is not None and day < earliest:
        return _Check(False, f"成立超过 {high} 年（{established_on.isoformat()} 成立），要求{wanted}")
    return _Check(True, f"成立 {age} 符合（要求{wanted}）")


def _check_amount(label: str, value: float | None, low: float | None, high: float | None, unit: str) -> _Check:
    wanted = _range_text(low, high, unit)
    if value is None:
        return _Check(None, f"{label}未知（要求 {wanted}）", label)
    if _in_range(value, low, high):
        return _Check(True, f"{label} {_number(value)} {unit} 符合（要求 {wanted}）")
    return _Check(False, f"{label} {_number(value)} {unit}，要求 {wanted}")


def explain(criteria: Criteria, facts: Facts, today: date, names: Names | None = None) -> Explanation:
    """The verdict of one policy for one enterprise, with one Chinese reason per criterion.

    `no` when any criterion says no; `fits` when all say yes (a policy without criteria fits everyone);
    otherwise `may_fit`, and `missing` names the enterprise fields that would decide it.
    """
    names = names or Names()
    c, f = criteria, facts
    checks: list[_Check] = []
    if c.industries:
        checks.append(_check_industry(f.industry_code, c.industries))
    if c.scales:
        checks.append(_check_choice("规模", f.scale, c.scales, SCALE_LABELS))
    if c.park_ids:
        checks.append(_check_park(f.park_id, c.park_ids, names))
    if c.town_ids:
        checks.append(_check_town(f.town_id, c.town_ids, names))
    if c.lifecycle_stages:
        checks.append(_check_choice("生命周期阶段", f.lifecycle_stage, c.lifecycle_stages, STAGE_LABELS))
    if c.tags_all:
        checks.append(_check_tags_all(f.tag_ids, c.tags_all, names))
    if c.tags_any:
        checks.append(_check_tags_any(f.tag_ids, c.tags_any, names))
    if c.min_years is not None or c.max_years is not None:
        checks.append(_check_years(f.established_on, c, today))
    if c.min_employees is not None or c.max_employees is not None:
        checks.append(_check_amount(MISSING_EMPLOYEES, f.employees, c.min_employees, c.max_employees, "人"))
    if c.min_revenue is not None or c.max_revenue is not None:
        checks.append(_check_amount(MISSING_REVENUE, f.annual_revenue, c.min_revenue, c.max_revenue, "万元"))
    if not checks:
        return Explanation(Verdict.FITS, ["不限条件，所有企业均符合"], [])
    if any(check.answer is False for check in checks):
        verdict = Verdict.NO
    elif all(check.answer for check in checks):
        verdict = Verdict.FITS
    else:
        verdict = Verdict.MAY_FIT
    missing = [check.missing for check in checks if check.missing is not None]
    return Explanation(verdict, [check.reason for check in checks], missing)


# ---------------------------------------------------------------- the enterprises as columns

IntArray = npt.NDArray[np.int64]
IndexArray = npt.NDArray[np.intp]
FloatArray = npt.NDArray[np.float64]
WordArray = npt.NDArray[np.uint64]
BoolArray = npt.NDArray[np.bool_]
ByteArray = npt.NDArray[np.uint8]


def _factorize(values: Sequence[str] | npt.NDArray[Any]) -> tuple[list[str], IndexArray]:
    """The sorted distinct strings and each value's index among them (a dict is faster than np.unique here)."""
    if isinstance(values, np.ndarray):
        values = values.tolist()
    distinct = sorted(set(values))
    index = {v: i for i, v in enumerate(distinct)}
    return distinct, np.fromiter(map(index.__getitem__, values), np.intp, len(values))


def _id_index(ids: IntArray) -> tuple[IntArray, IndexArray]:
    """The sorted distinct non-negative ids and each row's index among them; -1 (none) maps after the last."""
    distinct = np.unique(ids[ids >= 0])
    index = np.searchsorted(distinct, ids)
    index[ids < 0] = len(distinct)
    return distinct, index


def _combine(*columns: tuple[IndexArray, int]) -> tuple[IndexArray, list[IndexArray]]:
    """Group rows by their combination of categorical codes: (group of each row, per column its code per group)."""
    key = np.zeros(len(columns[0][0]), np.int64)
    space = 1
    for codes, size in columns:
        key = key * size + codes
        space *= size
    present = np.bincount(key, minlength=space) > 0
    group_of_key = np.cumsum(present) - 1
    rest = np.flatnonzero(present)
    parts = []
    for _, size in reversed(columns):
        rest, part = np.divmod(rest, size)
        parts.append(part.astype(np.intp))
    return group_of_key[key].astype(np.intp), parts[::-1]


def _tag_sets(rows: IndexArray, tag_index: IndexArray, n_rows: int, n_tags: int) -> tuple[IndexArray, int, IndexArray]:
    """Group rows by their set of tags: (group of each row, number of groups, (group, tag index) members
    sorted by group)."""
    words = n_tags // 64 + 1
    member = np.zeros((n_rows, words), np.uint64)  # per row a bitset of its tags
    np.bitwise_or.at(member, (rows, tag_index // 64), np.left_shift(np.uint64(1), (tag_index % 64).astype(np.uint64)))
    order = np.lexsort(member.T[::-1])  # np.unique(axis=0) does the same, several times slower
    ordered = member[order]
    first = np.ones(n_rows, np.bool_)
    first[1:] = np.any(ordered[1:] != ordered[:-1], axis=1)
    group = np.empty(n_rows, np.intp)
    group[order] = np.cumsum(first) - 1
    sets = ordered[first]
    members = np.nonzero(np.unpackbits(sets.view(np.uint8), axis=1, bitorder="little"))
    return group, len(sets), np.stack(members).astype(np.intp)


class EnterpriseColumns:
    """A columnar snapshot of many enterprises, encoded for match_all.

    Each array is indexed by enterprise id (a "slot" per id from 0 to the largest, padded to a multiple of
    64; ids of no enterprise are absent slots), so that a policy's result is directly a bitset over ids.
    Enterprise ids are auto-increments, so the slots barely outnumber the enterprises.

    Categorical attributes are grouped: an enterprise's (industry, scale, stage) is one group code, its
    (park, town) another and its set of tags a third, each group listing its members' values. A batch of
    policies then needs one table lookup per group. Numeric attributes are floats with nan for unknown.
    """

    def __init__(
        self,
        *,
        ids: IntArray,
        industries: list[str],
        scales: list[str],
        stages: list[str],
        parks: IntArray,
        towns: IntArray,
        tags: IntArray,
        group_a: IndexArray,
        a_parts: list[IndexArray],
        group_b: IndexArray,
        b_parts: list[IndexArray],
        group_t: IndexArray,
        t_count: int,
        t_members: IndexArray,
        established: FloatArray,
        employees: FloatArray,
        revenue: FloatArray,
    ) -> None:
        self.ids = ids
        self.universe_max = int(ids[-1]) if len(ids) else 0
        self.industries, self.scales, self.stages = industries, scales, stages  # sorted distinct values
        self.parks, self.towns, self.tags = parks, towns, tags  # sorted distinct ids; parks/towns: then "none"
        # Per slot its group of each kind; absent slots have the code after the last group.
        self.group_a, (self.a_industry, self.a_scale, self.a_stage) = group_a, a_parts
        self.group_b, (self.b_park, self.b_town) = group_b, b_parts
        self.group_t, self.t_count, (t_group, self.t_tag) = group_t, t_count, t_members
        # Where each set's members start in t_tag, and which set that is (the empty set has none).
        self.t_starts = np.flatnonzero(np.diff(t_group, prepend=-1))
        self.t_with_tags = t_group[self.t_starts]
        self.established, self.employees, self.revenue = established, employees, revenue

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def slots(self) -> int:
        return len(self.group_a)

    @classmethod
    def from_arrays(
        cls,
        *,
        ids: npt.ArrayLike,
        industry_codes: Sequence[str] | npt.NDArray[Any],
        scales: Sequence[str] | npt.NDArray[Any],
        lifecycle_stages: Sequence[str] | npt.NDArray[Any],
        park_ids: npt.ArrayLike,
        town_ids: npt.ArrayLike,
        tag_pairs: tuple[npt.ArrayLike, npt.ArrayLike],
        established_on: npt.ArrayLike,
        employees: npt.ArrayLike,
        revenue: npt.ArrayLike,
    ) -> EnterpriseColumns:
        """Build from parallel columns, one entry per enterprise, ids positive and strictly ascending.

        * industry_codes, scales, lifecycle_stages: strings (lists straight from `values_list` are fine);
        * park_ids, town_ids: ints, -1 for none;
        * tag_pairs: (enterprise ids, tag ids), one pair per tag of an enterprise, any order (the M2M table);
          pairs of other enterprises are ignored;
        * established_on: date ordinals (`date.toordinal()`), -1 for unknown;
        * employees, revenue (万元): floats, nan for unknown.
        """
        id_array = np.asarray(ids, np.int64)
        if len(id_array) and (id_array[0] < 0 or np.any(id_array[1:] <= id_array[:-1])):
            raise ValueError("ids must be non-negative and strictly ascending")
        n = len(id_array)
        slots = -(-(int(id_array[-1]) + 1 if n else 1) // BATCH) * BATCH

        def spread(per_row: npt.NDArray[Any], absent: object) -> npt.NDArray[Any]:
            out = np.full(slots, absent, per_row.dtype)
            out[id_array] = per_row
            return out

        industries, industry_index = _factorize(industry_codes)
        scale_values, scale_index = _factorize(scales)
        stage_values, stage_index = _factorize(lifecycle_stages)
        group_a, a_parts = _combine(
            (industry_index, len(industries)), (scale_index, len(scale_values)), (stage_index, len(stage_values))
        )
        parks, park_index = _id_index(np.asarray(park_ids, np.int64))
        towns, town_index = _id_index(np.asarray(town_ids, np.int64))
        group_b, b_parts = _combine((park_index, len(parks) + 1), (town_index, len(towns) + 1))

        pair_ids, pair_tag_ids = (np.asarray(a, np.int64) for a in tag_pairs)
        rows = np.minimum(np.searchsorted(id_array, pair_ids), max(n - 1, 0))
        known = id_array[rows] == pair_ids if n else np.zeros(len(pair_ids), np.bool_)
        tags, tag_index = np.unique(pair_tag_ids[known], return_inverse=True)
        group_t, t_count, t_members = _tag_sets(rows[known], tag_index.reshape(-1), n, len(tags))

        def numeric(values: npt.ArrayLike) -> FloatArray:
            return spread(np.asarray(values, np.float64), np.nan)

        established = numeric(established_on)
        established[established < 0] = np.nan
        return cls(
            ids=id_array,
            industries=industries,
            scales=scale_values,
            stages=stage_values,
            parks=parks,
            towns=towns,
            tags=tags,
            group_a=spread(group_a, len(a_parts[0])),
            a_parts=a_parts,
            group_b=spread(group_b, len(b_parts[0])),
            b_parts=b_parts,
            group_t=spread(group_t, t_count),
            t_count=t_count,
            t_members=t_members,
            established=established,
            employees=numeric(employees),
            revenue=numeric(revenue),
        )

    @classmethod
    def from_facts(cls, facts: Iterable[Facts]) -> EnterpriseColumns:
        rows = sorted(facts, key=lambda f: f.enterprise_id)
        return cls.from_arrays(
            ids=[f.enterprise_id for f in rows],
            industry_codes=[f.industry_code for f in rows],
            scales=[f.scale for f in rows],
            lifecycle_stages=[f.lifecycle_stage for f in rows],
            park_ids=[-1 if f.park_id is None else f.park_id for f in rows],
            town_ids=[-1 if f.town_id is None else f.town_id for f in rows],
            tag_pairs=(
                np.array([f.enterprise_id for f in rows for _ in f.tag_ids], np.int64),
                np.array([t for f in rows for t in f.tag_ids], np.int64),
            ),
            established_on=[-1 if f.established_on is None else f.established_on.toordinal() for f in rows],
            employees=[np.nan if f.employees is None else f.employees for f in rows],
            revenue=[np.nan if f.annual_revenue is None else f.annual_revenue for f in rows],
        )


# ---------------------------------------------------------------- all policies against all enterprises


@dataclass(frozen=True)
class MatchSet:
    """The enterprises one policy fits and may fit, in their stored form: encode_ids(ids, universe_max) with
    universe_max the snapshot's largest id. `fit` and `maybe` decode the sorted ids on first use."""

    fit_blob: bytes
    maybe_blob: bytes
    fit_count: int
    maybe_count: int

    @cached_property
    def fit(self) -> IntArray:
        return decode_ids(self.fit_blob)

    @cached_property
    def maybe(self) -> IntArray:
        return decode_ids(self.maybe_blob)


def _set_bits(bits: ByteArray) -> IntArray:
    """The positions of the set bits of a bitset (a multiple of 8 bytes), ascending, unpacking only its
    non-zero words."""
    words = bits.view(np.uint64)
    nonzero = np.flatnonzero(words)
    # Viewed as booleans: numpy finds the non-zero booleans several times faster than non-zero bytes.
    positions = np.flatnonzero(np.unpackbits(words[nonzero].view(np.uint8), bitorder="little").view(np.bool_))
    return (nonzero[positions >> 6] * 64 + (positions & 63)).astype(np.int64)


def _pack(accepts: BoolArray) -> WordArray:
    """(values, up to 64 policies) booleans -> one uint64 per value, bit j set when policy j accepts it."""
    padded = np.zeros((accepts.shape[0], BATCH), np.bool_)
    padded[:, : accepts.shape[1]] = accepts
    return np.packbits(padded, axis=1, bitorder="little").view(np.uint64).reshape(-1)


def _accepts(values: Sequence[object], allowed: Sequence[tuple[object, ...]]) -> BoolArray:
    """(values, policies): whether each policy's allowed set holds the value; an empty set allows all."""
    out = np.ones((len(values), len(allowed)), np.bool_)
    for j, wanted in enumerate(allowed):
        if wanted:
            out[:, j] = [v in wanted for v in values]
    return out


def _industry_accepts(codes: list[str], prefixes: Sequence[tuple[str, ...]]) -> BoolArray:
    """(distinct codes, policies): the codes with a given prefix are one contiguous range of the sorted codes."""
    out = np.ones((len(codes), len(prefixes)), np.bool_)
    for j, wanted in enumerate(prefixes):
        if wanted:
            out[:, j] = False
            for prefix in wanted:
                # "~" sorts after every letter and digit: [prefix, prefix~) holds exactly the codes starting with it.
                out[bisect.bisect_left(codes, prefix) : bisect.bisect_left(codes, prefix + "~"), j] = True
    return out


class _Numeric:
    """One numeric column coded against every bound the policies put on it.

    code(v) = how many cut points are <= v, where the cut points are the lower bounds and, for each upper
    bound h, the next float above h (v <= h is v < next(h)). Then v >= low is code >= index(low) + 1 and
    v <= h is code <= index(next(h)): each policy accepts one contiguous range of codes. Missing values
    get their own code, after the others.
    """

    def __init__(self, values: FloatArray, lows: FloatArray, highs: FloatArray) -> None:
        uppers = np.nextafter(highs, np.inf)
        cuts = np.unique(np.concatenate([lows[~np.isnan(lows)], uppers[~np.isnan(uppers)]]))
        self.missing_code = len(cuts) + 1
        self.codes = np.searchsorted(cuts, values, side="right")
        self.codes[np.isnan(values)] = self.missing_code
        # Per slot every bit where the value is missing: unknown is never "no".
        self.unknown = np.where(np.isnan(values), ~np.uint64(0), np.uint64(0))
        self.first = np.where(np.isnan(lows), 0, np.searchsorted(cuts, lows) + 1)
        self.last = np.where(np.isnan(highs), len(cuts), np.searchsorted(cuts, uppers))
        self.has = ~(np.isnan(lows) & np.isnan(highs))

    def table(self, batch: slice) -> WordArray:
        """The word of the batch's policies that a value's code says yes to; for a missing value, those
        without a criterion on it."""
        code = np.arange(self.missing_code + 1)[:, None]
        yes = (code >= self.first[None, batch]) & (code <= self.last[None, batch])
        yes[self.missing_code] = ~self.has[batch]
        return _pack(yes)


def _bounds(values: Iterable[float | None]) -> FloatArray:
    return np.array([np.nan if v is None else v for v in values], np.float64)


def _transpose_8x8(x: WordArray) -> WordArray:
    """Transpose, in place, the 8x8 bit matrix in each word (byte i, bit j -> byte j, bit i); Hacker's Delight 7-3."""
    t = np.empty_like(x)  # one scratch array: fresh temporaries per operation cost twice the time
    for shift, mask in ((7, 0x00AA00AA00AA00AA), (14, 0x0000CCCC0000CCCC), (28, 0x00000000F0F0F0F0)):
        np.right_shift(x, np.uint64(shift), out=t)
        t ^= x
        t &= np.uint64(mask)
        x ^= t
        t <<= np.uint64(shift)
        x ^= t
    return x


def _bit_planes(words: WordArray) -> ByteArray:
    """(slots,) words of 64 policy bits -> (64, slots / 8): each policy's bitset of slots.

    Each run of 8 slots holds, per byte of the word (8 policies), an 8x8 bit matrix; transposing it gives
    per policy one byte with the bits of those 8 slots. Two byte shuffles and a few word operations.
    """
    blocks = words.view(np.uint8).reshape(-1, 8, 8)  # [run of 8 slots, slot, byte of the word]
    by_byte = np.ascontiguousarray(blocks.transpose(2, 0, 1)).view(np.uint64)  # [byte of the word, run]
    by_policy = _transpose_8x8(by_byte.reshape(-1)).view(np.uint8).reshape(8, -1, 8)  # [byte, run, policy bit]
    return np.ascontiguousarray(by_policy.transpose(0, 2, 1)).reshape(BATCH, -1)


class _Matcher:
    """The per-run state of match_all: the numeric columns coded against all policies' bounds."""

    def __init__(self, criteria: Sequence[Criteria], columns: EnterpriseColumns, today: date) -> None:
        self.criteria, self.columns = criteria, columns
        years = [years_bounds(c, today) for c in criteria]
        self.numeric = [
            _Numeric(columns.established, _bounds(y[0] for y in years), _bounds(y[1] for y in years)),
            _Numeric(
                columns.employees,
                _bounds(c.min_employees for c in criteria),
                _bounds(c.max_employees for c in criteria),
            ),
            _Numeric(
                columns.revenue, _bounds(c.min_revenue for c in criteria), _bounds(c.max_revenue for c in criteria)
            ),
        ]

    def words(self, batch: slice) -> tuple[WordArray, WordArray]:
        """Per slot the batch's words: (fits, may fit)."""
        cols, crit = self.columns, self.criteria[batch]
        looked_up = np.empty(cols.slots, np.uint64)

        def lookup(table: WordArray, group: IndexArray) -> WordArray:
            """Each slot's word from its group's: absent slots get 0, no policy."""
            return np.take(np.append(table, np.uint64(0)), group, out=looked_up)

        # Industry, scale and stage: never unknown.
        industry = _pack(_industry_accepts(cols.industries, [c.industries for c in crit]))
        scale = _pack(_accepts(cols.scales, [c.scales for c in crit]))
        stage = _pack(_accepts(cols.stages, [c.lifecycle_stages for c in crit]))
        fits = lookup(industry[cols.a_industry] & scale[cols.a_scale] & stage[cols.a_stage], cols.group_a).copy()

        # Tags: never unknown.
        tags = self.tag_table(crit)
        if tags is not None:
            fits &= lookup(tags, cols.group_t)

        # Park (none is "no") and town (none is unknown).
        park = _pack(_accepts([*cols.parks.tolist(), None], [c.park_ids for c in crit]))
        town_yes = _accepts([*cols.towns.tolist(), None], [c.town_ids for c in crit])
        town_not_no = town_yes.copy()
        town_not_no[-1] = True
        not_no = fits & lookup(park[cols.b_park] & _pack(town_not_no)[cols.b_town], cols.group_b)
        fits &= lookup(park[cols.b_park] & _pack(town_yes)[cols.b_town], cols.group_b)

        for column in self.numeric:
            if not column.has[batch].any():
                continue
            np.take(column.table(batch), column.codes, out=looked_up)
            fits &= looked_up
            looked_up |= column.unknown
            not_no &= looked_up
        not_no ^= fits  # fits is a subset of not_no: what is left may fit
        return fits, not_no

    def tag_table(self, crit: Sequence[Criteria]) -> WordArray | None:
        """Per set of tags, the word of the batch's policies whose tag criteria it meets (None: no tag criteria).

        A policy's tag criteria are a list of clauses, each met by having any one of the clause's tags: one
        clause per tag of tags_all, and one holding all of tags_any. Clause k of all 64 policies is then an
        OR over the set's tags of a per-tag word, and the result the AND over clauses.
        """
        clauses = [[(t,) for t in c.tags_all] + ([c.tags_any] if c.tags_any else []) for c in crit]
        depth = max(len(s) for s in clauses)
        if depth == 0:
            return None
        cols = self.columns
        tag_index = {int(t): i for i, t in enumerate(cols.tags)}
        unused = np.zeros(depth, np.uint64)  # per clause k, the policies with fewer than k + 1 clauses
        per_tag = np.zeros((depth, len(cols.tags) + 1), np.uint64)  # the last column: tags no enterprise has
        for j, policy_clauses in enumerate(clauses):
            bit = np.uint64(1 << j)
            unused[len(policy_clauses) :] |= bit
            for k, clause in enumerate(policy_clauses):
                for t in clause:
                    per_tag[k, tag_index.get(t, -1)] |= bit
        out = np.full(cols.t_count, ~np.uint64(0))
        for k in range(depth):
            met = np.full(cols.t_count, unused[k])  # the empty set meets no clause
            if len(cols.t_tag):
                met[cols.t_with_tags] |= np.bitwise_or.reduceat(per_tag[k, cols.t_tag], cols.t_starts)
            out &= met
        return out


def match_all(policies: Sequence[tuple[int, Criteria]], columns: EnterpriseColumns, today: date) -> dict[int, MatchSet]:
    """Per policy id, the enterprises it fits and those it may fit (the same verdicts as explain)."""
    matcher = _Matcher([c for _, c in policies], columns, today)
    out: dict[int, MatchSet] = {}
    for start in range(0, len(policies), BATCH):
        batch = slice(start, start + BATCH)
        fits, maybe = (_bit_planes(words) for words in matcher.words(batch))
        for j, (policy_id, _) in enumerate(policies[batch]):
            fit_blob, fit_count = _encode_bits(fits[j], columns.universe_max)
            maybe_blob, maybe_count = _encode_bits(maybe[j], columns.universe_max)
            out[policy_id] = MatchSet(fit_blob, maybe_blob, fit_count, maybe_count)
    return out


# ---------------------------------------------------------------- one enterprise against all policies

_CODES = (Verdict.FITS, Verdict.MAY_FIT, Verdict.NO)  # verdict codes 0, 1, 2 of CompiledPolicies.codes


class CompiledPolicies:
    """The criteria of many policies as arrays over policies, to evaluate one enterprise against all at once."""

    def __init__(self, policies: Sequence[tuple[int, Criteria]], today: date) -> None:
        crit = [c for _, c in policies]
        self.policy_ids = np.array([p for p, _ in policies], np.int64)
        self.size = len(crit)

        def members(listed_by_policy: Iterable[tuple[Any, ...]]) -> dict[Any, IndexArray]:
            """value -> the policies (indexes) that list it."""
            lists: dict[Any, list[int]] = {}
            for j, listed in enumerate(listed_by_policy):
                for v in set(listed):
                    lists.setdefault(v, []).append(j)
            return {v: np.array(js, np.intp) for v, js in lists.items()}

        def has(listed: Iterable[tuple[Any, ...]]) -> BoolArray:
            return np.array([bool(x) for x in listed], np.bool_)

        self.by_prefix = members(c.industries for c in crit)
        self.by_scale = members(c.scales for c in crit)
        self.by_park = members(c.park_ids for c in crit)
        self.by_town = members(c.town_ids for c in crit)
        self.by_stage = members(c.lifecycle_stages for c in crit)
        self.by_tag_all = members(c.tags_all for c in crit)
        self.by_tag_any = members(c.tags_any for c in crit)
        self.open_industry = ~has(c.industries for c in crit)
        self.open_scale = ~has(c.scales for c in crit)
        self.open_park = ~has(c.park_ids for c in crit)
        self.open_town = ~has(c.town_ids for c in crit)
        self.open_stage = ~has(c.lifecycle_stages for c in crit)
        self.open_tags_any = ~has(c.tags_any for c in crit)
        self.tags_needed = np.array([len(set(c.tags_all)) for c in crit], np.int64)
        years = [years_bounds(c, today) for c in crit]
        self.numeric = [
            (_bounds(y[0] for y in years), _bounds(y[1] for y in years)),
            (_bounds(c.min_employees for c in crit), _bounds(c.max_employees for c in crit)),
            (_bounds(c.min_revenue for c in crit), _bounds(c.max_revenue for c in crit)),
        ]

    @classmethod
    def compile(cls, policies: Sequence[tuple[int, Criteria]], today: date) -> CompiledPolicies:
        return cls(policies, today)

    def _one_of(self, value: object, by_value: dict[Any, IndexArray], open_: BoolArray) -> BoolArray:
        ok = open_.copy()
        listed = by_value.get(value)
        if listed is not None:
            ok[listed] = True
        return ok

    def codes(self, facts: Facts) -> npt.NDArray[np.int8]:
        """Per policy (in compile order) the verdict code: 0 fits, 1 may fit, 2 no."""
        ok = self._one_of(facts.scale, self.by_scale, self.open_scale)
        ok &= self._one_of(facts.lifecycle_stage, self.by_stage, self.open_stage)
        ok &= self._one_of(facts.park_id, self.by_park, self.open_park)
        industry = self.open_industry.copy()
        for end in range(len(facts.industry_code) + 1):
            listed = self.by_prefix.get(facts.industry_code[:end])
            if listed is not None:
                industry[listed] = True
        ok &= industry
        having = np.zeros(self.size, np.int64)
        any_tag = self.open_tags_any.copy()
        for t in facts.tag_ids:
            listed = self.by_tag_all.get(t)
            if listed is not None:
                having[listed] += 1
            listed = self.by_tag_any.get(t)
            if listed is not None:
                any_tag[listed] = True
        ok &= (having == self.tags_needed) & any_tag

        unknown = np.zeros(self.size, np.bool_)
        if facts.town_id is None:
            unknown |= ~self.open_town
        else:
            ok &= self._one_of(facts.town_id, self.by_town, self.open_town)
        established = None if facts.established_on is None else facts.established_on.toordinal()
        for (lows, highs), value in zip(
            self.numeric, (established, facts.employees, facts.annual_revenue), strict=True
        ):
            if value is None:
                unknown |= ~(np.isnan(lows) & np.isnan(highs))
            else:
                # nan bounds compare False: "not below the low bound and not above the high one".
                ok &= ~(lows > value) & ~(highs < value)
        return np.where(ok, np.where(unknown, 1, 0), 2).astype(np.int8)

    def verdicts(self, facts: Facts) -> dict[int, Verdict]:
        return {int(p): _CODES[c] for p, c in zip(self.policy_ids.tolist(), self.codes(facts).tolist(), strict=True)}

    def changes(self, before: Facts, after: Facts) -> dict[int, tuple[Verdict, Verdict]]:
        """The policies whose verdict differs between two states of an enterprise: id -> (before, after)."""
        old, new = self.codes(before), self.codes(after)
        changed = np.flatnonzero(old != new)
        return {int(self.policy_ids[j]): (_CODES[old[j]], _CODES[new[j]]) for j in changed}


# ---------------------------------------------------------------- stored form of an id set

_BITSET = 0  # header byte; 1, 2, 4 or 8 means sparse with gaps of that many bytes


def encode_ids(ids: npt.ArrayLike, universe_max: int) -> bytes:
    """A sorted set of ids in 0..universe_max as bytes: one header byte, then the set.

    Dense sets (at least one id in 8) are a bitset, bit i (little bit order) for id i. Sparse ones are the
    gaps between consecutive ids (the first from 0) as unsigned ints of the smallest sufficient width, their
    bytes regrouped by significance (all low bytes, then the next…) and zlib-compressed.
    """
    values = np.asarray(ids, np.int64)
    if len(values) and (values[0] < 0 or values[-1] > universe_max or np.any(values[1:] <= values[:-1])):
        raise ValueError("ids must be strictly ascending and within 0..universe_max")
    if _is_dense(len(values), universe_max):
        member = np.zeros(universe_max + 1, np.bool_)
        member[values] = True
        return bytes([_BITSET]) + np.packbits(member, bitorder="little").tobytes()
    return _encode_sparse(values)


def _is_dense(count: int, universe_max: int) -> bool:
    return count * 8 >= universe_max + 1


def _encode_sparse(ids: IntArray) -> bytes:
    gaps = np.diff(ids, prepend=0)
    largest = int(gaps.max()) if len(gaps) else 0
    width = next(w for w in (1, 2, 4, 8) if largest < 1 << (8 * w))
    planes = gaps.astype(f"<u{width}").view(np.uint8).reshape(-1, width).T
    return bytes([width]) + zlib.compress(planes.tobytes(), 1)


def _encode_bits(bits: ByteArray, universe_max: int) -> tuple[bytes, int]:
    """(encode_ids of the set bits, their count) for a bitset of a multiple of 8 bytes with no bit beyond
    universe_max set; a dense set is stored as it is, without listing its ids."""
    count = int(np.bitwise_count(bits.view(np.uint64)).sum())
    if _is_dense(count, universe_max):
        return bytes([_BITSET]) + bits[: universe_max // 8 + 1].tobytes(), count
    return _encode_sparse(_set_bits(bits)), count


def decode_ids(blob: bytes) -> IntArray:
    """The sorted ids that encode_ids stored in `blob`."""
    header, body = blob[0], blob[1:]
    if header == _BITSET:
        member = np.unpackbits(np.frombuffer(body, np.uint8), bitorder="little").view(np.bool_)
        return np.flatnonzero(member).astype(np.int64)
    if header not in (1, 2, 4, 8):
        raise ValueError(f"unknown id set format {header}")
    planes = np.frombuffer(zlib.decompress(body), np.uint8).reshape(header, -1)
    gaps = np.ascontiguousarray(planes.T).view(f"<u{header}").reshape(-1)
    return np.cumsum(gaps, dtype=np.int64)
