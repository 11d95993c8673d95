"""Policies through the API of API.md: the library with criteria (bad criteria named in Chinese, nothing written),
matches with reasons and missing data, re-matching when an enterprise changes, pushes that never go twice or to
one that does not fit, opt-out, auto-grants that grant nothing twice, and claims through to payment, with the
claim workflow tested for every (state, action, role)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.core.models import AuditEvent, Notification, TimelineEvent
from qifu.enterprises.services import enterprise_update
from qifu.policies import services
from qifu.policies.choices import ClaimStatus
from qifu.policies.models import Policy, PolicyClaim, PolicyMatchChange, PolicyPush
from qifu.policies.schemas import PolicyIn
from qifu.policies.transitions import WORKFLOW
from tests.conftest import Cast

# Real commits: matching after a publish or an enterprise change runs on commit, as in production.
pytestmark = pytest.mark.django_db(transaction=True)


def policy_body(cast: Cast, **extra: Any) -> dict[str, Any]:
    return {
        "title": "制造业小微企业稳岗补贴",
        "doc_number": "揭东人社〔2026〕12号",
        "department_id": cast.market.pk,
        "effective_from": "2026-01-01",
        "summary": "对稳定就业的制造业小微企业给予一次性稳岗补贴。",
        "materials": "营业执照\n社保缴费证明",
        "contact": "0663-3261234",
        "guide_beneficiaries": "辖区制造业小微企业",
        "guide_conditions": "从业人数50人以上",
        "guide_where": "区政务服务中心综合窗口",
        "criteria": {"industries": ["C33"], "scales": ["small", "micro"], "min_employees": 50},
        "publish": True,
        **extra,
    }


def publish(cast: Cast, api: Any, **extra: Any) -> dict[str, Any]:
    res = api(cast.head).post("/policies", policy_body(cast, **extra))
    assert res.status_code == 201, res.content
    return res.json()


def test_bad_criteria_are_named_in_chinese_and_nothing_is_written(cast: Cast, api: Any) -> None:
    bad = {
        "industries": ["39C", "C3"],
        "min_years": 5,
        "max_years": 3,
        "park_ids": [99999],
        "scales": ["huge"],
        "colour": "red",
    }
    res = api(cast.head).post("/policies", policy_body(cast, criteria=bad))
    assert res.status_code == 422
    fields = {e["field"] for e in res.json()["errors"]}
    assert fields == {
        "criteria.industries",
        "criteria.max_years",
        "criteria.park_ids",
        "criteria.scales",
        "criteria.colour",
    }
    messages = " ".join(e["message"] for e in res.json()["errors"])
    assert "39C" in messages and "上限不能小于下限" in messages and "99999" in messages
    assert not Policy.objects.exists()
    # Only the issuing department's staff record its policies; others may not at all.
    other = api(cast.head).post("/policies", policy_body(cast, department_id=cast.tax.pk))
    assert other.status_code == 422 and other.json()["errors"][0]["field"] == "department_id"
    for user in (cast.window, cast.officer, cast.enterprise_user, cast.supervisor):
        assert api(user).post("/policies", policy_body(cast)).status_code == 403
    assert not Policy.objects.exists()


def test_matches_explain_themselves_and_follow_enterprise_changes(cast: Cast, api: Any) -> None:
    policy = publish(cast, api)
    page = api(cast.head).get(f"/policies/{policy['id']}/matches").json()
    assert page["fits"] == 1 and page["may_fit"] == 0
    [row] = page["items"]
    assert row["enterprise_id"] == cast.ent.pk and row["verdict"] == "fits"
    assert any("C3311" in r for r in row["reasons"]) and any("80" in r for r in row["reasons"])
    # Another enterprise in C33 without employee figures may fit, and says what is missing.
    enterprise_update(
        actor=cast.admin, enterprise_id=cast.other_ent.pk, data={"industry_code": "C3312", "scale": "micro"}
    )
    assert PolicyMatchChange.objects.filter(enterprise=cast.other_ent).count() == 1
    page = api(cast.head).get(f"/policies/{policy['id']}/matches").json()
    assert (page["fits"], page["may_fit"]) == (1, 1)
    maybe = next(r for r in page["items"] if r["enterprise_id"] == cast.other_ent.pk)
    assert maybe["verdict"] == "may_fit" and maybe["missing"] == ["从业人数"]
    # Filling the figure in makes it fit.
    enterprise_update(actor=cast.admin, enterprise_id=cast.other_ent.pk, data={"employees": 60})
    assert api(cast.head).get(f"/policies/{policy['id']}/matches").json()["fits"] == 2
    # A full re-match agrees with the changes it replaces.
    services.match_policies()
    assert not PolicyMatchChange.objects.exists()
    assert api(cast.head).get(f"/policies/{policy['id']}/matches").json()["fits"] == 2
    # The enterprise side, and who may see the list of matched enterprises.
    mine = api(cast.enterprise_user).get(f"/enterprises/{cast.ent.pk}/policy-matches").json()["items"]
    assert [m["policy_id"] for m in mine] == [policy["id"]] and mine[0]["reasons"]
    assert api(cast.enterprise_user).get(f"/enterprises/{cast.other_ent.pk}/policy-matches").status_code == 404
    for user in (cast.enterprise_user, cast.window, cast.officer):
        assert api(user).get(f"/policies/{policy['id']}/matches").status_code == 403


def test_push_goes_once_only_to_those_that_fit_and_respects_opt_out(cast: Cast, api: Any) -> None:
    other_user = User.objects.create_user(
        username="ent2", password="x", role=Role.ENTERPRISE, enterprise=cast.other_ent
    )
    policy = publish(cast, api)
    assert api(cast.window).post(f"/policies/{policy['id']}/push").status_code == 403
    assert api(cast.head).post(f"/policies/{policy['id']}/push").json() == {"pushed": 1}
    assert api(cast.head).post(f"/policies/{policy['id']}/push").json() == {"pushed": 0}
    assert Notification.objects.filter(recipient=cast.enterprise_user, title__contains="稳岗补贴").count() == 1
    assert not Notification.objects.filter(recipient=other_user, title__contains="稳岗补贴").exists()
    # The other enterprise comes to fit but has opted out: still nothing.
    services.push_opt_out(actor=other_user, enterprise_id=cast.other_ent.pk, opted_out=True)
    enterprise_update(
        actor=cast.admin,
        enterprise_id=cast.other_ent.pk,
        data={"industry_code": "C3312", "scale": "small", "employees": 90},
    )
    assert api(cast.head).post(f"/policies/{policy['id']}/push").json() == {"pushed": 0}
    services.push_opt_out(actor=other_user, enterprise_id=cast.other_ent.pk, opted_out=False)
    assert api(cast.head).post(f"/policies/{policy['id']}/push").json() == {"pushed": 1}
    assert PolicyPush.objects.count() == 2


def test_an_interrupted_push_sends_nothing_twice(cast: Cast, api: Any, monkeypatch: Any) -> None:
    enterprise_update(
        actor=cast.admin,
        enterprise_id=cast.other_ent.pk,
        data={"industry_code": "C3312", "scale": "small", "employees": 90},
    )
    User.objects.create_user(username="ent2", password="x", role=Role.ENTERPRISE, enterprise=cast.other_ent)
    policy = publish(cast, api)
    monkeypatch.setattr(services, "BATCH", 1)
    real_notify = services.notify
    calls = {"n": 0}

    def failing_notify(**kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("mail server went away")
        return real_notify(**kwargs)

    monkeypatch.setattr(services, "notify", failing_notify)
    with pytest.raises(RuntimeError):
        services.policy_push(actor=cast.head, policy_id=policy["id"])
    assert PolicyPush.objects.count() == 1  # the failed batch left nothing behind
    monkeypatch.setattr(services, "notify", real_notify)
    assert services.policy_push(actor=cast.head, policy_id=policy["id"]) == 1
    assert PolicyPush.objects.count() == 2
    pushed = Notification.objects.filter(title__contains="稳岗补贴").values_list("recipient__username", flat=True)
    assert sorted(pushed) == ["ent2", "enterprise"]


def test_auto_grant_grants_once(cast: Cast, api: Any) -> None:
    policy = publish(cast, api, auto_grant=True, title="规上工业企业电费补贴")
    assert api(cast.head).post(f"/policies/{policy['id']}/auto-grant").json() == {"granted": 1}
    assert api(cast.head).post(f"/policies/{policy['id']}/auto-grant").json() == {"granted": 0}
    claim_body = {"policy_id": policy["id"], "enterprise_id": cast.ent.pk}
    refused = api(cast.enterprise_user).post("/policy-claims", claim_body)
    assert refused.status_code == 409 and "免申即享" in refused.json()["detail"]
    claim = PolicyClaim.objects.get()
    assert claim.status == ClaimStatus.APPROVED and claim.auto_granted and claim.enterprise_id == cast.ent.pk
    res = api(cast.head).post(f"/policy-claims/{claim.pk}/disburse", {"amount": "3.5", "paid_on": "2026-01-05"})
    assert res.status_code == 200 and res.json()["status"] == "disbursed"
    plain = publish(cast, api, title="另一项政策")
    assert api(cast.head).post(f"/policies/{plain['id']}/auto-grant").status_code == 409


def test_claim_from_submission_to_payment(cast: Cast, api: Any) -> None:
    policy = publish(cast, api)
    res = api(cast.enterprise_user).post(
        "/policy-claims", {"policy_id": policy["id"], "enterprise_id": cast.ent.pk, "amount": "5"}
    )
    assert res.status_code == 201, res.content
    claim = res.json()
    assert claim["status"] == "submitted" and claim["number"].startswith("SD")
    again = api(cast.enterprise_user).post("/policy-claims", {"policy_id": policy["id"], "enterprise_id": cast.ent.pk})
    assert again.status_code == 409
    cid = claim["id"]
    assert api(cast.window).post(f"/policy-claims/{cid}/accept").json()["status"] == "accepted"
    assert api(cast.window).post(f"/policy-claims/{cid}/handover").json()["status"] == "in_review"
    assert api(cast.handler).post(f"/policy-claims/{cid}/decide", {"approved": False}).status_code == 422
    assert api(cast.handler).post(f"/policy-claims/{cid}/decide", {"approved": True, "note": "符合"}).status_code == 200
    bad = api(cast.head).post(f"/policy-claims/{cid}/disburse", {"amount": "-1", "paid_on": "2026-01-05"})
    assert bad.status_code == 422 and [e["field"] for e in bad.json()["errors"]] == ["amount"]
    bad = api(cast.head).post(f"/policy-claims/{cid}/disburse", {"amount": "5", "paid_on": "2099-01-01"})
    assert bad.status_code == 422 and [e["field"] for e in bad.json()["errors"]] == ["paid_on"]
    today = timezone.localdate().isoformat()
    done = api(cast.head).post(f"/policy-claims/{cid}/disburse", {"amount": "5", "paid_on": today}).json()
    assert done["status"] == "disbursed" and done["amount_paid"] == "5.00"
    seen = api(cast.enterprise_user).get(f"/policy-claims/{cid}").json()
    assert [t["action"] for t in seen["timeline"]] == ["submit", "accept", "handover", "approve", "disburse"]
    assert api(cast.enterprise_user).post(f"/policy-claims/{cid}/rate", {"rating": 5}).json()["status"] == "disbursed"
    assert api(cast.enterprise_user).post(f"/policy-claims/{cid}/rate", {"rating": 4}).status_code == 409
    # Scope: another enterprise's user and another department see nothing of it.
    assert api(cast.outsider).get(f"/policy-claims/{cid}").status_code == 401
    tax_head = User.objects.create_user(
        username="taxhead", password="x", role=Role.DEPARTMENT_HEAD, department=cast.tax
    )
    assert api(tax_head).get(f"/policy-claims/{cid}").status_code == 404
    assert api(cast.other_officer).get(f"/policy-claims/{cid}").status_code == 404


def test_a_claim_by_an_enterprise_that_does_not_fit_is_refused_with_reasons(cast: Cast, api: Any) -> None:
    policy = publish(cast, api)
    res = api(cast.window).post("/policy-claims", {"policy_id": policy["id"], "enterprise_id": cast.other_ent.pk})
    assert res.status_code == 422
    assert res.json()["errors"][0]["field"] == "enterprise_id" and "C3911" in res.json()["detail"]
    assert not PolicyClaim.objects.exists()


def test_claim_deadline_warns_and_supervises_once(cast: Cast, api: Any) -> None:
    from qifu.policies import selectors

    policy = publish(cast, api, payment_days=5)
    claim = services.claim_submit(actor=cast.enterprise_user, policy_id=policy["id"], enterprise_id=cast.ent.pk)
    # The rule of when lives in supervision's one watcher: warned while the light is amber, supervised once late.
    from qifu.supervision.services import watch_late

    with time_machine.travel(claim.warning_at + dt.timedelta(hours=1), tick=False):
        warned = watch_late(kinds={"policy_claim"})
        again = watch_late(kinds={"policy_claim"})
    assert warned == {"reminders": 1, "supervision_orders": 0} and again == {"reminders": 0, "supervision_orders": 0}
    with time_machine.travel(claim.due_at + dt.timedelta(hours=1), tick=False):
        first = watch_late(kinds={"policy_claim"})
        second = watch_late(kinds={"policy_claim"})
    assert first == {"reminders": 0, "supervision_orders": 1} and second == {"reminders": 0, "supervision_orders": 0}
    assert TimelineEvent.objects.filter(subject_type="policy_claim", action="warning", internal=True).count() == 1
    assert Notification.objects.filter(recipient=cast.head, title__contains="已超期").count() == 1
    with time_machine.travel(claim.due_at + dt.timedelta(hours=1), tick=False):
        assert [c.pk for c in selectors.claim_list_for(cast.dispatcher, light="overdue")] == [claim.pk]
    assert not selectors.claim_list_for(cast.dispatcher, light="overdue").exists()
    assert TimelineEvent.objects.filter(subject_type="policy_claim", action="overdue", internal=True).count() == 1


# ---------------------------------------------------------------- the claim workflow, exhaustively

# DESIGN.md "Workflows", typed out by hand: a wrong table in transitions.py fails here.
CLAIM_TABLE = {
    ("submitted", "accept"): "accepted",
    ("accepted", "handover"): "in_review",
    ("in_review", "approve"): "approved",
    ("in_review", "deny"): "denied",
    ("approved", "disburse"): "disbursed",
    ("submitted", "withdraw"): "withdrawn",
    ("accepted", "withdraw"): "withdrawn",
    ("in_review", "withdraw"): "withdrawn",
}
# Who may take each action, by role (with the claim in their scope): typed out by hand too.
CLAIM_WHO = {
    "accept": {"window_staff"},
    "handover": {"window_staff"},
    "approve": {"department_handler", "department_head"},
    "deny": {"department_handler", "department_head"},
    "disburse": {"department_handler", "department_head"},
    "withdraw": {"enterprise"},
}
POLICY_TABLE = {
    ("draft", "publish"): "published",
    ("withdrawn", "publish"): "published",
    ("published", "withdraw"): "withdrawn",
}


def test_the_tables_are_the_documented_ones() -> None:
    from qifu.policies.transitions import POLICY_WORKFLOW

    assert dict(WORKFLOW.transitions) == CLAIM_TABLE
    assert dict(POLICY_WORKFLOW.transitions) == POLICY_TABLE
    assert dict(WORKFLOW.side_actions) == {
        "upload": ("submitted", "accepted", "in_review"),
        "rate": ("disbursed", "denied"),
    }


ROLES = ["window_staff", "department_handler", "department_head", "enterprise", "supervisor", "service_officer"]
API_OF = {
    "accept": ("accept", None),
    "handover": ("handover", None),
    "approve": ("decide", {"approved": True, "note": "符合"}),
    "deny": ("decide", {"approved": False, "note": "材料不实"}),
    "disburse": ("disburse", {"amount": "2", "paid_on": "2026-01-05"}),
    "withdraw": ("withdraw", None),
}
PATH = {
    "submitted": [],
    "accepted": ["accept"],
    "in_review": ["accept", "handover"],
    "approved": ["accept", "handover", "approve"],
    "denied": ["accept", "handover", "deny"],
    "disbursed": ["accept", "handover", "approve", "disburse"],
    "withdrawn": ["withdraw"],
}


def _step(cast: Cast, claim_id: int, action: str) -> None:
    hall, department, enterprise = cast.window, cast.head, cast.enterprise_user
    {
        "accept": lambda: services.claim_accept(actor=hall, claim_id=claim_id),
        "handover": lambda: services.claim_handover(actor=hall, claim_id=claim_id),
        "approve": lambda: services.claim_approve(actor=department, claim_id=claim_id, note="理由"),
        "deny": lambda: services.claim_deny(actor=department, claim_id=claim_id, note="理由"),
        "disburse": lambda: services.claim_disburse(
            actor=department, claim_id=claim_id, amount=Decimal(1), paid_on=dt.date(2026, 1, 5)
        ),
        "withdraw": lambda: services.claim_withdraw(actor=enterprise, claim_id=claim_id),
    }[action]()


@pytest.mark.parametrize("state", list(PATH))
def test_every_state_action_and_role(cast: Cast, api: Any, state: str) -> None:
    policy = publish(cast, api)
    for action, (endpoint, body) in API_OF.items():
        for role in ROLES:
            PolicyClaim.objects.all().delete()
            claim = services.claim_submit(actor=cast.enterprise_user, policy_id=policy["id"], enterprise_id=cast.ent.pk)
            for step in PATH[state]:
                _step(cast, claim.pk, step)
            claim.refresh_from_db()
            assert claim.status == state
            user = cast.by_role()[role]
            client = api(user)  # issuing its token is audited too
            audits = AuditEvent.objects.count()
            res = client.post(f"/policy-claims/{claim.pk}/{endpoint}", body)
            claim.refresh_from_db()
            if (state, action) not in CLAIM_TABLE:
                expected = {409, 403, 404}  # out of order: 409 once the user may see the claim
                assert res.status_code in expected, (state, action, role, res.status_code)
                if res.status_code == 409:
                    assert "不能" in res.json()["detail"]
                assert claim.status == state and AuditEvent.objects.count() == audits
            elif role in CLAIM_WHO[action]:
                assert res.status_code == 200, (state, action, role, res.content)
                assert claim.status == CLAIM_TABLE[(state, action)] == res.json()["status"]
                assert AuditEvent.objects.count() == audits + 1
                assert (
                    TimelineEvent.objects.filter(
                        subject_type="policy_claim", subject_id=claim.pk, action=action
                    ).count()
                    == 1
                )
            else:
                assert res.status_code in (403, 404), (state, action, role, res.status_code)
                assert claim.status == state and AuditEvent.objects.count() == audits


def test_workbenches_show_missing_guides_claims_and_unclaimed_fits(cast: Cast, api: Any, page_client: Any) -> None:
    policy = publish(cast, api, guide_where="", title="缺申兑指南的政策")
    dispatcher = page_client(cast.dispatcher)
    assert "仍缺申兑指南的政策" in dispatcher.get("/").content.decode()
    from qifu.policies import selectors

    assert selectors.guide_missing() == []  # just published: the department has 7 working days
    link = f'href="/policies/{policy["id"]}/"'
    assert link not in dispatcher.get("/policies/?guide_missing=1").content.decode()
    with time_machine.travel(dt.datetime.now(tz=dt.UTC) + dt.timedelta(days=14)):
        assert [p.pk for p in selectors.guide_missing()] == [policy["id"]]
        assert link in dispatcher.get("/policies/?guide_missing=1").content.decode()
    enterprise_page = page_client(cast.enterprise_user).get("/").content.decode()
    assert "为您匹配、尚未申报的政策" in enterprise_page
    from qifu.policies.workbench import unclaimed_fits

    assert unclaimed_fits([cast.ent.pk, cast.other_ent.pk]) == 1
    services.claim_submit(actor=cast.officer, policy_id=policy["id"], enterprise_id=cast.ent.pk)
    assert unclaimed_fits([cast.ent.pk]) == 0
    assert "待受理的政策申兑" in page_client(cast.window).get("/").content.decode()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_claim_materials_upload_reuse_and_confidential_download(cast: Cast, api: Any) -> None:

    policy = publish(cast, api)
    first = services.claim_submit(actor=cast.enterprise_user, policy_id=policy["id"], enterprise_id=cast.ent.pk)

    def upload(user: Any, name: str, content: bytes, filename: str = "执照.pdf") -> Any:
        client = api(user)
        return client.client.post(
            f"/api/v1/policy-claims/{first.pk}/materials",
            {"name": name, "file": SimpleUploadedFile(filename, content)},
            **client.headers,
        )

    assert sorted(first.materials.values_list("name", flat=True)) == ["社保缴费证明", "营业执照"]  # one line each
    assert upload(cast.enterprise_user, "营业执照", b"MZ\x90\x00 not a document", "执照.pdf").status_code == 422
    assert upload(cast.enterprise_user, "房产证", PDF).json()["errors"][0]["field"] == "name"
    assert upload(cast.handler, "营业执照", PDF).status_code in (403, 404)
    res = upload(cast.enterprise_user, "营业执照", PDF)
    assert res.status_code == 200
    [material] = [m for m in res.json()["materials"] if m["name"] == "营业执照"]
    assert material["has_file"]
    url = f"/policy-claims/{first.pk}/materials/{material['id']}/file"
    downloads = AuditEvent.objects.filter(action="policy_claim.material_download")
    assert api(cast.window).get(url).status_code == 200
    assert api(cast.officer).get(url).status_code == 404  # the officer sees the claim, not its materials
    assert downloads.count() == 1
    # A second policy asking for 营业执照 reuses the file already filed.
    other = publish(cast, api, title="另一项补贴", materials="营业执照")
    second = services.claim_submit(actor=cast.enterprise_user, policy_id=other["id"], enterprise_id=cast.ent.pk)
    [reused] = second.materials.all()
    assert reused.reused_from == f"申兑 {first.number}" and reused.file


def test_dashboard_figures_by_department(cast: Cast, api: Any, page_client: Any) -> None:
    from qifu.policies.selectors import department_figures

    policy = publish(cast, api)
    api(cast.head).post(f"/policies/{policy['id']}/push")
    claim = services.claim_submit(actor=cast.enterprise_user, policy_id=policy["id"], enterprise_id=cast.ent.pk)
    services.claim_accept(actor=cast.window, claim_id=claim.pk)
    services.claim_handover(actor=cast.window, claim_id=claim.pk)
    services.claim_approve(actor=cast.head, claim_id=claim.pk)
    today = timezone.localdate()
    services.claim_disburse(actor=cast.head, claim_id=claim.pk, amount=Decimal("2.5"), paid_on=today)
    [row] = department_figures(today - dt.timedelta(days=1), today)
    assert row["label"] == cast.market.name
    assert (row["policies"], row["matched"], row["pushed"], row["read"], row["claimed"]) == (1, 1, 1, 0, 1)
    assert (row["approved"], row["paid"], str(row["amount"]), row["avg_days"], row["overdue"]) == (1, 1, "2.50", 0.0, 0)
    page = page_client(cast.dispatcher).get("/dashboard/").content.decode()
    assert "惠企政策兑现情况" in page and cast.market.name in page


def test_rematch_on_demand_after_changes_made_behind_the_hooks(cast: Cast, api: Any) -> None:
    from qifu.enterprises.models import Enterprise

    policy = publish(cast, api)
    # A bulk import writes rows directly, without the per-enterprise hook.
    Enterprise.objects.filter(pk=cast.other_ent.pk).update(industry_code="C3312", scale="small", employees=70)
    assert api(cast.head).get(f"/policies/{policy['id']}/matches").json()["fits"] == 1
    assert api(cast.window).post(f"/policies/{policy['id']}/rematch").status_code == 403
    assert api(cast.head).post(f"/policies/{policy['id']}/rematch").status_code == 200
    assert api(cast.head).get(f"/policies/{policy['id']}/matches").json()["fits"] == 2
    assert api(cast.head).post("/policies/rematch").status_code == 403
    assert api(cast.admin).post("/policies/rematch").json() == {"policies": 1}


def test_the_compiled_policies_follow_publishing_and_withdrawing(cast: Cast, api: Any) -> None:
    from qifu.policies import selectors

    facts = selectors.enterprise_facts([cast.ent.pk])[cast.ent.pk]
    first = publish(cast, api)
    assert set(services.compiled_policies().verdicts(facts)) == {first["id"]}
    services.policy_withdraw(actor=cast.head, policy_id=first["id"])
    second = publish(cast, api, title="第二项政策")
    assert set(services.compiled_policies().verdicts(facts)) == {second["id"]}
    body = policy_body(cast, title="第二项政策", criteria={"scales": ["large"]})
    services.policy_update(actor=cast.head, policy_id=second["id"], fields=PolicyIn(**body))
    assert services.compiled_policies().verdicts(facts) == {second["id"]: "no"}


def test_an_interrupted_auto_grant_grants_nothing_twice(cast: Cast, api: Any, monkeypatch: Any) -> None:
    enterprise_update(
        actor=cast.admin,
        enterprise_id=cast.other_ent.pk,
        data={"industry_code": "C3312", "scale": "small", "employees": 90},
    )
    User.objects.create_user(username="ent2", password="x", role=Role.ENTERPRISE, enterprise=cast.other_ent)
    policy = publish(cast, api, auto_grant=True)
    monkeypatch.setattr(services, "BATCH", 1)
    real_notify = services.notify
    calls = {"n": 0}

    def failing_notify(**kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("worker killed")
        return real_notify(**kwargs)

    monkeypatch.setattr(services, "notify", failing_notify)
    with pytest.raises(RuntimeError):
        services.auto_grant(actor=cast.head, policy_id=policy["id"])
    assert PolicyClaim.objects.count() == 1  # the interrupted batch left nothing behind
    monkeypatch.setattr(services, "notify", real_notify)
    assert services.auto_grant(actor=cast.head, policy_id=policy["id"]) == 1
    assert sorted(PolicyClaim.objects.values_list("enterprise_id", flat=True)) == sorted(
        [cast.ent.pk, cast.other_ent.pk]
    )


def test_an_enterprise_import_re_matches_the_policies(cast: Cast, api: Any, page_client: Any) -> None:
    from tests.enterprises.test_import_export import row, sheet

    policy = publish(cast, api, criteria={"industries": ["C33"], "min_employees": 20})
    assert api(cast.head).get(f"/policies/{policy['id']}/matches").json()["fits"] == 1
    res = page_client(cast.dispatcher).post(
        "/enterprises/import/", {"file": SimpleUploadedFile("台账.xlsx", sheet([row(500 + i) for i in range(3)]))}
    )
    assert res.status_code == 302
    assert api(cast.head).get(f"/policies/{policy['id']}/matches").json()["fits"] == 4


# ---------------------------------------------------------------- input the columns cannot hold


def _rows() -> tuple[int, int, int, int]:
    return (
        Policy.objects.count(),
        PolicyClaim.objects.count(),
        AuditEvent.objects.count(),
        TimelineEvent.objects.count(),
    )


def test_money_is_bounded_by_its_column_and_by_the_policy_cap(cast: Cast, api: Any) -> None:
    policy = publish(cast, api, max_amount="10")
    assert policy["max_amount"] == "10.00"
    client = api(cast.enterprise_user)
    body = {"policy_id": policy["id"], "enterprise_id": cast.ent.pk}
    before = _rows()
    for amount, field in (
        (1e20, "amount"),
        ("NaN", "amount"),
        ("Infinity", "amount"),
        ("1.005", "amount"),
        (10.01, "amount"),
        (0, "amount"),
    ):
        res = client.post("/policy-claims", {**body, "amount": amount})
        assert res.status_code == 422, (amount, res.content)
        assert [e["field"] for e in res.json()["errors"]] == [field]
    assert _rows() == before  # nothing written
    # The list and the pages still answer for everyone who sees the policy's claims.
    assert client.get("/policy-claims").status_code == 200
    claim = client.post("/policy-claims", {**body, "amount": "10"}).json()
    assert claim["amount_requested"] == "10.00"
    for step in ("accept", "handover"):
        api(cast.window).post(f"/policy-claims/{claim['id']}/{step}")
    api(cast.head).post(f"/policy-claims/{claim['id']}/decide", {"approved": True})
    today = timezone.localdate().isoformat()
    head = api(cast.head)  # issuing its token is audited: before counting
    before = _rows()
    for amount in (1e20, "NaN", "10.01"):
        res = head.post(f"/policy-claims/{claim['id']}/disburse", {"amount": amount, "paid_on": today})
        assert res.status_code == 422 and [e["field"] for e in res.json()["errors"]] == ["amount"], res.content
    res = head.post(f"/policy-claims/{claim['id']}/disburse", {"amount": "5", "paid_on": "9999-12-31"})
    assert res.status_code == 422 and [e["field"] for e in res.json()["errors"]] == ["paid_on"]
    assert _rows() == before and PolicyClaim.objects.get().status == ClaimStatus.APPROVED
    done = api(cast.head).post(f"/policy-claims/{claim['id']}/disburse", {"amount": "10", "paid_on": today})
    assert done.status_code == 200 and done.json()["amount_paid"] == "10.00"
    for user in (cast.enterprise_user, cast.window, cast.head, cast.supervisor):
        assert api(user).get("/policy-claims").status_code == 200


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"criteria": {"max_revenue": "NaN"}}, "criteria.max_revenue"),
        ({"criteria": {"min_revenue": 1e400}}, "criteria.min_revenue"),
        ({"criteria": {"min_revenue": "1e400"}}, "criteria.min_revenue"),
        ({"criteria": {"max_revenue": "1.005"}}, "criteria.max_revenue"),
        ({"criteria": {"max_employees": 2**40}}, "criteria.max_employees"),
        ({"criteria": {"min_years": 1e400}}, "criteria.min_years"),
        ({"effective_to": "9999-12-31"}, "effective_to"),
        ({"effective_from": "1800-01-01"}, "effective_from"),
        ({"apply_to": "2101-01-01"}, "apply_to"),
        ({"max_amount": 1e20}, "max_amount"),
        ({"max_amount": "NaN"}, "max_amount"),
        ({"payment_days": 10**20}, "payment_days"),
        ({"department_id": 2**70}, "department_id"),
        ({"title": "x" * 201}, "title"),
    ],
)
def test_a_policy_the_columns_cannot_hold_is_refused(cast: Cast, api: Any, extra: dict[str, Any], field: str) -> None:
    before = _rows()
    res = api(cast.head).post("/policies", policy_body(cast, **extra))
    assert res.status_code == 422, res.content
    assert [e["field"] for e in res.json()["errors"]] == [field]
    assert _rows()[:1] == before[:1] and not Policy.objects.exists()


def test_lists_are_keyset_pages(cast: Cast, api: Any) -> None:
    ids = [publish(cast, api, title=f"政策{i}")["id"] for i in range(3)]
    first = api(cast.enterprise_user).get("/policies?limit=2").json()
    assert [p["id"] for p in first["items"]] == ids[::-1][:2] and first["next_cursor"]
    second = api(cast.enterprise_user).get(f"/policies?limit=2&cursor={first['next_cursor']}").json()
    assert [p["id"] for p in second["items"]] == ids[:1] and second["next_cursor"] is None
    assert api(cast.enterprise_user).get("/policies?department_id=³").status_code == 422
    assert api(cast.enterprise_user).get(f"/policies?department_id={2**70}").status_code == 422
    for pid in ids:
        services.claim_submit(actor=cast.enterprise_user, policy_id=pid, enterprise_id=cast.ent.pk)
    page = api(cast.window).get("/policy-claims?limit=2").json()
    assert len(page["items"]) == 2 and page["next_cursor"]
    rest = api(cast.window).get(f"/policy-claims?cursor={page['next_cursor']}").json()
    assert len(rest["items"]) == 1 and rest["next_cursor"] is None
    assert {c["light"] for c in page["items"]} == {"normal"}
    claim = PolicyClaim.objects.order_by("id").first()
    assert claim is not None
    with time_machine.travel(claim.due_at + dt.timedelta(hours=1), tick=False):
        late = api(cast.window).get("/policy-claims?light=overdue").json()["items"]
        assert {c["id"] for c in late} == set(PolicyClaim.objects.values_list("pk", flat=True))
        assert all(c["light"] == "overdue" for c in late)
    assert api(cast.window).get("/policy-claims?light=overdue").json()["items"] == []
    assert api(cast.window).get("/policy-claims?light=red").status_code == 422


def test_publish_and_withdraw_go_through_the_policy_workflow(cast: Cast, api: Any) -> None:
    policy = publish(cast, api)
    assert api(cast.head).post(f"/policies/{policy['id']}/publish").status_code == 409
    assert api(cast.window).post(f"/policies/{policy['id']}/withdraw").status_code == 403
    assert api(cast.head).post(f"/policies/{policy['id']}/withdraw").json()["status"] == "withdrawn"
    again = api(cast.head).post(f"/policies/{policy['id']}/withdraw")
    assert again.status_code == 409 and "不能撤回" in again.json()["detail"]
    assert api(cast.head).post(f"/policies/{policy['id']}/publish").json()["status"] == "published"
    steps = TimelineEvent.objects.filter(subject_type="policy", subject_id=policy["id"]).order_by("id")
    assert [t.action for t in steps] == ["publish", "withdraw", "publish"]
    assert AuditEvent.objects.filter(action="policy.withdraw").count() == 1
