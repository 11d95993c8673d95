"""The application workflow, exhaustively: every (state, action) pair for several roles through the API."""

from __future__ import annotations

from typing import Any

import pytest

from qifu.applications import services
from qifu.applications.choices import ApplicationStatus
from qifu.applications.models import Application
from qifu.applications.transitions import TRANSITIONS, WHO, allowed
from qifu.core.models import AuditEvent
from tests.applications.helpers import food_licence, requirement_ids
from tests.conftest import Cast

pytestmark = pytest.mark.django_db

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
        actor=cast.enterprise_user,
        data={
            "item_id": made.pk,
            "mode": "self",
            "materials": [{"requirement_id": i, "provided": True} for i in ids.values()],
        },
    )
    pk = application.pk
    steps: dict[str, list[Any]] = {
        "submitted": [],
        "correction_requested": [
            lambda: services.application_pre_review(
                actor=cast.window,
                application_id=pk,
                result="correct",
                problems=[{"requirement_id": ids["营业执照"], "problem": "复印件不清晰"}],
            )
        ],
        "refused": [
            lambda: services.application_pre_review(
                actor=cast.window, application_id=pk, result="refuse", reason="不属于受理范围"
            )
        ],
        "accepted": [lambda: services.application_pre_review(actor=cast.window, application_id=pk, result="accept")],
    }
    steps["in_review"] = [
        *steps["accepted"],
        lambda: services.application_handover(actor=cast.window, application_id=pk),
    ]
    steps["approved"] = [
        *steps["in_review"],
        lambda: services.application_decide(actor=cast.handler, application_id=pk, approved=True, note=""),
    ]
    steps["denied"] = [
        *steps["in_review"],
        lambda: services.application_decide(actor=cast.handler, application_id=pk, approved=False, note="不符合条件"),
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


@pytest.mark.parametrize("state", [s.value for s in ApplicationStatus])
def test_every_state_action_and_role(cast: Cast, api: Any, state: str) -> None:
    made = food_licence(cast)
    clients = {role: api(cast.by_role()[role]) for role in ROLES}
    for action, (endpoint, body) in API.items():
        for role in ROLES:
            application = in_state(cast, made, state)
            before = (application.status, AuditEvent.objects.count())
            res = clients[role].post(f"/applications/{application.pk}/{endpoint}", _body(body, made))
            user = cast.by_role()[role]
            visible = res.status_code != 404
            if not visible:
                expected = {404}
            elif not allowed(state, action):
                expected = {409}
            elif WHO[action](user, application):
                expected = {200}
            else:
                expected = {403}
            assert res.status_code in expected, (state, action, role, res.status_code, res.content)
            application.refresh_from_db()
            if res.status_code == 200 and (state, action) in TRANSITIONS:
                assert application.status == TRANSITIONS[(state, action)]
            if res.status_code != 200:
                assert (application.status, AuditEvent.objects.count()) == before
    # who must see the case at all: the hall, its department, the enterprise, the supervisor and the centre
    application = in_state(cast, made, state)
    for role in ROLES:
        assert clients[role].get(f"/applications/{application.pk}").status_code == 200
