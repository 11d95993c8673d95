"""The milestone workflow written out by hand, and the one reminder to the specialist of a late milestone."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from qifu.core.errors import Conflict
from qifu.core.models import Notification, TimelineEvent
from qifu.core.periodic import periodic_jobs
from qifu.projects import services
from qifu.projects.transitions import WORKFLOW
from tests.conftest import Cast
from tests.projects.helpers import make_project

pytestmark = pytest.mark.django_db

TABLE = {("planned", "done"): "done"}
SIDE = {"remind": ("planned",)}
# Who may complete a milestone of the cast's project (market department, specialist `officer`).
WHO_DONE = {"admin", "dispatcher", "service_officer", "department_handler", "department_head"}


def test_the_table_is_the_documented_one() -> None:
    assert dict(WORKFLOW.transitions) == TABLE
    assert dict(WORKFLOW.side_actions) == SIDE
    assert WORKFLOW.timed == ("planned",)


@pytest.mark.parametrize(
    "role",
    [
        "admin",
        "dispatcher",
        "service_officer",
        "department_handler",
        "department_head",
        "supervisor",
        "enterprise",
        "window_staff",
        "park_liaison",
    ],
)
def test_who_may_act(cast: Cast, role: str) -> None:
    project = make_project(cast)
    user = cast.by_role()[role]
    planned = project.milestones.get(name="立项用地")
    done = project.milestones.get(name="签约")
    for milestone in (planned, done):
        for action in WORKFLOW.actions:
            allowed = (milestone.status, action) in TABLE or milestone.status in SIDE.get(action, ())
            may = allowed and action == "done" and role in WHO_DONE
            assert WORKFLOW.may(user, milestone, action) == may, (milestone.status, action, role)
    assert not WORKFLOW.may(cast.other_officer, planned, "done")  # another project's specialist


def test_a_late_milestone_reminds_its_specialist_once(cast: Cast) -> None:
    project = make_project(cast)
    milestone = project.milestones.get(name="立项用地")
    assert services.remind_stalled() == {"reminded": 0}
    with time_machine.travel(milestone.due_at + dt.timedelta(seconds=1), tick=False):
        assert services.remind_stalled() == {"reminded": 1}
        assert services.remind_stalled() == {"reminded": 0}
    milestone.refresh_from_db()
    assert milestone.reminded_at is not None and milestone.status == "planned"
    notices = Notification.objects.filter(title__startswith="重点项目节点滞后")
    assert [n.recipient_id for n in notices] == [cast.officer.pk]
    assert f"/projects/{project.pk}/" == notices[0].link
    steps = TimelineEvent.objects.filter(subject_type="project_milestone", subject_id=milestone.pk, action="remind")
    assert steps.count() == 1 and steps[0].internal


def test_two_workers_never_remind_twice(cast: Cast) -> None:
    """The second worker read the milestone before the first one set `reminded_at`: its compare-and-set fails."""
    project = make_project(cast, late_days=2)
    stale = project.milestones.get(name="立项用地")
    assert services.remind_stalled() == {"reminded": 1}
    with pytest.raises(Conflict):
        WORKFLOW.act(
            stale,
            actor=None,
            action="remind",
            updates={"reminded_at": timezone.now()},
            when={"reminded_at__isnull": True},
        )
    assert Notification.objects.filter(title__startswith="重点项目节点滞后").count() == 1


def test_a_done_milestone_is_never_reminded(cast: Cast) -> None:
    project = make_project(cast, late_days=2)
    milestone = project.milestones.get(name="立项用地")
    services.milestone_done(
        actor=cast.officer, project_id=project.pk, milestone_id=milestone.pk, done_on=timezone.localdate()
    )
    assert services.remind_stalled() == {"reminded": 0}


def test_the_reminder_is_a_periodic_job() -> None:
    jobs: dict[str, Any] = {job.name: job.task for job in periodic_jobs()}
    assert jobs["projects.remind_stalled"] == "qifu.projects.services.remind_stalled"
