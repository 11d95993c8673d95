"""The shared case-workflow mechanism (core.workflow), exercised through the demand workflow that declares it."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import close_old_connections, transaction

from qifu.core.choices import Light
from qifu.core.errors import Conflict, DomainError, PermissionDenied
from qifu.core.models import AuditEvent, Notification, TimelineEvent
from qifu.core.workflow import Notice
from qifu.demands.models import Demand
from qifu.demands.transitions import WORKFLOW
from tests.conftest import Cast
from tests.demands.helpers import in_state


def _trail(demand: Demand) -> tuple[int, int]:
    return (
        TimelineEvent.objects.filter(subject_type="demand", subject_id=demand.pk).count(),
        AuditEvent.objects.filter(object_type="demands.demand", object_id=str(demand.pk)).count(),
    )


@pytest.mark.django_db
def test_a_move_writes_status_timeline_audit_and_notice_together(cast: Cast) -> None:
    demand = in_state(cast, "assigned")
    before = _trail(demand)
    moved = WORKFLOW.act(
        demand,
        actor=cast.handler,
        action="accept",
        note="已签收",
        notices=[Notice([cast.head], "诉求已签收")],
        updates={"handler": cast.handler},
    )
    assert moved.status == "in_progress" and moved.handler_id == cast.handler.pk
    assert _trail(demand) == (before[0] + 1, before[1] + 1)
    step = TimelineEvent.objects.filter(subject_type="demand", subject_id=demand.pk).last()
    assert step is not None and step.action == "accept" and step.data["from"] == "assigned"
    assert Notification.objects.filter(recipient=cast.head, link=f"/demands/{demand.pk}/").exists()


@pytest.mark.django_db
def test_the_table_and_the_role_are_checked_before_anything_is_written(cast: Cast) -> None:
    demand = in_state(cast, "assigned")
    before = _trail(demand)
    with pytest.raises(Conflict, match="不能答复"):
        WORKFLOW.act(demand, actor=cast.handler, action="reply")  # assigned: must be accepted first
    with pytest.raises(PermissionDenied):
        WORKFLOW.act(demand, actor=cast.enterprise_user, action="accept")
    demand.refresh_from_db()
    assert demand.status == "assigned" and _trail(demand) == before


@pytest.mark.django_db
def test_a_stale_case_is_refused_and_nothing_is_written(cast: Cast) -> None:
    demand = in_state(cast, "assigned")
    stale = Demand.objects.get(pk=demand.pk)
    WORKFLOW.act(demand, actor=cast.handler, action="accept")
    before = _trail(demand)
    with pytest.raises(Conflict, match="刚被他人处理"):
        WORKFLOW.act(stale, actor=cast.head, action="return", note="不属于本部门", checked=True)
    assert _trail(demand) == before
    assert Demand.objects.get(pk=demand.pk).status == "in_progress"


@pytest.mark.django_db
def test_a_failure_after_the_move_rolls_the_move_back(cast: Cast) -> None:
    demand = in_state(cast, "assigned")
    before = _trail(demand)

    class Broken:
        pk = None

        def __getattr__(self, name: str) -> Any:
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError), transaction.atomic():
        WORKFLOW.act(demand, actor=cast.handler, action="accept", notices=[Notice([Broken()], "x")])
    assert Demand.objects.get(pk=demand.pk).status == "assigned"
    assert _trail(demand) == before


@pytest.mark.django_db
def test_lights_follow_the_stored_deadline(cast: Cast) -> None:
    demand = in_state(cast, "assigned")
    assert demand.due_at is not None and demand.warning_at is not None
    assert WORKFLOW.light(demand, demand.warning_at - dt.timedelta(seconds=1)) == Light.NORMAL
    assert WORKFLOW.light(demand, demand.warning_at) == Light.WARNING
    assert WORKFLOW.light(demand, demand.due_at + dt.timedelta(seconds=1)) == Light.OVERDUE
    late = demand.due_at + dt.timedelta(days=1)
    assert list(Demand.objects.filter(WORKFLOW.light_q(Light.OVERDUE, late))) == [demand]
    assert not Demand.objects.filter(WORKFLOW.light_q(Light.NORMAL, late)).exists()
    registered = in_state(cast, "registered")
    assert WORKFLOW.light(registered) is None


@pytest.mark.django_db(transaction=True)
def test_concurrent_moves_of_one_case_exactly_one_wins(cast: Cast) -> None:
    """Real threads on real connections: of four workers taking conflicting actions at once, one wins."""
    for _ in range(2):
        demand = in_state(cast, "assigned")
        before = _trail(demand)
        barrier = threading.Barrier(4)
        results: list[Any] = [None] * 4
        calls = [
            lambda case: WORKFLOW.act(case, actor=cast.handler, action="accept"),
            lambda case: WORKFLOW.act(case, actor=cast.head, action="accept"),
            lambda case: WORKFLOW.act(case, actor=cast.head, action="return", note="不属于本部门"),
            lambda case: WORKFLOW.act(case, actor=cast.dispatcher, action="withdraw"),
        ]

        def run(
            i: int, pk: int = demand.pk, calls: list[Any] = calls, results: list[Any] = results, barrier: Any = barrier
        ) -> None:
            try:
                case = Demand.objects.get(pk=pk)  # each worker reads the case on its own connection
                barrier.wait()
                results[i] = calls[i](case)
            except DomainError as exc:
                results[i] = exc
            finally:
                close_old_connections()

        threads = [threading.Thread(target=run, args=(i,)) for i in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wins = [r for r in results if isinstance(r, Demand)]
        assert len(wins) == 1, results
        assert all(isinstance(r, Conflict) for r in results if not isinstance(r, Demand)), results
        assert Demand.objects.get(pk=demand.pk).status == wins[0].status
        assert _trail(demand) == (before[0] + 1, before[1] + 1)
