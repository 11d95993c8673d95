"""Internal and public notes, notification links and public progress, across the demand, application and claim
journeys (issue 10, points 4-6):

- staff notes (交办说明, 审批意见, consultations, handovers, reminders, supervision orders) reach no page, API
  answer, notification or email the enterprise user gets, while staff still read them; the enterprise reads a
  plain step instead ("已交办至市场监督管理局，办理期限 …");
- every notification opens a page its recipient can open (200 HTML), never the API;
- every case has a public progress page (/t/<token>/, GET /api/v1/track/{token}) without login, with labels
  only, and its details carry `track_url`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from qifu.applications.models import Application
from qifu.core.models import Notification, OutboxMessage, TimelineEvent, TrackingToken
from qifu.demands import services as demand_services
from qifu.demands.models import Demand
from qifu.policies import services as claim_services
from qifu.policies.models import PolicyClaim
from tests.applications.helpers import food_licence, requirement_ids
from tests.conftest import Cast
from tests.demands.helpers import register

pytestmark = pytest.mark.django_db

# One marker per staff note; none may reach the enterprise.
INSTRUCTION = "请市场监管局牵头，协调供电局加急【内部甲】"
EXTENSION_NOTE = "同意，请抓紧【内部乙】"
CONSULTATION = "【内部丙】供电局三日内出方案"
REMINDER = "【内部丁】今天下班前回复"
SUPERVISION = "【内部戊】逾期约谈"
HANDOVER_NOTE = "【内部己】申请人为老客户"
APPROVAL_NOTE = "同意，请抓紧【内部庚】"
CLAIM_ACCEPT = "【内部辛】材料齐全"
CLAIM_HANDOVER = "【内部壬】请优先审核"
CLAIM_APPROVAL = "同意，请抓紧【内部癸】"
MARKERS = [m[m.index("【") : m.index("】") + 1] for m in (
    INSTRUCTION, EXTENSION_NOTE, CONSULTATION, REMINDER, SUPERVISION, HANDOVER_NOTE, APPROVAL_NOTE, CLAIM_ACCEPT,
    CLAIM_HANDOVER, CLAIM_APPROVAL,
)]  # fmt: skip


@dataclass
class Cases:
    demand: Demand
    application: Application
    claim: PolicyClaim


def _ok(res: Any) -> Any:
    assert res.status_code in (200, 201), res.content.decode()[:500]
    return res.json()


def journeys(cast: Cast, api: Any) -> Cases:
    """A demand, an application and a claim of cast.ent taken through their steps, with a staff note on each."""
    demand = register(cast)
    dispatcher, handler, head = api(cast.dispatcher), api(cast.handler), api(cast.head)
    _ok(
        dispatcher.post(
            f"/demands/{demand.pk}/assign",
            {"department_id": cast.market.pk, "complexity": "general", "days": 10, "note": INSTRUCTION},
        )
    )
    _ok(handler.post(f"/demands/{demand.pk}/accept"))
    _ok(dispatcher.post(f"/demands/{demand.pk}/remind", {"note": REMINDER}))
    _ok(dispatcher.post(f"/demands/{demand.pk}/supervise", {"note": SUPERVISION}))
    demand_services.consultation_record(
        actor=cast.handler,
        demand_id=demand.pk,
        held_on=timezone.localdate(),
        department_ids=[cast.market.pk, cast.tax.pk],
        participants="市场监管局、税务局",
        minutes="研究用电报装",
        conclusion=CONSULTATION,
    )
    extension = _ok(
        handler.post(
            f"/demands/{demand.pk}/extensions", {"days": 5, "reason": "需供电局现场勘查", "progress": "已勘查"}
        )
    )
    _ok(
        head.post(
            f"/demands/{demand.pk}/extensions/{extension['id']}/decide", {"approve": True, "note": EXTENSION_NOTE}
        )
    )
    _ok(handler.post(f"/demands/{demand.pk}/reply", {"content": "已协调供电局于下周一完成接电。"}))

    made = food_licence(cast)
    ids = requirement_ids(made)
    application = _ok(
        api(cast.enterprise_user).post(
            "/applications",
            {
                "item_id": made.pk,
                "mode": "self",
                "materials": [{"requirement_id": i, "provided": True} for i in ids.values()],
            },
        )
    )
    app_id = application["id"]
    window = api(cast.window)
    _ok(window.post(f"/applications/{app_id}/pre_review", {"result": "accept"}))
    _ok(window.post(f"/applications/{app_id}/handover", {"note": HANDOVER_NOTE}))
    _ok(handler.post(f"/applications/{app_id}/decide", {"approved": True, "note": APPROVAL_NOTE}))

    policy = _ok(
        head.post(
            "/policies",
            {
                "title": "制造业小微企业稳岗补贴",
                "doc_number": "揭东人社〔2026〕12号",
                "department_id": cast.market.pk,
                "effective_from": "2026-01-01",
                "summary": "对稳定就业的制造业小微企业给予一次性稳岗补贴。",
                "materials": "营业执照",
                "criteria": {"industries": ["C33"]},
                "publish": True,
            },
        )
    )
    claim = _ok(
        api(cast.enterprise_user).post("/policy-claims", {"policy_id": policy["id"], "enterprise_id": cast.ent.pk})
    )
    claim_services.claim_accept(actor=cast.window, claim_id=claim["id"], note=CLAIM_ACCEPT)  # the page's notes
    claim_services.claim_handover(actor=cast.window, claim_id=claim["id"], note=CLAIM_HANDOVER)
    _ok(handler.post(f"/policy-claims/{claim['id']}/decide", {"approved": True, "note": CLAIM_APPROVAL}))
    return Cases(
        demand=Demand.objects.get(pk=demand.pk),
        application=Application.objects.get(pk=app_id),
        claim=PolicyClaim.objects.get(pk=claim["id"]),
    )


def _text(res: Any) -> str:
    """An API answer as text, its Chinese unescaped."""
    return json.dumps(res.json(), ensure_ascii=False)


def _token(subject: str, pk: int) -> str:
    return TrackingToken.objects.get(subject_type=subject, subject_id=pk).token


def test_staff_notes_reach_nothing_the_enterprise_gets_and_staff_still_read_them(
    cast: Cast, api: Any, page_client: Any, settings: Any
) -> None:
    settings.EMAIL_HOST = "smtp.example.test"  # so that notifications and replies queue emails
    cast.enterprise_user.email = "owner@example.test"
    cast.enterprise_user.save(update_fields=["email"])
    cases = journeys(cast, api)
    # The steps were written with both texts: the staff's note and the enterprise's line.
    assign = TimelineEvent.objects.get(subject_type="demand", subject_id=cases.demand.pk, action="assign")
    assert INSTRUCTION in assign.note and INSTRUCTION not in assign.public
    assert re.fullmatch(r"已交办至市场监督管理局，办理期限 \d{1,2}月\d{1,2}日", assign.public)

    seen: list[str] = []
    owner = page_client(cast.enterprise_user)
    pages = [
        "/",
        "/notifications/",
        "/demands/",
        f"/demands/{cases.demand.pk}/",
        "/applications/",
        f"/applications/{cases.application.pk}/",
        "/policies/claims/",
        f"/policies/claims/{cases.claim.pk}/",
    ]
    for path in pages:
        res = owner.get(path)
        assert res.status_code == 200, path
        seen.append(res.content.decode())
    enterprise_api = api(cast.enterprise_user)
    for path in [
        f"/demands/{cases.demand.pk}",
        "/demands",
        f"/applications/{cases.application.pk}",
        f"/policy-claims/{cases.claim.pk}",
        "/policy-claims",
    ]:
        res = enterprise_api.get(path)
        assert res.status_code == 200, path
        seen.append(_text(res))
    for subject, pk in [
        ("demand", cases.demand.pk),
        ("application", cases.application.pk),
        ("policy_claim", cases.claim.pk),
    ]:
        seen.append(Client().get(f"/t/{_token(subject, pk)}/").content.decode())
        seen.append(_text(Client().get(f"/api/v1/track/{_token(subject, pk)}")))
    notes = list(Notification.objects.filter(recipient=cast.enterprise_user))
    assert len(notes) >= 6  # assigned, extension, replied, accepted, approved (application and claim)
    seen += [f"{n.title}\n{n.body}" for n in notes]
    mails = list(OutboxMessage.objects.filter(recipient="owner@example.test"))
    assert len(mails) == len(notes)
    seen += [f"{m.subject}\n{m.body}" for m in mails]
    everything = "\n".join(seen)
    for marker in MARKERS:
        assert marker not in everything, marker
    # What the enterprise reads instead: plain steps.
    detail = enterprise_api.get(f"/demands/{cases.demand.pk}").json()
    assert assign.public in [t["note"] for t in detail["timeline"]]
    assert any("已交办至市场监督管理局" in n.body for n in notes)
    assert "准予许可" in [
        t["note"] for t in enterprise_api.get(f"/applications/{cases.application.pk}").json()["timeline"]
    ]
    assert enterprise_api.get(f"/policy-claims/{cases.claim.pk}").json()["decision_note"] == ""

    # Staff read every note, on the page and in the API.
    staff_seen = "\n".join(
        [
            page_client(cast.dispatcher).get(f"/demands/{cases.demand.pk}/").content.decode(),
            _text(api(cast.handler).get(f"/demands/{cases.demand.pk}")),
            page_client(cast.handler).get(f"/applications/{cases.application.pk}/").content.decode(),
            _text(api(cast.window).get(f"/policy-claims/{cases.claim.pk}")),
        ]
    )
    for marker in MARKERS:
        assert marker in staff_seen, marker
    handover_notice = Notification.objects.get(recipient=cast.handler, title__startswith="新办件待审批")
    assert HANDOVER_NOTE not in handover_notice.body  # the handover's note is in its step, read on the page


def test_every_notification_opens_a_page_its_recipient_can_open(cast: Cast, api: Any, page_client: Any) -> None:
    journeys(cast, api)
    notes = list(Notification.objects.select_related("recipient"))
    assert {n.recipient.role for n in notes} >= {"dispatcher", "department_handler", "window_staff", "enterprise"}
    for n in notes:
        assert n.link.startswith("/") and not n.link.startswith("/api/"), (n.title, n.link)
        res = page_client(n.recipient).get(n.link)
        assert res.status_code == 200, (n.recipient.username, n.title, n.link, res.status_code)
        assert res["Content-Type"].startswith("text/html"), (n.title, n.link)


def test_public_progress_without_login_shows_labels_only(cast: Cast, api: Any) -> None:
    cases = journeys(cast, api)
    for subject, pk, kind in [
        ("demand", cases.demand.pk, "demand"),
        ("application", cases.application.pk, "application"),
        ("policy_claim", cases.claim.pk, "policy_claim"),
    ]:
        token = _token(subject, pk)
        assert len(token) >= 24
        res = Client().get(f"/api/v1/track/{token}")
        assert res.status_code == 200
        body = res.json()
        assert set(body) == {"number", "kind", "status", "status_label", "due_at", "steps"}
        assert body["kind"] == kind and body["steps"] and set(body["steps"][0]) == {"at", "label"}
        page = Client().get(f"/t/{token}/")
        assert page.status_code == 200 and body["number"] in page.content.decode()
        for text in (_text(res), page.content.decode()):
            for secret in ("林晓东", "13800138000", cast.handler.label, cast.window.label, *MARKERS):
                assert secret not in text, (subject, secret)
    demand = Client().get(f"/api/v1/track/{_token('demand', cases.demand.pk)}").json()
    assert demand["status"] == "replied" and demand["status_label"] == "已答复待回访"
    assert [s["label"] for s in demand["steps"]][:3] == ["登记", "交办", "签收"]
    assert "催办" not in [s["label"] for s in demand["steps"]]  # internal steps are not shown
    running = Client().get(f"/api/v1/track/{_token('policy_claim', cases.claim.pk)}").json()
    assert running["status"] == "approved" and running["due_at"] is not None
    assert Client().get("/api/v1/track/not-a-token").status_code == 404
    assert Client().get("/t/not-a-token/").status_code == 404
    # The details carry the page's address; the print's QR code and footer lead to it.
    for path, subject, pk in [
        (f"/demands/{cases.demand.pk}", "demand", cases.demand.pk),
        (f"/applications/{cases.application.pk}", "application", cases.application.pk),
        (f"/policy-claims/{cases.claim.pk}", "policy_claim", cases.claim.pk),
    ]:
        url = api(cast.enterprise_user).get(path).json()["track_url"]
        assert url.endswith(f"/t/{_token(subject, pk)}/")
    printed = Client()
    printed.force_login(cast.window)
    html = printed.get(f"/applications/{cases.application.pk}/print/acceptance/").content.decode()
    assert f"/t/{_token('application', cases.application.pk)}/" in html
