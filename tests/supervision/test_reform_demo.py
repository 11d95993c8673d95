"""`make demo`'s reform task list: the 37 tasks of seed 001's attachment 3 as written, on the demo district's units,
some done, some late, the long-term ones reporting monthly."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest
import time_machine

from qifu.accounts.models import User
from qifu.core.choices import Role
from qifu.orgs.demo import seed_demo_units
from qifu.orgs.models import Department
from qifu.supervision import reform_demo
from qifu.supervision.models import ReformTask
from qifu.supervision.reform_selectors import completion_light, report_light
from tests.conftest import ensure_reference_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db: Any) -> list[ReformTask]:
    ensure_reference_data()
    seed_demo_units(random.Random(1))
    User.objects.create_user(username="demo-admin", password="x", role=Role.ADMIN)
    with time_machine.travel(dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)):
        reform_demo.seed_demo(random.Random(1))
        tasks = list(ReformTask.objects.prefetch_related("lead_departments", "responsible_departments"))
        for t in tasks:
            t.light_now = completion_light(t)  # type: ignore[attr-defined]
            t.report_now = report_light(t)  # type: ignore[attr-defined]
    return tasks


def test_the_37_tasks_as_written(demo: list[ReformTask]) -> None:
    by_number = {t.number: t for t in demo}
    assert sorted(by_number) == list(range(1, 38))
    first = by_number[1]
    assert first.area == "一、建强服务载体,构建增值服务基础体系" and first.title == "建强“1+4+4”线下中心"
    assert first.content.startswith("按照“一站式”服务理念,由区营商环境和政务服务中心统筹")
    assert first.lead_units == "区政务审批局" and first.deadline_text == "6月底前"
    assert first.responsible_units == "园区服务中心、各区域化营商环境服务中心及企业服务中心"
    # Rows the table merges take the cell above: task 2 the lead and responsible units of task 1.
    assert by_number[2].lead_units == "区政务审批局" and by_number[2].deadline_text == "6月底前"
    assert by_number[14].lead_units == "区发改局(区数据局)" and by_number[14].deadline_text == "8月底前"
    assert by_number[32].lead_units == "区司法局" and by_number[32].deadline_text == "8月底前"
    assert by_number[30].content == "加强灵活就业和新就业形态劳动者权益保障服务。"
    deadlines = [t.deadline_text for t in demo]
    assert deadlines.count("6月底前") == 8 and deadlines.count("8月底前") == 11 and deadlines.count("长期坚持") == 18


def test_units_and_deadlines_on_the_demo_district(demo: list[ReformTask]) -> None:
    by_number = {t.number: t for t in demo}
    codes = {d.pk: d.code for d in Department.objects.all()}
    assert [codes[d.pk] for d in by_number[23].lead_departments.all()] == ["SJJ"]
    assert {codes[d.pk] for d in by_number[15].lead_departments.all()} == {"ZJJ", "ZRJ"}
    assert [codes[d.pk] for d in by_number[33].lead_departments.all()] == ["JWJ"]  # 区纪委监委机关, added
    assert {codes[d.pk] for d in by_number[3].lead_departments.all()} == {"JKQ", "ZDY"}  # 园区服务中心
    # The plan's "6月底前" / "8月底前" in the latest year whose June has passed (2026 on 2026-11-20).
    assert by_number[1].due_on == dt.date(2026, 6, 30) and by_number[11].due_on == dt.date(2026, 8, 31)
    assert by_number[4].long_term and by_number[4].due_on is None and by_number[4].report_cycle == "monthly"


def test_some_done_some_late_some_reporting(demo: list[ReformTask]) -> None:
    done = {t.number for t in demo if t.status == "done"}
    late = {t.number for t in demo if t.light_now == "overdue"}  # type: ignore[attr-defined]
    unreported = {t.number for t in demo if t.report_now in ("warning", "overdue")}  # type: ignore[attr-defined]
    reported = {t.number for t in demo if t.long_term and t.report_now == "normal"}  # type: ignore[attr-defined]
    assert done == reform_demo.DONE
    assert late == set(reform_demo.LATE_PERCENT)
    assert reported == reform_demo.REPORTED and unreported and not (reported & unreported)
