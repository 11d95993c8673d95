"""Demand rules: deadlines, returns, extensions, the watch, calendar changes, follow-up links, edits, figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from qifu.core.errors import Conflict, NotFound, ValidationFailed
from qifu.core.inputs import parse
from qifu.core.models import Notification, OutboxMessage, TimelineEvent
from qifu.core.services import calendar_set_year, parse_arrangement
from qifu.core.tasks import send_outbox
from qifu.core.workcalendar import SHANGHAI, reset_calendar
from qifu.demands import selectors, services, stats
from qifu.demands.choices import DemandStatus
from qifu.demands.models import Demand, DemandRevision, FollowUpLink, Reminder, SupervisionOrder
from qifu.demands.schemas import DemandEditIn, DemandIn, DemandReturnIn, ExtensionIn
from qifu.demands.transitions import WORKFLOW
from tests.conftest import Cast
from tests.demands.helpers import in_state, register

pytestmark = pytest.mark.django_db


def at(day: str, hour: int = 10) -> Any:
    return time_machine.travel(dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI), tick=False)


def test_register_numbers_and_notifies_dispatchers(cast: Cast) -> None:
    with at("2026-11-23"):
        first, second = register(cast), register(cast, title="第二件")
    assert first.number == "SQ2026112300001" and second.number == "SQ2026112300002"
    assert first.first_responder == cast.dispatcher and first.status == DemandStatus.REGISTERED
    assert Notification.objects.filter(recipient=cast.dispatcher, title__startswith="新诉求待分拨").count() == 2
    assert selectors.similar_open_numbers(cast.dispatcher, second) == [first.number]


def test_bad_intake_names_each_field_and_writes_nothing(cast: Cast) -> None:
    # The schema that the page and the API share names every bad field at once ...
    with pytest.raises(ValidationFailed) as caught:
        parse(
            DemandIn,
            {"enterprise_id": "999999", "kind": "x", "channel": "fax", "category": "nope", "title": "", "content": " "},
        )
    assert {e.field for e in caught.value.errors} == {
        "enterprise_id",
        "kind",
        "channel",
        "category",
        "title",
        "content",
    }
    assert "标题不能为空" in caught.value.detail
    # ... then what only the register knows: whether the enterprise is the caller's to serve.
    with pytest.raises(ValidationFailed) as caught:
        services.demand_register(
            actor=cast.other_officer,
            payload=parse(
                DemandIn,
                {
                    "enterprise_id": str(cast.ent.pk),
                    "channel": "visit",
                    "category": "market",
                    "title": "标",
                    "content": "内",
                },
            ),
        )
    assert {e.field for e in caught.value.errors} == {"enterprise_id"}
    assert Demand.objects.count() == 0


def test_enterprise_user_registers_online_for_itself_only(cast: Cast) -> None:
    demand = services.demand_register(
        actor=cast.enterprise_user,
        payload=DemandIn.model_validate(
            {
                "enterprise_id": cast.other_ent.pk,
                "channel": "hotline",
                "category": "tax",
                "title": "发票问题",
                "content": "电子发票额度不够用",
            }
        ),
    )
    assert demand.enterprise == cast.ent and demand.channel == "online" and demand.first_responder is None


def test_deadlines_in_working_days_with_lights(cast: Cast) -> None:
    with at("2025-01-24"):  # a Friday before the 2025 Spring Festival
        general = services.demand_assign(
            actor=cast.dispatcher,
            demand_id=register(cast).pk,
            department_id=cast.market.pk,
            complexity="general",
            days=5,
        )
        simple = services.demand_assign(
            actor=cast.dispatcher, demand_id=register(cast).pk, department_id=cast.market.pk, complexity="simple"
        )
        complex_ = services.demand_assign(
            actor=cast.dispatcher, demand_id=register(cast).pk, department_id=cast.market.pk, complexity="complex"
        )
    # 01-26 (Sun) is a make-up working day, then 01-27, then the holiday until 02-04, then 02-05, 02-06, 02-07
    assert general.due_at.astimezone(SHANGHAI).date() == dt.date(2025, 2, 7)
    assert general.due_at.astimezone(SHANGHAI).time() == dt.time(23, 59, 59)
    assert simple.due_at.astimezone(SHANGHAI).date() == dt.date(2025, 1, 24)
    assert complex_.days_total == 30
    assert WORKFLOW.light(general, dt.datetime(2025, 2, 6, 23, tzinfo=SHANGHAI)) == "normal"
    assert WORKFLOW.light(general, dt.datetime(2025, 2, 7, 9, tzinfo=SHANGHAI)) == "warning"  # the last working day
    assert WORKFLOW.light(general, dt.datetime(2025, 2, 8, 0, 1, tzinfo=SHANGHAI)) == "overdue"
    for days in (4, 16):
        with pytest.raises(ValidationFailed) as caught:
            services.demand_assign(
                actor=cast.dispatcher,
                demand_id=register(cast).pk,
                department_id=cast.market.pk,
                complexity="general",
                days=days,
            )
        assert caught.value.errors[0].field == "days"


def test_unconfirmed_year_says_so(cast: Cast) -> None:
    with at("2027-03-01"):
        demand = services.demand_assign(
            actor=cast.dispatcher,
            demand_id=register(cast).pk,
            department_id=cast.market.pk,
            complexity="general",
            days=5,
        )
    assert demand.calendar_confirmed is False
    assert "尚未确认节假日安排" in TimelineEvent.objects.filter(subject_id=demand.pk, action="assign").get().note


def test_return_within_one_working_day_only(cast: Cast) -> None:
    with at("2026-11-20"):  # Friday
        demand = in_state(cast, "assigned")
    with at("2026-11-23"):  # Monday: one working day later, still allowed
        returned = services.demand_return(actor=cast.handler, demand_id=demand.pk, reason="应由住建局办理")
    assert returned.status == "registered" and returned.due_at is None and returned.return_count == 1
    with at("2026-11-23"):
        again = services.demand_assign(actor=cast.dispatcher, demand_id=demand.pk, department_id=cast.market.pk)
    with at("2026-11-25"), pytest.raises(Conflict):
        services.demand_return(actor=cast.handler, demand_id=again.pk, reason="还是不归我们")
    with pytest.raises(ValidationFailed, match="退回理由不能为空"):
        parse(DemandReturnIn, {"reason": "  "})


def test_extension_moves_the_deadline_and_tells_the_enterprise(cast: Cast) -> None:
    with at("2026-11-02"):
        demand = in_state(cast, "in_progress")
    old_due = demand.due_at
    request = services.extension_request(
        actor=cast.handler, demand_id=demand.pk, days=5, reason="需现场核查", progress="已完成材料审查"
    )
    with pytest.raises(Conflict):
        services.extension_request(actor=cast.handler, demand_id=demand.pk, days=3, reason="再延", progress="无")
    decided = services.extension_decide(actor=cast.head, demand_id=demand.pk, extension_id=request.pk, approve=True)
    assert decided.days_total == 15 and decided.due_at > old_due
    told = Notification.objects.get(recipient=cast.enterprise_user, title__startswith="诉求办理延期告知")
    assert "需现场核查" in told.body and "已完成材料审查" in told.body
    with pytest.raises(Conflict):
        services.extension_decide(actor=cast.head, demand_id=demand.pk, extension_id=request.pk, approve=False)
    closed = in_state(cast, "closed")
    with pytest.raises(Conflict):
        services.extension_request(actor=cast.handler, demand_id=closed.pk, days=2, reason="x", progress="y")
    with pytest.raises(ValidationFailed) as caught:
        parse(ExtensionIn, {"days": "0", "reason": "", "progress": "y"})
    assert {e.field for e in caught.value.errors} == {"days", "reason"}


def test_watch_reminds_then_supervises_exactly_once(cast: Cast) -> None:
    # The rule of when lives in supervision's one watcher; the demand's own 催办 and 督办 records are its steps.
    from qifu.supervision.services import watch_late

    with at("2026-11-02"):
        demand = in_state(cast, "in_progress")  # 10 working days: due 2026-11-16, warning from 11-13 (2 days left)
    with at("2026-11-12"):
        assert watch_late(kinds={"demand"}) == {"reminders": 0, "supervision_orders": 0}
    with at("2026-11-13"):
        assert watch_late(kinds={"demand"}) == {"reminders": 1, "supervision_orders": 0}
        assert watch_late(kinds={"demand"}) == {"reminders": 0, "supervision_orders": 0}
    with at("2026-11-17"):
        assert watch_late(kinds={"demand"}) == {"reminders": 0, "supervision_orders": 1}
        assert watch_late(kinds={"demand"}) == {"reminders": 0, "supervision_orders": 0}
    assert Reminder.objects.filter(demand=demand, kind="auto").count() == 1
    order = SupervisionOrder.objects.get(demand=demand, kind="auto")
    assert order.department == cast.market
    assert Notification.objects.filter(recipient=cast.head, title__startswith="督办").exists()
    assert Notification.objects.filter(recipient=cast.handler, title__startswith="诉求即将超期").exists()


def test_calendar_change_moves_running_deadlines_and_tells_the_handler(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    with at("2027-01-04"):
        demand = in_state(cast, "in_progress")  # 2027 unconfirmed: Monday-Friday
    assert demand.calendar_confirmed is False
    before = demand.due_at
    days = parse_arrangement(2027, "2027-01-11~2027-01-15,放假,测试假期")
    with django_capture_on_commit_callbacks(execute=True):
        calendar_set_year(actor=cast.admin, year=2027, days=days, confirmed=True)
    reset_calendar()
    demand.refresh_from_db()
    assert demand.due_at > before and demand.calendar_confirmed is True
    moved = TimelineEvent.objects.get(subject_id=demand.pk, action="deadline_moved")
    assert "节假日安排调整" in moved.public
    assert Notification.objects.filter(recipient=cast.handler, title__startswith="诉求办结期限已调整").exists()


def test_follow_up_link_works_once_and_expires(cast: Cast) -> None:
    demand = in_state(cast, "replied")
    raw = services.follow_up_link_create(demand)[3:-1]
    closed = services.demand_visit_by_link(token=raw, satisfaction="very_satisfied")
    assert closed.status == "closed" and closed.follow_ups.get().via_link
    with pytest.raises(Conflict):
        services.demand_visit_by_link(token=raw, satisfaction="satisfied")
    other = in_state(cast, "replied")
    stale = services.follow_up_link_create(other)[3:-1]
    FollowUpLink.objects.filter(demand=other).update(expires_at=dt.datetime(2020, 1, 1, tzinfo=SHANGHAI))
    with pytest.raises(NotFound):
        services.demand_visit_by_link(token=stale, satisfaction="satisfied")
    with pytest.raises(NotFound):
        services.demand_visit_by_link(token="made-up", satisfaction="satisfied")


def test_unsatisfied_visit_reopens_and_tracks_resolution_apart(cast: Cast) -> None:
    demand = in_state(cast, "replied")
    reopened = services.demand_visit(
        actor=cast.dispatcher, demand_id=demand.pk, satisfaction="unsatisfied", comment="没解决"
    )
    assert reopened.status == "in_progress" and reopened.reopen_count == 1 and reopened.resolved is False
    assert reopened.due_at is not None
    services.demand_reply(actor=cast.handler, demand_id=demand.pk, content="再次办理")
    closed = services.demand_visit(
        actor=cast.enterprise_user, demand_id=demand.pk, satisfaction="basically_satisfied", resolved=False
    )
    assert closed.status == "closed" and closed.resolved is False  # closed, but visibly not solved


def test_edits_keep_the_original(cast: Cast) -> None:
    demand = register(cast)
    services.demand_edit(
        actor=cast.dispatcher,
        demand_id=demand.pk,
        payload=DemandEditIn(category="utilities", content="用电增容", reason="企业电话补充说明"),
    )
    revision = DemandRevision.objects.get(demand=demand, field="content")
    assert revision.old_value.startswith("新建厂房") and revision.new_value == "用电增容"
    event = TimelineEvent.objects.get(subject_id=demand.pk, action="edit")
    assert event.internal and "企业电话补充说明" in event.note and event.actor == cast.dispatcher
    with pytest.raises(ValidationFailed, match="修改原因不能为空"):
        parse(DemandEditIn, {"title": "x", "reason": " "})


def test_merge_folds_a_duplicate(cast: Cast) -> None:
    first, dup = register(cast), register(cast)
    merged = services.demand_merge(actor=cast.dispatcher, demand_id=dup.pk, into_id=first.pk)
    assert merged.status == "merged" and merged.merged_into == first
    with pytest.raises(ValidationFailed):
        services.demand_merge(actor=cast.dispatcher, demand_id=first.pk, into_id=first.pk)


def test_figures_count_response_on_time_resolution_and_satisfaction(cast: Cast) -> None:
    with at("2026-11-02"):
        in_state(cast, "closed")
        reopened = in_state(cast, "replied")
        services.demand_visit(actor=cast.dispatcher, demand_id=reopened.pk, satisfaction="very_unsatisfied")
        rows = stats.figures(dt.date(2026, 11, 1), dt.date(2026, 11, 30), by="department")
    market = next(r for r in rows if r["label"] == cast.market.name)
    assert market["assigned"] == 2 and market["response_rate"] == 100.0 and market["on_time_rate"] == 100.0
    assert market["visited"] == 2 and market["satisfaction_rate"] == 50.0 and market["reopen_rate"] == 50.0
    assert rows[-1]["label"] == "合计" and rows[-1]["registered"] == 2


@override_settings(EMAIL_HOST="smtp.invalid", EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
def test_email_outbox_retries_until_sent(cast: Cast, monkeypatch: Any) -> None:
    cast.handler.email = "handler@example.gov.cn"
    cast.handler.save(update_fields=["email"])
    in_state(cast, "assigned")
    message = OutboxMessage.objects.get(recipient="handler@example.gov.cn")
    calls = {"n": 0}
    real = mail.EmailMessage.send

    def flaky(self: mail.EmailMessage, *args: Any, **kwargs: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("SMTP 连接失败")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMessage, "send", flaky)
    assert send_outbox() == 0
    message.refresh_from_db()
    assert message.sent_at is None and message.attempts == 1 and "SMTP" in message.last_error
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=dt.datetime(2020, 1, 1, tzinfo=SHANGHAI))
    assert send_outbox() == 1
    message.refresh_from_db()
    assert message.sent_at is not None and len(mail.outbox) == 1


def test_dashboard_page_shows_the_figures_to_its_roles(cast: Cast, page_client: Any) -> None:
    in_state(cast, "closed")
    html = page_client(cast.supervisor).get("/dashboard/").content.decode()
    assert cast.market.name in html and "100.0%" in html and "合计" in html
    assert page_client(cast.handler).get("/dashboard/").status_code == 403
    by_category = page_client(cast.dispatcher).get("/dashboard/", {"by": "category"}).content.decode()
    assert "市场监管" in by_category


@override_settings(EMAIL_HOST="smtp.example.gov.cn", QIFU_SITE_URL="https://qifu.example.gov.cn")
def test_reply_emails_the_enterprise_contact_a_one_click_link(cast: Cast) -> None:
    from qifu.enterprises.models import Enterprise

    Enterprise.objects.filter(pk=cast.ent.pk).update(contact_email="boss@hongda.example.com")
    demand = in_state(cast, "replied")
    message = OutboxMessage.objects.get(recipient="boss@hongda.example.com")
    assert demand.number in message.subject and "https://qifu.example.gov.cn/f/" in message.body
    assert Notification.objects.filter(recipient=cast.enterprise_user, title__startswith="您的诉求已交办").exists()
