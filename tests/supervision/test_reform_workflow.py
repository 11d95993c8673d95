"""The reform task workflow written out by hand; deadlines of dated and long-term tasks; the late source that
supervision watches."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from qifu.core import hooks
from qifu.core.errors import Conflict
from qifu.core.models import AuditEvent, TimelineEvent
from qifu.supervision import reform_services
from qifu.supervision.reform_selectors import completion_light, report_light
from qifu.supervision.reform_transitions import WORKFLOW
from tests.conftest import Cast
from tests.supervision.reform_helpers import long_task, make_task

pytestmark = pytest.mark.django_db

TABLE = {("open", "complete"): "done"}
SIDE = {"report": ("open",), "remind": ("open",), "supervise": ("open",)}


def test_the_table_is_the_documented_one() -> None:
    assert dict(WORKFLOW.transitions) == TABLE
    assert dict(WORKFLOW.side_actions) == SIDE
    assert WORKFLOW.timed == ("open",)


@pytest.mark.parametrize(
    ("role", "may"),
    [
        ("admin", True),
        ("dispatcher", True),
        ("department_handler", True),
        ("department_head", True),
        ("supervisor", False),
        ("window_staff", False),
        ("service_officer", False),
        ("enterprise", False),
        ("outsider", False),
    ],
)
def test_who_may_report(cast: Cast, role: str, may: bool) -> None:
    task = make_task(cast)
    user = cast.by_role()[role]
    assert WORKFLOW.may(user, task, "report") is may
    assert WORKFLOW.may(user, task, "remind") is False


def test_a_dated_task_is_due_at_the_end_of_its_day_and_done_at_100(cast: Cast) -> None:
    with time_machine.travel(dt.datetime(2024, 6, 1, 9, tzinfo=dt.UTC)):
        task = make_task(cast, due_on=dt.date(2024, 6, 30))
        assert task.due_at.isoformat() == "2024-06-30T23:59:59+08:00"
        assert task.warning_at.isoformat() == "2024-06-20T00:00:00+08:00"
        assert completion_light(task) == "normal" and report_light(task) is None
        task = reform_services.reform_progress_report(actor=cast.handler, task_id=task.pk, percent=60, note="推进中")
        assert task.status == "open" and task.percent == 60
    with time_machine.travel(dt.datetime(2024, 6, 25, 9, tzinfo=dt.UTC)):
        assert completion_light(task) == "warning"
    with time_machine.travel(dt.datetime(2024, 7, 1, 9, tzinfo=dt.UTC)):
        assert completion_light(task) == "overdue"
        task = reform_services.reform_progress_report(actor=cast.head, task_id=task.pk, percent=100, note="已完成")
        assert task.status == "done" and task.done_on == dt.date(2024, 7, 1) and completion_light(task) is None
        with pytest.raises(Conflict):
            reform_services.reform_progress_report(actor=cast.head, task_id=task.pk, percent=100, note="再报")
    actions = list(TimelineEvent.objects.filter(subject_type="reform_task").values_list("action", flat=True))
    assert sorted(actions) == ["complete", "create", "report"]
    assert AuditEvent.objects.filter(action="reform_task.complete").count() == 1


def test_a_long_term_task_reports_monthly_and_turns_red_when_it_does_not(cast: Cast) -> None:
    with time_machine.travel(dt.datetime(2024, 7, 10, 9, tzinfo=dt.UTC)):
        task = long_task(cast)
        assert task.next_report_on == dt.date(2024, 7, 31) and task.due_on is None
        assert completion_light(task) is None and report_light(task) == "normal"
        task = reform_services.reform_progress_report(actor=cast.handler, task_id=task.pk, percent=100, note="本月")
        # A long-term task stays open; its next report is due by the end of the following month.
        assert task.status == "open" and task.next_report_on == dt.date(2024, 8, 31)
    with time_machine.travel(dt.datetime(2024, 9, 2, 9, tzinfo=dt.UTC)):
        assert report_light(task) == "overdue"


def test_quarterly_reporting(cast: Cast) -> None:
    with time_machine.travel(dt.datetime(2024, 5, 10, 9, tzinfo=dt.UTC)):
        task = long_task(cast, report_cycle="quarterly")
        assert task.next_report_on == dt.date(2024, 6, 30)
        task = reform_services.reform_progress_report(actor=cast.handler, task_id=task.pk, percent=30, note="一季")
        assert task.next_report_on == dt.date(2024, 9, 30)


def test_reform_tasks_are_a_late_source_for_supervision(cast: Cast) -> None:
    sources = [s for s in hooks.get_hooks(hooks.LATE_SOURCE) if s.kind == "reform_task"]
    assert len(sources) == 1
    source = sources[0]
    with time_machine.travel(dt.datetime(2024, 7, 5, 9, tzinfo=dt.UTC)):
        late = make_task(cast, number=1, due_on=dt.date(2024, 6, 30))
        make_task(cast, number=2, due_on=dt.date(2024, 12, 31))
        overdue = source.visible(cast.handler).filter(source.workflow.light_q("overdue"))
        assert [t.pk for t in overdue] == [late.pk]
        assert source.visible(cast.enterprise_user).count() == 0
        assert getattr(late, source.department) == cast.market.pk
