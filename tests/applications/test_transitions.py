"""The application workflow, exhaustively: every (state, action) pair for several roles through the API, with
the expected answers taken from the tables written out by hand here, never from the code under test."""

from __future__ import annotations

from typing import Any

import pytest

from qifu.applications import services
from qifu.applications.choices import ApplicationStatus
from qifu.applications.models import Application
from qifu.applications.transitions import APPOINTMENT_WORKFLOW, WORKFLOW
from qifu.core.models import AuditEvent
from tests.applications.helpers import food_licence, requirement_ids
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

# (status, action) -> next status, typed by hand from DESIGN.md "Workflows".
TABLE: dict[tuple[str, str], str] = {
    ("submitted", "accept"): "accepted",
    ("submitted", "request_correction"): "correction_requested",
    ("submitted", "refuse"): "refused",
    ("correction_requested", "correct"): "submitted",
    ("accepted", "handover"): "in_review",
    ("in_review", "approve"): "approved",
    ("in_review", "deny"): "denied",
    ("approved", "deliver"): "delivered",
    ("denied", "deliver"): "delivered",
    ("submitted", "terminate"): "terminated",
    ("correction_requested", "terminate"): "terminated",
    ("accepted", "terminate"): "terminated",
    ("in_review", "terminate"): "terminated",
    ("approved", "terminate"): "terminated",
    ("denied", "terminate"): "terminated",
    ("accepted", "commitment_broken"): "terminated",
    ("in_review", "commitment_broken"): "terminated",
}
# Actions that record without moving, and the statuses they are allowed in.
SIDE: dict[str, tuple[str, ...]] = {
    "pause": ("in_review",),
    "resume": ("in_review",),
    "extend": ("in_review",),
    "supply_deferred": ("accepted", "in_review"),
    "deemed_accepted": ("submitted",),
}
# Which of ROLES may take each action on an application of the market department filed by cast.ent.
MAY: dict[str, set[str]] = {
    "accept": {"window_staff"},
    "request_correction": {"window_staff"},
    "refuse": {"window_staff"},
    "correct": {"window_staff", "enterprise"},
    "handover": {"window_staff"},
    "approve": {"department_handler", "department_head"},
    "deny": {"department_handler", "department_head"},
    "deliver": {"window_staff"},
    "terminate": {"window_staff", "department_head"},
    "pause": {"department_handler", "department_head"},
}
APPOINTMENT_TABLE = {
    ("booked", "cancel"): "cancelled",
    ("booked", "arrive"): "arrived",
    ("booked", "miss"): "missed",
}

ROLES = ["window_staff", "department_handler", "department_head", "enterprise", "supervisor", "dispatcher"]
# action -> (endpoint, body)
API: dict[str, tuple[str, dict[str, Any]]] = {
    "accept": ("pre_review", {"result": "accept"}),
    "request_correction": ("pre_review", {"result": "correct", "problems": "{problem}"}),
    "refuse": ("pre_review", {"result": "refuse", "reason": "不属于本中心受理范围"}),
    "correct": ("correct", {"materials": "{all}"}),
    "handover": ("handover", {}),
    "approve": ("decide", {"approved": True, "note": "同意"}),
    "deny": ("decide", {"approved": False, "note": "不符合条件"}),
    "deliver": ("deliver", {"method": "pickup", "collected_by": "陈建华"}),
    "terminate": ("terminate", {"reason_code": "a", "note": "企业申请终止"}),
    "pause": ("pause", {"reason": "专家评审"}),
}


def in_state(cast: Cast, made: Any, state: str) -> Application:
    ids = requirement_ids(made)
    application = services.application_submit(
        actor=cast.enterprise_user, item_id=made.pk, mode="self", provided=list(ids.values())
    )
    pk = application.pk
    steps: dict[str, list[Any]] = {
        "submitted": [],
        "correction_requested": [
            lambda: services.application_request_correction(
                actor=cast.window,
                application_id=pk,
                problems=[(ids["营业执照"], "复印件不清晰")],
            )
        ],
        "refused": [lambda: services.application_refuse(actor=cast.window, application_id=pk, reason="不属于受理范围")],
        "accepted": [lambda: services.application_accept(actor=cast.window, application_id=pk)],
    }
    steps["in_review"] = [
        *steps["accepted"],
        lambda: services.application_handover(actor=cast.window, application_id=pk),
    ]
    steps["approved"] = [
        *steps["in_review"],
        lambda: services.application_approve(actor=cast.handler, application_id=pk, note=""),
    ]
    steps["denied"] = [
        *steps["in_review"],
        lambda: services.application_deny(actor=cast.handler, application_id=pk, note="不符合条件"),
    ]
    steps["delivered"] = [
        *steps["approved"],
        lambda: services.application_deliver(
            actor=cast.window, application_id=pk, method="pickup", collected_by="陈建华"
        ),
    ]
    steps["terminated"] = [
        lambda: services.application_terminate(
            actor=cast.window, application_id=pk, reason_code="a", note="企业申请终止"
        )
    ]
    for step in steps[state]:
        step()
    application.refresh_from_db()
    assert application.status == state
    return application


def _body(body: dict[str, Any], made: Any) -> dict[str, Any]:
    ids = requirement_ids(made)
    out = dict(body)
    if out.get("problems") == "{problem}":
        out["problems"] = [{"requirement_id": ids["营业执照"], "problem": "复印件不清晰"}]
    if out.get("materials") == "{all}":
        out["materials"] = [{"requirement_id": i, "provided": True} for i in ids.values()]
    return out


def test_the_tables_are_those_written_here() -> None:
    assert dict(WORKFLOW.transitions) == TABLE
    assert dict(WORKFLOW.side_actions) == SIDE
    assert dict(APPOINTMENT_WORKFLOW.transitions) == APPOINTMENT_TABLE


@pytest.mark.parametrize("state", [s.value for s in ApplicationStatus])
def test_every_state_action_and_role(cast: Cast, api: Any, state: str) -> None:
    made = food_licence(cast)
    clients = {role: api(cast.by_role()[role]) for role in ROLES}
    for action, (endpoint, body) in API.items():
        for role in ROLES:
            application = in_state(cast, made, state)
            before = (application.status, AuditEvent.objects.count())
            res = clients[role].post(f"/applications/{application.pk}/{endpoint}", _body(body, made))
            if (state, action) not in TABLE and state not in SIDE.get(action, ()):
                expected = 409
            elif role in MAY[action]:
                expected = 200
            else:
                expected = 403
            assert res.status_code == expected, (state, action, role, res.status_code, res.content)
            application.refresh_from_db()
            if res.status_code == 200:
                assert application.status == TABLE.get((state, action), state)
            if res.status_code != 200:
                assert (application.status, AuditEvent.objects.count()) == before
    # who must see the case at all: the hall, its department, the enterprise, the supervisor and the centre
    application = in_state(cast, made, state)
    for role in ROLES:
        assert clients[role].get(f"/applications/{application.pk}").status_code == 200
