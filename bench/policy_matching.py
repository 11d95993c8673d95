#!/usr/bin/env python
"""Policy matching: 1,000 policies against 1,000,000 enterprises, and the re-match after one enterprise edit.

Data (numpy generators, fixed seed): 1,000,000 enterprises with ids 1..~1.03M (3% deleted), industry
codes from a realistic spread (sections A-T, a few hundred 4-digit classes, skewed to C manufacturing),
scales skewed to small/micro, 30 parks (40% of enterprises in one), 200 towns (5% unknown), 5 lifecycle
stages, 60 tags (0-4 per enterprise, some tags far more common), establishment dates over 40 years (10%
unknown), employees (20% unknown) and revenue (35% unknown) log-normal by scale. 1,000 policies: a few
without criteria, broad ones (1-2 criteria, hundreds of thousands of enterprises), typical ones (3-5
criteria) and narrow ones (4-7), using every kind of criterion.

Timed:
* the full match: qifu.policies.matching.match_all, whose fit and may-fit sets come in their stored form
  (byte for byte encode_ids of their ids, checked on 40 policies), and their bulk_create as PolicyMatchSet
  rows into a migrated temporary SQLite database (the old rows deleted first, in one transaction); the
  lowest of ROUNDS runs. The columnar snapshot (EnterpriseColumns.from_arrays, from Python lists of
  strings as values_list gives them) is built once before and timed apart, as loading from the database;
* the naive way: `explain` per pair on a sample (SAMPLE_POLICIES x SAMPLE_ENTERPRISES), scaled to
  1,000 x 1,000,000; every sampled verdict must equal match_all's (exit status 1 otherwise);
* a plain per-policy numpy filter (boolean masks over the columns, one policy at a time) on
  NUMPY_POLICIES policies, scaled to 1,000; its sets must equal match_all's;
* the re-match: CompiledPolicies.changes(old facts, new facts) for 1,000 policies, i.e. both verdict
  vectors and their difference, over REMATCH_EDITS random edits (median), against `explain` on the
  1,000 policies for both states; every verdict must agree. Then the product path, services.rematch_enterprise
  on real Enterprise and Policy rows in the SQLite database, including its queries and the upsert of the
  changed verdicts (median over the same edits); its RESULT line reports this one;
* loading: selectors.enterprise_columns() over LOAD_ROWS enterprise rows in SQLite, printed and scaled to
  1,000,000 (the product reads the database before a full match; not part of the full match figure).

Last lines: `RESULT policy_rematch median_ms=<x> ratio=<compiled / explain>` and then
`RESULT policy_matching full_match_s=<x> ratio=<full match / naive scaled to the full workload>`
(goals: full match <= 3 s, re-match median <= 5 ms).
"""

import os
import sys

# bench/ holds calendar.py: drop this folder from the import path, or `import calendar` would import it.
_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:] = [p for p in sys.path if os.path.abspath(p or os.curdir) != _HERE]

import datetime as dt  # noqa: E402
import gc  # noqa: E402
import random  # noqa: E402
import shutil  # noqa: E402
import statistics  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
SEED = 20250124
ENTERPRISES = 1_000_000
POLICIES = 1_000
ROUNDS = 3
SAMPLE_POLICIES = 20
SAMPLE_ENTERPRISES = 20_000
NUMPY_POLICIES = 40
REMATCH_EDITS = 300
TODAY = dt.date(2026, 3, 2)
FULL_GOAL_S = 3.0
REMATCH_GOAL_MS = 5.0

# GB/T 4754-2017 sections: (letter, first division, last division, share of enterprises in %).
SECTIONS = (
    ("A", 1, 5, 3),
    ("B", 6, 12, 1),
    ("C", 13, 43, 34),
    ("D", 44, 46, 1),
    ("E", 47, 50, 5),
    ("F", 51, 52, 9),
    ("G", 53, 60, 2),
    ("H", 61, 62, 3),
    ("I", 63, 65, 6),
    ("J", 66, 69, 2),
    ("K", 70, 70, 1),
    ("L", 71, 72, 10),
    ("M", 73, 75, 6),
    ("N", 76, 79, 2),
    ("O", 80, 82, 3),
    ("P", 83, 83, 1),
    ("Q", 84, 85, 1),
    ("R", 86, 90, 2),
    ("S", 91, 96, 1),
    ("T", 97, 97, 5),
)
SCALES = (("micro", 55), ("small", 30), ("medium", 12), ("large", 3))
STAGES = (("operation", 60), ("founding", 12), ("construction", 10), ("upgrading", 15), ("deregistration", 3))
PARKS = 30
TOWNS = 200
TAGS = 60


def setup_django() -> str:
    sys.path.insert(0, str(REPO / "src"))
    data_dir = tempfile.mkdtemp(prefix="qifu-bench-policies-")
    # Forced, not defaulted: `make bench` exports QIFU_DATA_DIR=var, and this script must never write its
    # match sets into the demo database.
    os.environ["QIFU_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.pop("DEBUG", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "qifu.settings")
    os.environ.setdefault("QIFU_INSECURE_DEV_KEY", "1")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    return data_dir


def fail(message: str) -> None:
    print(f"FAIL {message}")
    sys.exit(1)


def skewed(rng: np.random.Generator, n: int, k: int, power: float = 1.0) -> np.ndarray:
    """n draws from 0..k-1, value i with weight 1 / (i + 1) ** power."""
    weights = 1.0 / np.arange(1, k + 1) ** power
    return rng.choice(k, size=n, p=weights / weights.sum())


# ---------------------------------------------------------------- data


def industry_catalogue(rng: np.random.Generator) -> tuple[list[str], np.ndarray]:
    """A few hundred class codes and their shares: sections by SECTIONS, classes within a section skewed."""
    codes, shares = [], []
    for letter, first, last, share in SECTIONS:
        count = 250 if letter == "C" else 4 * (last - first + 1)
        divisions = rng.integers(first, last + 1, size=count)
        classes = sorted({f"{letter}{d:02d}{rng.integers(10, 100):02d}" for d in divisions})
        weights = 1.0 / np.arange(1, len(classes) + 1) ** 0.8
        rng.shuffle(weights)
        codes += classes
        shares += list(share * weights / weights.sum())
    shares_array = np.array(shares)
    return codes, shares_array / shares_array.sum()


def enterprises(rng: np.random.Generator) -> dict:
    """The columns of ENTERPRISES enterprises as EnterpriseColumns.from_arrays takes them."""
    n = ENTERPRISES
    ids = np.sort(rng.choice(int(n * 1.03), size=n, replace=False)) + 1
    codes, shares = industry_catalogue(rng)
    industry = np.array(codes)[rng.choice(len(codes), size=n, p=shares)]
    scale_names, scale_weights = zip(*SCALES, strict=True)
    scale_index = rng.choice(len(SCALES), size=n, p=np.array(scale_weights) / sum(scale_weights))
    stage_names, stage_weights = zip(*STAGES, strict=True)
    stage = np.array(stage_names)[rng.choice(len(STAGES), size=n, p=np.array(stage_weights) / sum(stage_weights))]
    park = np.where(rng.random(n) < 0.4, skewed(rng, n, PARKS) + 1, -1)
    town = np.where(rng.random(n) < 0.05, -1, skewed(rng, n, TOWNS, 0.7) + 1)
    # Tags: 0-4 each, popular ones (小微企业, 纳税信用A级…) far more common than the rest.
    per = rng.choice(5, size=n, p=[0.35, 0.30, 0.20, 0.10, 0.05])
    owner = np.repeat(ids, per)
    tag = skewed(rng, len(owner), TAGS, 0.9) + 1
    pairs = np.unique(owner * 1000 + tag)  # one tag once per enterprise
    age_days = np.minimum(rng.exponential(8 * 365, n), 40 * 365).astype(np.int64)
    established = np.where(rng.random(n) < 0.10, -1, TODAY.toordinal() - age_days)
    typical = np.array([5, 30, 150, 800])[scale_index]  # employees by scale: micro, small, medium, large
    employees = np.round(typical * rng.lognormal(0, 0.6, n))
    employees[rng.random(n) < 0.20] = np.nan
    revenue = np.round(typical * 40 * rng.lognormal(0, 0.9, n), 2)  # 万元
    revenue[rng.random(n) < 0.35] = np.nan
    return {
        "ids": ids,
        "industry_codes": industry,
        "scales": np.array(scale_names)[scale_index],
        "lifecycle_stages": stage,
        "park_ids": park,
        "town_ids": town,
        "tag_pairs": (pairs // 1000, pairs % 1000),
        "established_on": established,
        "employees": employees,
        "revenue": revenue,
    }


KINDS = ("industries", "scales", "parks", "towns", "stages", "tags_all", "tags_any", "years", "employees", "revenue")
BROAD_KINDS = ("industries", "scales", "stages", "towns", "years", "employees")


def criterion(rng: random.Random, kind: str, breadth: str, codes: list[str]) -> dict:
    """The Criteria fields of one criterion of the given kind, broad, typical or narrow."""
    if kind == "industries":
        if breadth == "broad":
            return {"industries": ("C",)}
        if breadth == "typical":  # a few manufacturing divisions, sometimes a whole section as well
            divisions = sorted({c[:3] for c in codes if c[0] == "C"})
            sections = rng.sample(sorted({c[0] for c in codes}), rng.randint(0, 1))
            return {"industries": (*rng.sample(divisions, rng.randint(1, 4)), *sections)}
        groups = sorted({c[:4] for c in codes if c[0] == "C"})
        return {"industries": (*rng.sample(groups, rng.randint(1, 3)), rng.choice(codes))}
    if kind == "scales":
        if breadth == "broad":
            return {"scales": ("small", "micro")}
        return {"scales": tuple(rng.sample(["small", "medium", "large", "micro"], rng.randint(1, 2)))}
    if kind == "parks":
        count = rng.randint(1, 3) if breadth == "narrow" else rng.randint(3, 12)
        return {"park_ids": tuple(rng.sample(range(1, PARKS + 1), count))}
    if kind == "towns":
        count = {"broad": 120, "typical": rng.randint(10, 60)}.get(breadth, rng.randint(1, 12))
        return {"town_ids": tuple(rng.sample(range(1, TOWNS + 1), count))}
    if kind == "stages":
        if breadth == "broad":
            return {"lifecycle_stages": ("operation", "upgrading")}
        return {"lifecycle_stages": tuple(rng.sample([s for s, _ in STAGES], rng.randint(1, 2)))}
    if kind == "tags_all":  # among the 24 most common tags
        return {"tags_all": tuple(rng.sample(range(1, 25), rng.randint(1, 2 if breadth == "typical" else 3)))}
    if kind == "tags_any":
        return {"tags_any": tuple(rng.sample(range(1, TAGS + 1), rng.randint(1, 4)))}
    if kind == "years":
        return rng.choice(
            [
                {"max_years": rng.choice([3, 5, 10, 20])},
                {"min_years": rng.choice([1, 2, 3, 5])},
                {"min_years": rng.choice([1, 2]), "max_years": rng.choice([5, 8, 10])},
            ]
        )
    if kind == "employees":
        return rng.choice(
            [
                {"min_employees": rng.choice([10, 20, 50])},
                {"max_employees": rng.choice([100, 300, 1000])},
                {"min_employees": rng.choice([5, 10, 20]), "max_employees": rng.choice([100, 200, 500])},
            ]
        )
    return rng.choice(
        [
            {"min_revenue": rng.choice([100, 500, 2000.5])},
            {"max_revenue": rng.choice([2000, 4000, 10000])},
            {"min_revenue": rng.choice([50, 300]), "max_revenue": rng.choice([5000, 20000])},
        ]
    )


def policies(rng: random.Random, codes: list[str]) -> list:
    """POLICIES (id, Criteria): 3 without criteria, then 15% broad (1-2 criteria), 55% typical (3-5) and 30%
    narrow (4-7), shuffled so that every batch of 64 mixes them."""
    from qifu.policies.matching import Criteria

    out = [(i + 1, Criteria()) for i in range(3)]
    while len(out) < POLICIES:
        roll = rng.random()
        if roll < 0.15:
            breadth, kinds = "broad", rng.sample(BROAD_KINDS, rng.randint(1, 2))
        elif roll < 0.70:
            breadth, kinds = "typical", rng.sample(KINDS, rng.randint(3, 5))
        else:
            breadth, kinds = "narrow", rng.sample(KINDS, rng.randint(4, 7))
        fields: dict = {}
        for kind in kinds:
            fields.update(criterion(rng, kind, breadth, codes))
        out.append((len(out) + 1, Criteria(**fields)))
    rng.shuffle(out)
    return [(i + 1, c) for i, (_, c) in enumerate(out)]


def facts_at(data: dict, row: int):
    from qifu.policies.matching import Facts

    eid = int(data["ids"][row])
    lo, hi = np.searchsorted(data["tag_pairs"][0], [eid, eid + 1])
    established = int(data["established_on"][row])
    employees, revenue = data["employees"][row], data["revenue"][row]
    return Facts(
        enterprise_id=eid,
        industry_code=str(data["industry_codes"][row]),
        scale=str(data["scales"][row]),
        park_id=None if data["park_ids"][row] < 0 else int(data["park_ids"][row]),
        town_id=None if data["town_ids"][row] < 0 else int(data["town_ids"][row]),
        lifecycle_stage=str(data["lifecycle_stages"][row]),
        tag_ids=frozenset(int(t) for t in data["tag_pairs"][1][lo:hi]),
        established_on=None if established < 0 else dt.date.fromordinal(established),
        employees=None if np.isnan(employees) else int(employees),
        annual_revenue=None if np.isnan(revenue) else float(revenue),
    )


# ---------------------------------------------------------------- the full match


def fixture_policies(count: int) -> None:
    """The Policy rows the match sets belong to (ids 1..count)."""
    from django.contrib.auth import get_user_model

    from qifu.orgs.models import Department
    from qifu.policies.models import Policy

    department = Department.objects.create(code="GXJ", name="工业和信息化局")
    clerk = get_user_model().objects.create_user(username="bench-clerk", password=None, role="admin")
    Policy.objects.bulk_create(
        Policy(
            id=i,
            title=f"惠企政策{i}",
            department=department,
            effective_from=TODAY,
            summary="基准测试政策",
            created_by=clerk,
        )
        for i in range(1, count + 1)
    )


def full_match(policy_list: list, columns) -> tuple[dict, dict]:
    """match_all (its sets come encoded as encode_ids does) and the PolicyMatchSet rows written: (times, sets)."""
    from django.db import transaction
    from django.utils import timezone

    from qifu.policies.matching import match_all
    from qifu.policies.models import PolicyMatchSet

    times = {}
    started = time.perf_counter()
    sets = match_all(policy_list, columns, TODAY)
    times["match_all"] = time.perf_counter() - started
    now = timezone.now()
    with transaction.atomic():
        PolicyMatchSet.objects.all().delete()
        PolicyMatchSet.objects.bulk_create(
            PolicyMatchSet(
                policy_id=pid,
                computed_at=now,
                fit_count=match.fit_count,
                maybe_count=match.maybe_count,
                fit=match.fit_blob,
                maybe=match.maybe_blob,
            )
            for pid, match in sets.items()
        )
    times["total"] = time.perf_counter() - started
    times["write"] = times["total"] - times["match_all"]
    return times, sets


def numpy_filter(policy, data: dict, prepared: dict) -> tuple[np.ndarray, np.ndarray]:
    """A plain per-policy filter: one boolean mask per criterion over all enterprises (fits, may fit)."""
    from qifu.policies.matching import years_bounds

    ok = np.ones(ENTERPRISES, np.bool_)
    unknown = np.zeros(ENTERPRISES, np.bool_)
    if policy.industries:
        accepted = np.zeros(len(prepared["codes"]), np.bool_)
        for prefix in policy.industries:
            accepted |= np.char.startswith(prepared["codes"], prefix)
        ok &= accepted[prepared["industry"]]
    for codes, names, allowed in (
        (prepared["scale"], prepared["scales"], policy.scales),
        (prepared["stage"], prepared["stages"], policy.lifecycle_stages),
    ):
        if allowed:
            ok &= np.isin(codes, [names.index(a) for a in allowed if a in names])
    if policy.park_ids:
        ok &= np.isin(data["park_ids"], policy.park_ids)
    if policy.town_ids:
        ok &= np.isin(data["town_ids"], policy.town_ids) | (data["town_ids"] < 0)
        unknown |= data["town_ids"] < 0
    if policy.tags_all:
        need = sum(1 << t for t in policy.tags_all)
        ok &= (prepared["tag_bits"] & need) == need
    if policy.tags_any:
        ok &= (prepared["tag_bits"] & sum(1 << t for t in policy.tags_any)) != 0
    earliest, latest = years_bounds(policy, TODAY)
    for values, low, high in (
        (prepared["established"], earliest, latest),
        (data["employees"], policy.min_employees, policy.max_employees),
        (data["revenue"], policy.min_revenue, policy.max_revenue),
    ):
        if low is None and high is None:
            continue
        missing = np.isnan(values)
        unknown |= missing
        inside = ~missing if low is None else values >= low
        if high is not None:
            inside &= values <= high
        ok &= inside | missing
    ids = data["ids"]
    return ids[ok & ~unknown], ids[ok & unknown]


# ---------------------------------------------------------------- the re-match


def edited(rng: random.Random, facts):
    """The same enterprise after a typical edit: headcount, revenue, scale, stage, tags or town."""
    from dataclasses import replace

    kind = rng.choice(["employees", "revenue", "scale", "stage", "tags", "town"])
    if kind == "employees":
        return replace(facts, employees=None if facts.employees is None else facts.employees * 2 + 10)
    if kind == "revenue":
        return replace(facts, annual_revenue=rng.choice([None, 150.0, 800.0, 5000.0]))
    if kind == "scale":
        return replace(facts, scale=rng.choice([s for s, _ in SCALES]))
    if kind == "stage":
        return replace(facts, lifecycle_stage=rng.choice([s for s, _ in STAGES]))
    if kind == "tags":
        return replace(facts, tag_ids=facts.tag_ids ^ {rng.randint(1, TAGS)})
    return replace(facts, town_id=rng.choice([None, rng.randint(1, TOWNS)]))


def main() -> None:
    t0 = time.perf_counter()
    data_dir = setup_django()
    try:
        run(t0, data_dir)
    finally:
        from django.db import connections

        connections.close_all()
        shutil.rmtree(data_dir, ignore_errors=True)


def run(t0: float, data_dir: str) -> None:
    from qifu.policies.matching import CompiledPolicies, EnterpriseColumns, Verdict, decode_ids, encode_ids, explain
    from qifu.policies.models import PolicyMatchSet

    print(f"database: {data_dir}/qifu.sqlite3 (SQLite, migrated; removed afterwards)")
    np_rng, rng = np.random.default_rng(SEED), random.Random(SEED)
    started = time.perf_counter()
    data = enterprises(np_rng)
    distinct_codes = sorted(set(data["industry_codes"].tolist()))
    policy_list = policies(rng, distinct_codes)
    print(
        f"data     {ENTERPRISES:,} enterprises ({len(distinct_codes)} industry codes, {len(data['tag_pairs'][0]):,} "
        f"tags), {POLICIES:,} policies, generated in {time.perf_counter() - started:.1f} s"
    )
    lists = {
        "industry_codes": data["industry_codes"].tolist(),  # what values_list gives: Python strings
        "scales": data["scales"].tolist(),
        "lifecycle_stages": data["lifecycle_stages"].tolist(),
    }
    started = time.perf_counter()
    columns = EnterpriseColumns.from_arrays(**{**data, **lists})
    snapshot_s = time.perf_counter() - started
    print(f"snapshot EnterpriseColumns.from_arrays {snapshot_s:.2f} s (once per run, like loading; not in the figures)")
    fixture_policies(POLICIES)
    universe_max = int(data["ids"][-1])

    runs = []
    for _ in range(ROUNDS):
        gc.collect()
        times, sets = full_match(policy_list, columns)
        runs.append(times)
        print(
            f"full     match_all (encoded sets) {times['match_all']:.2f} s + "
            f"PolicyMatchSet bulk_create {times['write']:.2f} s = {times['total']:.2f} s"
        )
    full_s = min(t["total"] for t in runs)
    fit_total = sum(s.fit_count for s in sets.values())
    maybe_total = sum(s.maybe_count for s in sets.values())
    stored = sum(len(s.fit_blob) + len(s.maybe_blob) for s in sets.values())
    dense = sum((s.fit_blob[0] == 0) + (s.maybe_blob[0] == 0) for s in sets.values())
    counts = sorted(s.fit_count + s.maybe_count for s in sets.values())
    quartiles = ", ".join(f"{counts[len(counts) * q // 4]:,}" for q in (1, 2, 3))
    print(
        f"sets     {fit_total:,} fit + {maybe_total:,} may-fit pairs; per policy fit+maybe quartiles {quartiles}, "
        f"max {counts[-1]:,}; stored {stored / 1e6:.1f} MB ({dense} of {2 * POLICIES} sets as bitsets), "
        f"{PolicyMatchSet.objects.count():,} rows"
    )
    for pid, _ in policy_list[:40]:
        row, match = PolicyMatchSet.objects.get(policy_id=pid), sets[pid]
        if not (
            bytes(row.fit) == encode_ids(match.fit, universe_max)
            and bytes(row.maybe) == encode_ids(match.maybe, universe_max)
            and np.array_equal(decode_ids(bytes(row.fit)), match.fit)
            and row.maybe_count == len(match.maybe)
        ):
            fail(f"the stored match set of policy {pid} differs from encode_ids of match_all's ids")

    # The naive way on a sample, and every sampled verdict checked.
    sample_policies = rng.sample(policy_list, SAMPLE_POLICIES)
    rows = sorted(rng.sample(range(ENTERPRISES), SAMPLE_ENTERPRISES))
    sample_facts = [facts_at(data, r) for r in rows]
    started = time.perf_counter()
    naive = [[explain(c, f, TODAY).verdict for f in sample_facts] for _, c in sample_policies]
    naive_s = time.perf_counter() - started
    scale_up = (POLICIES * ENTERPRISES) / (SAMPLE_POLICIES * SAMPLE_ENTERPRISES)
    naive_scaled = naive_s * scale_up
    for (pid, _), verdicts in zip(sample_policies, naive, strict=True):
        fit, maybe = set(sets[pid].fit.tolist()), set(sets[pid].maybe.tolist())
        for f, verdict in zip(sample_facts, verdicts, strict=True):
            fast = (
                Verdict.FITS if f.enterprise_id in fit else Verdict.MAY_FIT if f.enterprise_id in maybe else Verdict.NO
            )
            if fast != verdict:
                fail(f"policy {pid}, enterprise {f.enterprise_id}: match_all {fast}, explain {verdict}")
    print(
        f"naive    explain per pair: {SAMPLE_POLICIES} x {SAMPLE_ENTERPRISES:,} in {naive_s:.2f} s -> "
        f"{naive_scaled:,.0f} s scaled to {POLICIES:,} x {ENTERPRISES:,}; "
        f"all {len(rows) * SAMPLE_POLICIES:,} verdicts agree"
    )

    # A plain per-policy numpy filter, for comparison.
    codes = np.array(distinct_codes)
    tag_bits = np.zeros(ENTERPRISES, np.uint64)
    owner_rows = np.searchsorted(data["ids"], data["tag_pairs"][0])
    np.bitwise_or.at(tag_bits, owner_rows, np.left_shift(np.uint64(1), data["tag_pairs"][1].astype(np.uint64)))
    established = data["established_on"].astype(np.float64)
    established[established < 0] = np.nan
    scales, scale_codes = np.unique(data["scales"], return_inverse=True)
    stages, stage_codes = np.unique(data["lifecycle_stages"], return_inverse=True)
    prepared = {  # the string columns as small integer codes, as a careful filter would have them
        "codes": codes,
        "industry": np.searchsorted(codes, data["industry_codes"]),
        "scales": scales.tolist(),
        "scale": scale_codes,
        "stages": stages.tolist(),
        "stage": stage_codes,
        "tag_bits": tag_bits,
        "established": established,
    }
    sample = rng.sample(policy_list, NUMPY_POLICIES)
    started = time.perf_counter()
    filtered = [numpy_filter(c, data, prepared) for _, c in sample]
    numpy_s = (time.perf_counter() - started) * POLICIES / NUMPY_POLICIES
    for (pid, _), (fit, maybe) in zip(sample, filtered, strict=True):
        if not (np.array_equal(fit, sets[pid].fit) and np.array_equal(maybe, sets[pid].maybe)):
            fail(f"policy {pid}: the numpy filter and match_all disagree")
    print(
        f"numpy    per-policy filter: {numpy_s / POLICIES * 1e3:.1f} ms per policy -> {numpy_s:.1f} s for {POLICIES:,} "
        f"(timed on {NUMPY_POLICIES}, without encoding or writing); same sets as match_all"
    )

    # The re-match after one enterprise edit.
    started = time.perf_counter()
    compiled = CompiledPolicies.compile(policy_list, TODAY)
    compile_ms = (time.perf_counter() - started) * 1e3
    edits = []
    for row in rng.sample(range(ENTERPRISES), REMATCH_EDITS):
        before = facts_at(data, row)
        edits.append((before, edited(rng, before)))
    fast_ms, slow_ms, changed = [], [], 0
    for before, after in edits:
        started = time.perf_counter()
        changes = compiled.changes(before, after)
        fast_ms.append((time.perf_counter() - started) * 1e3)
        changed += len(changes)
    for before, after in edits[:30]:
        started = time.perf_counter()
        old = {pid: explain(c, before, TODAY).verdict for pid, c in policy_list}
        new = {pid: explain(c, after, TODAY).verdict for pid, c in policy_list}
        slow = {pid: (old[pid], new[pid]) for pid in old if old[pid] != new[pid]}
        slow_ms.append((time.perf_counter() - started) * 1e3)
        if slow != compiled.changes(before, after) or compiled.verdicts(after) != new:
            fail(f"enterprise {before.enterprise_id}: CompiledPolicies and explain disagree")
    rematch_ms, explain_ms = statistics.median(fast_ms), statistics.median(slow_ms)
    print(
        f"rematch  CompiledPolicies.changes over {POLICIES:,} policies: median {rematch_ms:.3f} ms, "
        f"max {max(fast_ms):.2f} ms ({REMATCH_EDITS} edits, {changed / REMATCH_EDITS:.1f} verdicts changed per "
        f"edit; compiled once in {compile_ms:.0f} ms); explain for both states: median {explain_ms:.1f} ms; "
        f"agree on {len(slow_ms)} edits"
    )

    product_ms = product_rematch(policy_list, edits)
    load_from_db(data)

    ratio = full_s / naive_scaled
    met = full_s <= FULL_GOAL_S and rematch_ms <= REMATCH_GOAL_MS and product_ms <= REMATCH_GOAL_MS
    print(
        f"goals    full match <= {FULL_GOAL_S:.0f} s (best of {ROUNDS}: {full_s:.2f} s; "
        f"{full_s + snapshot_s:.2f} s with building the snapshot), "
        f"re-match <= {REMATCH_GOAL_MS:.0f} ms (matcher {rematch_ms:.3f} ms, product path {product_ms:.2f} ms): "
        f"{'met' if met else 'MISSED'}"
    )
    print(f"time     {time.perf_counter() - t0:.1f} s total")
    print(f"RESULT policy_rematch median_ms={product_ms:.3f} ratio={product_ms / explain_ms:.5f}")
    print(f"RESULT policy_matching full_match_s={full_s:.2f} ratio={ratio:.6f}")


# ---------------------------------------------------------------- loading the snapshot from the database

LOAD_ROWS = 100_000


def load_from_db(data: dict) -> None:
    """What the product spends before a full match: selectors.enterprise_columns() reading LOAD_ROWS enterprise
    rows and their tags from SQLite (written raw, untimed) into the snapshot; printed, scaled to 1,000,000."""
    from django.db import connection

    from qifu.enterprises.models import Enterprise
    from qifu.policies import selectors

    rows = []
    for i in range(LOAD_ROWS):
        eid = 2_000_000 + i  # clear of the re-match's rows
        established = int(data["established_on"][i])
        employees, revenue = data["employees"][i], data["revenue"][i]
        rows.append(
            (
                eid,
                f"L{eid:017d}",
                f"企业{eid}",
                str(data["industry_codes"][i]),
                str(data["scales"][i]),
                None if data["park_ids"][i] < 0 else int(data["park_ids"][i]),
                None if data["town_ids"][i] < 0 else int(data["town_ids"][i]),
                str(data["lifecycle_stages"][i]),
                None if established < 0 else dt.date.fromordinal(established).isoformat(),
                None if np.isnan(employees) else int(employees),
                None if np.isnan(revenue) else float(revenue),
            )
        )
    tags = [(2_000_000 + i, int(t)) for i in range(LOAD_ROWS) for t in facts_at(data, i).tag_ids]
    table, through = Enterprise._meta.db_table, Enterprise.tags.through._meta.db_table
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {table} (id, uscc, name, industry_code, scale, park_id, town_id, lifecycle_stage, "
            "established_on, employees, annual_revenue, legal_representative, contact_name, contact_phone, "
            "contact_email, address, credit_restricted, version, created_at, updated_at) VALUES "
            "(%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', '', '', '', '', 0, 1, '2026-01-01', '2026-01-01')",
            rows,
        )
        cursor.executemany(f"INSERT INTO {through} (enterprise_id, tag_id) VALUES (%s, %s)", tags)
    total = Enterprise.objects.count()
    started = time.perf_counter()
    columns = selectors.enterprise_columns()
    load_s = time.perf_counter() - started
    if len(columns) != total:
        fail("enterprise_columns lost rows")
    print(
        f"load     selectors.enterprise_columns() over {total:,} enterprises in SQLite: {load_s:.2f} s "
        f"(about {load_s * ENTERPRISES / total:.0f} s for {ENTERPRISES:,}; before a full match, not in its figure)"
    )


# ---------------------------------------------------------------- the product's re-match


def stored_criteria(criteria) -> dict:
    """A Criteria as the Policy row stores it (policies.criteria.clean_criteria's form)."""
    import dataclasses

    out = {}
    for key, value in dataclasses.asdict(criteria).items():
        if value in (None, ()):
            continue
        out[key] = list(value) if isinstance(value, tuple) else (str(value) if key.endswith("revenue") else value)
    return out


def product_rematch(policy_list: list, edits: list) -> float:
    """qifu.policies.services.rematch_enterprise after each edit, as the product runs it once an enterprise's
    change commits: read the enterprise's facts (2 queries), check the compiled policies are current (2 queries;
    compiled once, untimed warm-up), diff old and new verdicts, upsert the PolicyMatchChange rows. The edited
    enterprises are real Enterprise rows (with their parks, towns and tags) and the 1,000 Policy rows carry the
    criteria; each edit is written to the row first (untimed). Returns the median in ms; the rows written must
    equal the matcher's own diff."""
    from django.utils import timezone

    from qifu.enterprises.models import Enterprise, Tag
    from qifu.orgs.models import Park, Town
    from qifu.policies import services
    from qifu.policies.matching import CompiledPolicies
    from qifu.policies.models import Policy, PolicyMatchChange

    Park.objects.bulk_create(Park(id=i, code=f"P{i}", name=f"园区{i}") for i in range(1, PARKS + 1))
    Town.objects.bulk_create(Town(id=i, code=f"T{i}", name=f"镇街{i}") for i in range(1, TOWNS + 1))
    Tag.objects.all().delete()  # the reference tags of the migrations; the bench's tags are 1..TAGS
    Tag.objects.bulk_create(Tag(id=i, name=f"标签{i}") for i in range(1, TAGS + 1))
    for pid, criteria in policy_list:
        Policy.objects.filter(pk=pid).update(
            status="published", published_at=timezone.now(), criteria=stored_criteria(criteria)
        )

    def fields(f) -> dict:
        return {
            "industry_code": f.industry_code,
            "scale": f.scale,
            "park_id": f.park_id,
            "town_id": f.town_id,
            "lifecycle_stage": f.lifecycle_stage,
            "established_on": f.established_on,
            "employees": f.employees,
            "annual_revenue": f.annual_revenue,
        }

    Enterprise.objects.bulk_create(
        Enterprise(id=b.enterprise_id, uscc=f"B{b.enterprise_id:017d}", name=f"企业{b.enterprise_id}", **fields(b))
        for b, _ in edits
    )
    through = Enterprise.tags.through
    through.objects.bulk_create(through(enterprise_id=b.enterprise_id, tag_id=t) for b, _ in edits for t in b.tag_ids)
    expected = CompiledPolicies.compile(policy_list, timezone.localdate())
    services.compiled_policies()  # warm-up: compiled once per process, then only checked
    times, rows = [], 0
    for before, after in edits:
        Enterprise.objects.filter(pk=after.enterprise_id).update(**fields(after))
        through.objects.filter(enterprise_id=after.enterprise_id).delete()
        through.objects.bulk_create(through(enterprise_id=after.enterprise_id, tag_id=t) for t in after.tag_ids)
        started = time.perf_counter()
        written = services.rematch_enterprise(after.enterprise_id, before)
        times.append((time.perf_counter() - started) * 1e3)
        if written != len(expected.changes(before, after)):
            fail(
                f"enterprise {after.enterprise_id}: rematch_enterprise wrote {written} rows, the matcher says otherwise"
            )
        rows += written
    if PolicyMatchChange.objects.count() > rows:
        fail("more change rows than changes")
    median = statistics.median(times)
    print(
        f"product  services.rematch_enterprise (facts from SQLite, compiled-policies check, diff, upsert of "
        f"{rows / len(edits):.1f} rows per edit): median {median:.2f} ms, max {max(times):.1f} ms "
        f"over {len(edits)} edits"
    )
    return median


if __name__ == "__main__":
    main()
