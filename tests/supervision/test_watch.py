"""Supervision's one watcher: for every registered kind, the reminder and 黄牌 at warning, the supervision order
and 红牌 at overdue, each once per deadline; a deadline moved by an extension is a new deadline; an
application's single steps (handover, decision, delivery) each on its own clock."""

from __future__ import annotations

import pytest

from qifu.applications import services as applications
from qifu.core.models import Notification, TimelineEvent
from qifu.core.supervised import late_sources
from qifu.demands import services as demands
from qifu.demands.models import SupervisionOrder as DemandOrder
from qifu.supervision.models import Card, SupervisionOrder
from qifu.supervision.services import watch_late
from tests.conftest import Cast
from tests.supervision.helpers import accepted_application, at, one_of_each

pytestmark = pytest.mark.django_db

KINDS = {"demand", "application", "policy_claim", "project_milestone", "plan_task"}


def cards(kind: str, case_id: int) -> list[tuple[str, str]]:
    return sorted(Card.objects.filter(kind=kind, case_id=case_id).values_list("step", "color"))


def test_every_kind_is_registered_and_carded_once_per_deadline(cast: Cast) -> None:
    assert {s.kind for s in late_sources()} >= KINDS
    cases = one_of_each(cast)
    with at("2026-12-31"):  # every deadline has passed
        first = watch_late()
        again = watch_late()
    assert again == {"reminders": 0, "supervision_orders": 0}
    # Found already late: the order and the 红牌, not a reminder after the fact. The application has two
    # clocks running while accepted (handover and decision).
    assert first == {"reminders": 0, "supervision_orders": 6}
    for kind, case in cases.items():
        reds = [c for c in cards(kind, case.pk) if c[1] == "red"]
        assert reds, kind
        assert SupervisionOrder.objects.filter(kind=kind, case_id=case.pk, auto=True).count() == len(reds)
    assert cards("application", cases["application"].pk) == [("decision", "red"), ("handover", "red")]
    # Each order went to its department (the market department for all but the officer's plan task).
    market = SupervisionOrder.objects.filter(department=cast.market).values_list("kind", flat=True)
    assert set(market) == {"demand", "application", "policy_claim", "project_milestone"}
    # The steps land on each case's own timeline: the demand's and the claim's own, the others' generic one.
    assert DemandOrder.objects.filter(demand=cases["demand"], kind="auto").count() == 1
    assert TimelineEvent.objects.filter(subject_type="policy_claim", action="overdue").count() == 1
    for subject in ("application", "project_milestone", "service_plan_task"):
        assert TimelineEvent.objects.filter(subject_type=subject, action="late_supervise").exists(), subject
    assert Notification.objects.filter(recipient=cast.head, title__contains="督办").count() >= 4


def test_warning_then_overdue_each_once(cast: Cast) -> None:
    cases = one_of_each(cast)
    demand = cases["demand"]  # 10 working days from 11-02: due 11-16, warning from 11-13
    with at("2026-11-12"):
        assert watch_late(kinds={"demand"}) == {"reminders": 0, "supervision_orders": 0}
    with at("2026-11-13"):
        assert watch_late(kinds={"demand"}) == {"reminders": 1, "supervision_orders": 0}
        assert watch_late(kinds={"demand"}) == {"reminders": 0, "supervision_orders": 0}
    with at("2026-11-17"):
        assert watch_late(kinds={"demand"}) == {"reminders": 0, "supervision_orders": 1}
        assert watch_late(kinds={"demand"}) == {"reminders": 0, "supervision_orders": 0}
    assert cards("demand", demand.pk) == [("", "red"), ("", "yellow")]
    card = Card.objects.get(kind="demand", case_id=demand.pk, color="red")
    assert card.department == cast.market and card.person == cast.handler and card.number == demand.number


def test_a_deadline_moved_by_an_extension_is_a_new_deadline(cast: Cast) -> None:
    demand = one_of_each(cast)["demand"]
    with at("2026-11-17"):
        assert watch_late(kinds={"demand"}) == {"reminders": 0, "supervision_orders": 1}
        request = demands.extension_request(
            actor=cast.handler, demand_id=demand.pk, days=5, reason="需现场核查", progress="已完成材料审查"
        )
        moved = demands.extension_decide(actor=cast.head, demand_id=demand.pk, extension_id=request.pk, approve=True)
        assert moved.due_at > demand.due_at
        assert watch_late(kinds={"demand"}) == {"reminders": 0, "supervision_orders": 0}  # not late any more
    with at("2026-12-31"):
        assert watch_late(kinds={"demand"}) == {"reminders": 0, "supervision_orders": 1}
        assert watch_late(kinds={"demand"}) == {"reminders": 0, "supervision_orders": 0}
    reds = Card.objects.filter(kind="demand", case_id=demand.pk, color="red")
    assert sorted(reds.values_list("due_at", flat=True)) == [demand.due_at, moved.due_at]
    assert SupervisionOrder.objects.filter(kind="demand", case_id=demand.pk).count() == 2


def test_an_application_s_single_steps_each_run_on_their_own_clock(cast: Cast) -> None:
    with at("2026-11-02"):
        application = accepted_application(cast)
    watched = {"application"}
    # Handover within 1 working day: warned on 11-03, late on 11-04.
    with at("2026-11-03"):
        assert watch_late(kinds=watched) == {"reminders": 1, "supervision_orders": 0}
    with at("2026-11-04"):
        assert watch_late(kinds=watched) == {"reminders": 0, "supervision_orders": 1}
        assert cards("application", application.pk) == [("handover", "red"), ("handover", "yellow")]
        applications.application_handover(actor=cast.window, application_id=application.pk)
    # The decision by the promised date (10 working days: 11-16): warned from 11-13, late on 11-17.
    with at("2026-11-13"):
        assert watch_late(kinds=watched) == {"reminders": 1, "supervision_orders": 0}
    with at("2026-11-17"):
        assert watch_late(kinds=watched) == {"reminders": 0, "supervision_orders": 1}
        decided = applications.application_approve(actor=cast.handler, application_id=application.pk, note="符合条件")
    # Delivery within 10 working days of the decision (Art. 44): 12-01; late on 12-02.
    assert decided.due_at is not None and decided.due_at.date().isoformat() == "2026-12-01"
    with at("2026-12-02"):
        assert watch_late(kinds=watched) == {"reminders": 0, "supervision_orders": 1}
        assert watch_late(kinds=watched) == {"reminders": 0, "supervision_orders": 0}
    steps = Card.objects.filter(kind="application", case_id=application.pk, color="red").values_list("step", flat=True)
    assert sorted(steps) == ["decision", "delivery", "handover"]
    supervised = TimelineEvent.objects.filter(
        subject_type="application", subject_id=application.pk, action="late_supervise"
    )
    assert supervised.count() == 3 and all(e.internal for e in supervised)


def test_the_limits_are_settings(cast: Cast, settings: object) -> None:
    settings.QIFU_HANDOVER_DAYS = 3  # type: ignore[attr-defined]
    with at("2026-11-02"):
        application = accepted_application(cast)
    assert application.handover_due_at is not None
    assert application.handover_due_at.date().isoformat() == "2026-11-05"
    with at("2026-11-04"):
        assert watch_late(kinds={"application"}) == {"reminders": 0, "supervision_orders": 0}
