"""The service-day workflow written out by hand: planned -close-> held; planned -cancel-> cancelled; the calendar
(the system, never a person) restores a session cancelled for a holiday that is no longer one."""

from __future__ import annotations

from typing import Any

import pytest

from qifu.servicedays.transitions import ROW_WORKFLOW, WORKFLOW
from tests.conftest import Cast
from tests.servicedays.helpers import at, schedule, session_on

pytestmark = pytest.mark.django_db

TABLE = {
    ("planned", "close"): "held",
    ("planned", "cancel"): "cancelled",
    ("cancelled", "restore"): "planned",
}
WHO = {
    "close": {"admin", "dispatcher"},
    "cancel": {"admin", "dispatcher"},
    "restore": set(),
}
STATUSES = ["planned", "held", "cancelled"]


def test_the_table_is_as_written() -> None:
    assert dict(WORKFLOW.transitions) == TABLE
    assert dict(WORKFLOW.side_actions) == {}
    assert set(WORKFLOW.who) == set(WHO)


def test_a_list_row_is_classified_once_by_the_centre(cast: Cast) -> None:
    assert dict(ROW_WORKFLOW.transitions) == {("pending", "classify"): "classified"}
    row: Any = type("Row", (), {"status": "pending"})()
    may = {role for role, user in cast.by_role().items() if ROW_WORKFLOW.may(user, row, "classify")}
    assert may == {"admin", "dispatcher"}
    row.status = "classified"
    assert not ROW_WORKFLOW.may(cast.admin, row, "classify")


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("action", sorted(WHO))
def test_every_status_action_and_role(cast: Cast, status: str, action: str) -> None:
    sched = schedule(cast)
    with at("2026-09-30", 10):
        session = session_on(sched, "2026-09-30")
        session.status = status  # the state under test, not a move
        for role, user in cast.by_role().items():
            allowed = (status, action) in TABLE and role in WHO[action]
            assert WORKFLOW.may(user, session, action) == allowed, (role, status, action)


def test_a_move_not_in_the_table_is_refused_with_409(cast: Cast, api: Any) -> None:
    sched = schedule(cast)
    with at("2026-09-30", 18):
        session = session_on(sched, "2026-09-30")
        client = api(cast.dispatcher)
        assert client.post(f"/service-days/{session.pk}/close", {"summary": "服务企业3家"}).status_code == 200
        again = client.post(f"/service-days/{session.pk}/close", {"summary": "再结束一次"})
        assert again.status_code == 409
        assert "已举行" in again.json()["detail"]
        assert client.post(f"/service-days/{session.pk}/cancel", {"reason": "台风"}).status_code == 409
