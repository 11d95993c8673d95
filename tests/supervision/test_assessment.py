"""The monthly department assessment: this app's measures read real figures; the scorecard combines whatever
measures are registered, with the centre's weights, ranks the departments, writes each formula out so that it can
be recomputed by hand, and exports the same figures."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from python_calamine import CalamineWorkbook

from qifu.core import hooks
from qifu.core.assessment import Fraction, Measure
from qifu.core.models import AuditEvent
from qifu.supervision import assessment, reform_services
from qifu.supervision.models import AssessmentWeight
from tests.conftest import Cast
from tests.demands.helpers import in_state
from tests.supervision.reform_helpers import long_task, make_task

pytestmark = pytest.mark.django_db


def test_this_apps_measures_are_registered() -> None:
    codes = [m.code for m in hooks.get_hooks(hooks.ASSESSMENT_MEASURE)]
    for code in ("demand_on_time", "application_on_time", "claim_on_time", "reform_progress"):
        assert codes.count(code) == 1


def test_demand_on_time_reads_the_demand_counters(cast: Cast) -> None:
    in_state(cast, "replied")
    today = dt.date.today()  # noqa: DTZ011  (the counters' day is the local day, within the month either way)
    start, end = assessment.month_bounds(today)
    assert assessment.demand_on_time(cast.market.pk, start, end) == Fraction(1, 1)
    assert assessment.demand_on_time(cast.tax.pk, start, end) == Fraction(0, 0)
    assert assessment.application_on_time(cast.market.pk, start, end) == Fraction(0, 0)
    assert assessment.claim_on_time(cast.market.pk, start, end) == Fraction(0, 0)


def test_reform_progress_counts_kept_deadlines_and_monthly_reports(cast: Cast) -> None:
    with time_machine.travel(dt.datetime(2024, 7, 1, 9, tzinfo=dt.UTC)):
        kept = make_task(cast, number=1, due_on=dt.date(2024, 7, 15))
        make_task(cast, number=2, due_on=dt.date(2024, 7, 20))  # not done: missed
        make_task(cast, number=3, due_on=dt.date(2024, 8, 31))  # due next month: not counted in July
        reported = long_task(cast, number=4)
        long_task(cast, number=5)  # no July report
        make_task(cast, number=6, due_on=dt.date(2024, 7, 5), lead_department_ids=[cast.tax.pk])  # another unit's
    with time_machine.travel(dt.datetime(2024, 7, 10, 9, tzinfo=dt.UTC)):
        reform_services.reform_progress_report(actor=cast.handler, task_id=kept.pk, percent=100, note="完成")
        reform_services.reform_progress_report(actor=cast.handler, task_id=reported.pk, percent=50, note="七月")
    july = (dt.date(2024, 7, 1), dt.date(2024, 8, 1))
    assert assessment.reform_progress(cast.market.pk, *july) == Fraction(2, 4)
    assert assessment.reform_progress(cast.tax.pk, *july) == Fraction(0, 1)


FIGURES = {
    "m_higher": {"SJJ": (18, 20), "SWJ": (0, 0)},
    "m_lower": {"SJJ": (2, 40), "SWJ": (1, 10)},
}


@pytest.fixture
def two_measures(cast: Cast, monkeypatch: Any) -> list[Measure]:
    """Two registered-looking measures with fixed figures: one where higher is better, one where lower is."""
    codes = {cast.market.pk: "SJJ", cast.tax.pk: "SWJ"}

    def figure(code: str) -> Any:
        return lambda department_id, start, end: Fraction(*FIGURES[code].get(codes.get(department_id, ""), (0, 0)))

    fake = [
        Measure("m_higher", "按时办结率", 30, figure("m_higher")),
        Measure("m_lower", "督办件占比", 10, figure("m_lower"), higher_is_better=False),
    ]
    monkeypatch.setattr(assessment, "measures", lambda: fake)
    return fake


def test_scores_can_be_recomputed_by_hand(cast: Cast, two_measures: list[Measure]) -> None:
    cards = {c.department.code: c for c in assessment.scorecards(dt.date(2024, 7, 1))}
    assert "ZSJ" not in cards  # the centre assesses, it is not assessed
    market, tax = cards["SJJ"], cards["SWJ"]
    # (30 × 18/20 + 10 × (1 − 2/40)) ÷ (30 + 10) × 100 = (27 + 9.5) ÷ 40 × 100
    assert market.score == Decimal("91.25") and market.rank == 1
    assert market.formula == "(30.0×18/20 + 10.0×(1−2/40)) ÷ (30.0 + 10.0) × 100 = 91.25"
    # No data for the first measure: only the second counts, 10 × (1 − 1/10) ÷ 10 × 100.
    assert tax.score == Decimal("90.00") and tax.rank == 2
    assert tax.formula == "(10.0×(1−1/10)) ÷ (10.0) × 100 = 90.00"


def test_the_page_shows_the_figures_and_formula(cast: Cast, two_measures: list[Measure], page_client: Any) -> None:
    html = page_client(cast.head).get("/supervision/assessment/", {"month": "2024-07"}).content.decode()
    assert "2024年7月记分卡" in html and "18/20" in html and "2/40" in html and "无数据" in html
    assert "(30.0×18/20 + 10.0×(1−2/40)) ÷ (30.0 + 10.0) × 100 = 91.25" in html
    assert "得分 = Σ（权重 × 比率）÷ Σ 权重 × 100" in html
    assert 'id="edit-weights"' not in html  # the head sees, the centre weighs
    export = page_client(cast.head).get("/supervision/assessment/export.xlsx", {"month": "2024-07"})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0).to_python()
    assert rows[0][:5] == ["名次", "部门", "按时办结率（分子）", "按时办结率（分母）", "按时办结率（权重）"]
    first = rows[1]
    assert first[1] == cast.market.name and first[2:8] == [18, 20, 30, 2, 40, 10] and first[8] == 91.25


def test_the_centre_sets_the_weights(cast: Cast, two_measures: list[Measure], page_client: Any) -> None:
    client = page_client(cast.dispatcher)
    res = client.post("/supervision/assessment/weights/", {"m_higher": "abc", "m_lower": "101"})
    html = res.content.decode()
    assert res.status_code == 200 and 'data-error="m_higher"' in html and 'data-error="m_lower"' in html
    assert not AssessmentWeight.objects.exists()
    res = client.post("/supervision/assessment/weights/", {"m_higher": "0", "m_lower": "0"})
    assert "至少一项" in res.content.decode()
    res = client.post("/supervision/assessment/weights/", {"m_higher": "10", "m_lower": "30"})
    assert res.status_code == 302
    assert assessment.weights() == {"m_higher": Decimal("10.0"), "m_lower": Decimal("30.0")}
    assert AuditEvent.objects.filter(action="assessment.weights").count() == 1
    market = next(c for c in assessment.scorecards(dt.date(2024, 7, 1)) if c.department.code == "SJJ")
    # (10 × 0.9 + 30 × 0.95) ÷ 40 × 100 = 93.75
    assert market.score == Decimal("93.75")
    for role in ("department_head", "supervisor"):
        assert page_client(cast.by_role()[role]).get("/supervision/assessment/weights/").status_code == 403


@pytest.mark.parametrize("role", ["enterprise", "service_officer", "window_staff", "park_liaison"])
def test_the_assessment_is_not_for_others(cast: Cast, page_client: Any, role: str) -> None:
    assert page_client(cast.by_role()[role]).get("/supervision/assessment/").status_code == 403


def test_orders_only_lower_a_score_and_a_month_without_any_is_no_data(cast: Cast) -> None:
    from django.utils import timezone

    from qifu.supervision import measures
    from qifu.supervision.models import SupervisionOrder

    start, end = dt.date(2026, 11, 1), dt.date(2026, 12, 1)
    assert measures.orders_received(cast.market.pk, start, end) == Fraction(0, 0)  # no data, not a full mark
    for n in range(2):
        SupervisionOrder.objects.create(
            kind="demand",
            case_id=n + 1,
            department=cast.market,
            note="请加快办理",
            sent_by=cast.supervisor,
            sent_at=timezone.make_aware(dt.datetime(2026, 11, 10, 9, 0)),
        )
    assert measures.orders_received(cast.market.pk, start, end) == Fraction(2, 1)
    assert measures.orders_received(cast.tax.pk, start, end) == Fraction(0, 0)
