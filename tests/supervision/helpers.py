"""Late cases of every registered kind for supervision's tests, made through each app's own services."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from qifu.applications import services as applications
from qifu.applications.models import Application
from qifu.core.workcalendar import SHANGHAI
from qifu.demands.models import Demand
from qifu.lifecycle import services as lifecycle
from qifu.lifecycle.models import PlanTask
from qifu.lifecycle.schemas import TaskIn
from qifu.policies import services as policies
from qifu.policies.models import PolicyClaim
from qifu.projects.models import Milestone
from tests.applications.helpers import food_licence, requirement_ids
from tests.conftest import ApiClient, Cast
from tests.demands.helpers import in_state
from tests.policies.test_api import publish
from tests.projects.helpers import make_project


def at(day: str, hour: int = 10) -> Any:
    return time_machine.travel(dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI), tick=False)


def accepted_application(cast: Cast) -> Application:
    """A food licence (market department, 10 promised working days) submitted and accepted today."""
    made = food_licence(cast)
    requirements = list(requirement_ids(made).values())
    application = applications.application_submit(
        actor=cast.window, enterprise_id=cast.ent.pk, item_id=made.pk, mode="assisted", provided=requirements
    )
    return applications.application_accept(actor=cast.window, application_id=application.pk)


def claim(cast: Cast) -> PolicyClaim:
    """A claim of a market-department policy paid within 5 working days of submission."""
    policy = publish(cast, ApiClient, payment_days=5)
    return policies.claim_submit(actor=cast.enterprise_user, policy_id=policy["id"], enterprise_id=cast.ent.pk)


def plan_task(cast: Cast, due_on: dt.date) -> PlanTask:
    plan = lifecycle.plan_create(
        actor=cast.officer,
        enterprise_id=cast.ent.pk,
        stage="operation",
        goals="稳定生产经营",
        tasks=[TaskIn(title="协调用工招聘", due_on=due_on)],
    )
    return plan.tasks.get()


def one_of_each(cast: Cast) -> dict[str, Any]:
    """On 2026-11-02 (a Monday): one case of each kind, each running against a deadline in November."""
    with at("2026-11-02"):
        demand: Demand = in_state(cast, "in_progress")  # due 2026-11-16
        application = accepted_application(cast)  # handover due 11-03, decision due 11-16
        paid = claim(cast)  # due 11-09
        milestone = Milestone.objects.get(project=make_project(cast), name="立项用地")  # planned 12-02
        task = plan_task(cast, dt.date(2026, 11, 20))
    return {
        "demand": demand,
        "application": application,
        "policy_claim": paid,
        "project_milestone": milestone,
        "plan_task": task,
    }
