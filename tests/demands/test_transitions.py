"""The demand workflow, exhaustively: every (state, action) pair for every role through the API.

The expected answers come from the tables written out here by hand, never from the code under test:
allowed pairs succeed for the roles that may act; pairs the table does not allow answer 409 and change
nothing; roles that may not act answer 403 (404 when the demand is outside their scope).
"""

from __future__ import annotations

from typing import Any

import pytest

from qifu.core.models import AuditEvent, TimelineEvent
from qifu.demands.choices import DemandStatus
from qifu.demands.models import Demand
from qifu.demands.transitions import WORKFLOW
from tests.conftest import Cast
from tests.demands.helpers import in_state

pytestmark = pytest.mark.django_db

STATES = [s.value for s in DemandStatus]
# (status, action) -> next status, as DESIGN.md "Workflows" says it.
TABLE = {
    ("registered", "assign"): "assigned",
    ("assigned", "accept"): "in_progress",
    ("assigned", "return"): "registered",
    ("in_progress", "reply"): "replied",
    ("registered", "reply"): "replied",
    ("replied", "visit_satisfied"): "closed",
    ("replied", "visit_unsatisfied"): "in_progress",
    ("closed", "archive"): "archived",
    ("registered", "withdraw"): "withdrawn",
    ("assigned", "withdraw"): "withdrawn",
    ("in_progress", "withdraw"): "withdrawn",
    ("registered", "merge"): "merged",
    ("assigned", "merge"): "merged",
    ("in_progress", "merge"): "merged",
    ("replied", "merge"): "merged",
}
# Actions that record without moving: the statuses they are allowed in.
SIDE = {
    "remind": {"assigned", "in_progress"},
    "supervise": {"assigned", "in_progress"},
    "escalate": {"registered", "assigned", "in_progress"},
    "extend": {"assigned", "in_progress"},
    "decide_extension": {"assigned", "in_progress"},
    "consult": {"assigned", "in_progress"},
    "add_info": {"registered", "assigned", "in_progress", "replied"},
    "edit": {"registered", "assigned", "in_progress"},
}
CENTRE = {"admin", "dispatcher"}
LEAD = {"department_handler", "department_head"}  # the cast's demands are assigned to their department
# action -> roles that may take it (the reply of a registered demand is the centre's: a simple demand).
WHO = {
    "assign": CENTRE,
    "accept": LEAD,
    "return": LEAD,
    "reply": LEAD,
    "visit_satisfied": CENTRE | {"enterprise"},
    "visit_unsatisfied": CENTRE | {"enterprise"},
    "archive": CENTRE,
    "withdraw": CENTRE | {"enterprise"},
    "merge": CENTRE,
    "remind": CENTRE,
    "supervise": CENTRE,
    "escalate": CENTRE | {"department_head"},
    "extend": LEAD,
    "decide_extension": CENTRE | {"department_head"},
    "consult": CENTRE | LEAD,
    "add_info": {"enterprise"},
    "edit": CENTRE,
}


def _allowed(state: str, action: str) -> bool:
    return state in SIDE[action] if action in SIDE else (state, action) in TABLE


def _may(role: str, state: str, action: str) -> bool:
    if action == "reply" and state == "registered":
        return role in CENTRE
    if state == "registered" and role in LEAD:
        return False  # not yet assigned: no department leads it
    return role in WHO[action]


def test_the_tables_are_the_workflow() -> None:
    assert dict(WORKFLOW.transitions) == TABLE
    assert {a: set(s) for a, s in WORKFLOW.side_actions.items()} == SIDE
    assert set(WORKFLOW.who) == set(WHO)


# API action -> (path suffix, body). visit is one endpoint with two outcomes.
API_ACTIONS: dict[str, tuple[str, dict[str, Any]]] = {
    "assign": ("assign", {"department_id": "{market}", "complexity": "general", "days": 8}),
    "accept": ("accept", {}),
    "return": ("return", {"reason": "不属于本部门职责，应由住建部门办理"}),
    "reply": ("reply", {"content": "已办理完毕"}),
    "visit_satisfied": ("visit", {"satisfaction": "very_satisfied"}),
    "visit_unsatisfied": ("visit", {"satisfaction": "unsatisfied", "comment": "问题没有解决"}),
    "withdraw": ("withdraw", {"reason": "不需要了"}),
    "archive": ("archive", {}),
    "remind": ("remind", {"note": "请尽快办理"}),
    "supervise": ("supervise", {"note": "请部门负责人督促"}),
    "escalate": ("escalate", {"reason": "涉及多个部门，需区政府协调"}),
    "add_info": ("add-info", {"content": "补充：厂房面积5000平方米"}),
}
ROLES = [
    "admin",
    "dispatcher",
    "window_staff",
    "service_officer",
    "department_handler",
    "department_head",
    "supervisor",
    "park_liaison",
    "enterprise",
]


def _body(body: dict[str, Any], cast: Cast) -> dict[str, Any]:
    return {k: cast.market.pk if v == "{market}" else v for k, v in body.items()}


@pytest.mark.parametrize("state", STATES)
def test_every_state_action_and_role(cast: Cast, api: Any, state: str) -> None:
    clients = {role: api(cast.by_role()[role]) for role in ROLES}
    for action, (suffix, body) in API_ACTIONS.items():
        for role in ROLES:
            demand = in_state(cast, state)
            before = (demand.status, TimelineEvent.objects.count(), AuditEvent.objects.count())
            res = clients[role].post(f"/demands/{demand.pk}/{suffix}", _body(body, cast))
            visible = Demand.objects.filter(pk=demand.pk).exists() and res.status_code != 404
            if not _allowed(state, action):
                expected = {409} if visible else {404}
            elif _may(role, state, action):
                expected = {200}
            else:
                expected = {403} if visible else {404}
            assert res.status_code in expected, (state, action, role, res.status_code, res.content)
            demand.refresh_from_db()
            if res.status_code == 200:
                assert demand.status == TABLE.get((state, action), state), (state, action, role)
                assert TimelineEvent.objects.count() > before[1] and AuditEvent.objects.count() > before[2]
            else:
                assert (demand.status, TimelineEvent.objects.count(), AuditEvent.objects.count()) == before


def test_outsider_and_unrelated_department_see_nothing(cast: Cast, api: Any) -> None:
    demand = in_state(cast, "assigned")
    assert api(cast.outsider).post(f"/demands/{demand.pk}/accept", {}).status_code == 401
    from qifu.accounts.models import User

    tax_handler = User.objects.create_user(
        username="tax-handler", password="x-pass-2026", role="department_handler", department=cast.tax
    )
    assert api(tax_handler).get(f"/demands/{demand.pk}").status_code == 404
    assert api(tax_handler).post(f"/demands/{demand.pk}/accept", {}).status_code == 404
    assert api(cast.other_officer).get(f"/demands/{demand.pk}").status_code == 404
