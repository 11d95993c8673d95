"""Applications through the API of API.md: submit, one-time notice, correction, deferral under a commitment,
handover, pause, decision, delivery; bundles in parallel; proxies need an entrustment; the watch."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from qifu.accounts.services import token_issue
from qifu.applications import services
from qifu.applications.models import Application, Commitment
from qifu.core.workcalendar import SHANGHAI
from tests.applications.helpers import food_licence, requirement_ids, restaurant_bundle
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def at(day: str, hour: int = 10) -> Any:
    return time_machine.travel(dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI), tick=False)


def submit(cast: Cast, api: Any, made: Any, provided: list[str]) -> dict[str, Any]:
    ids = requirement_ids(made)
    res = api(cast.enterprise_user).post(
        "/applications",
        {
            "item_id": made.pk,
            "mode": "self",
            "materials": [{"requirement_id": i, "provided": name in provided} for name, i in ids.items()],
        },
    )
    assert res.status_code == 201, res.content
    return res.json()


def test_notice_correction_deferral_handover_pause_decision_delivery(cast: Cast, api: Any) -> None:
    made = food_licence(cast)
    ids = requirement_ids(made)
    window, head = api(cast.window), api(cast.head)
    with at("2026-11-02"):
        body = submit(cast, api, made, ["营业执照"])
        assert body["status"] == "submitted" and body["due_at"].startswith("2026-11-09")
        app_id = body["id"]
        res = window.post(
            f"/applications/{app_id}/pre_review",
            {
                "result": "correct",
                "problems": [
                    {"requirement_id": ids["食品安全管理制度"], "problem": "缺少食品安全管理制度文本"},
                    {"requirement_id": ids["经营场所平面图"], "problem": "平面图未标注操作间"},
                ],
            },
        )
        assert res.status_code == 200 and res.json()["status"] == "correction_requested"
        notice = window.get(f"/applications/{app_id}/notice")
        html = notice.content.decode()
        assert "一次性告知单" in html and "缺少食品安全管理制度文本" in html and "平面图未标注操作间" in html
        res = api(cast.enterprise_user).post(
            f"/applications/{app_id}/correct",
            {"materials": [{"requirement_id": ids["食品安全管理制度"], "provided": True}]},
        )
        assert res.json()["status"] == "submitted"
        # 平面图 is still missing: accepting without deferring it is refused, naming the material.
        refused = window.post(f"/applications/{app_id}/pre_review", {"result": "accept"})
        assert refused.status_code == 422 and "经营场所平面图" in refused.json()["detail"]
        too_late = window.post(
            f"/applications/{app_id}/pre_review",
            {
                "result": "accept",
                "deferred": [ids["经营场所平面图"]],
                "commitment_due": "2026-12-30",
                "signed_by": "陈建华",
            },
        )
        assert too_late.status_code == 422 and too_late.json()["errors"][0]["field"] == "commitment_due"
        accepted = window.post(
            f"/applications/{app_id}/pre_review",
            {
                "result": "accept",
                "deferred": [ids["经营场所平面图"]],
                "commitment_due": "2026-11-10",
                "signed_by": "陈建华",
            },
        )
        assert accepted.status_code == 200, accepted.content
        body = accepted.json()
        assert body["status"] == "accepted" and body["commitment_due"] == "2026-11-10"
        assert [m["name"] for m in body["deferred_materials"]] == ["经营场所平面图"]
        assert body["due_at"].startswith("2026-11-16")  # 10 working days from 11-02
        assert window.post(f"/applications/{app_id}/handover", {}).json()["status"] == "in_review"
    with at("2026-11-04"):
        assert head.post(f"/applications/{app_id}/pause", {"reason": "组织专家现场核查"}).json()["paused"]
    with at("2026-11-06"):
        resumed = head.post(f"/applications/{app_id}/resume").json()
        assert resumed["due_at"].startswith("2026-11-18")  # 2 paused working days (11-05, 11-06) not counted
        blocked = head.post(f"/applications/{app_id}/decide", {"approved": True, "note": "符合条件"})
        assert blocked.status_code == 409  # the deferred material is not in yet
        api(cast.enterprise_user).post(
            f"/applications/{app_id}/supply_deferred", {"requirement_id": ids["经营场所平面图"]}
        )
        assert Commitment.objects.get(application_id=app_id).fulfilled_at is not None
        assert (
            api(cast.handler).post(f"/applications/{app_id}/decide", {"approved": True}).json()["status"] == "approved"
        )
        assert window.post(f"/applications/{app_id}/deliver", {"method": "express"}).status_code == 422
        done = window.post(f"/applications/{app_id}/deliver", {"method": "express", "tracking_number": "SF1234567890"})
        assert done.json()["status"] == "delivered"
        actions = [t["action"] for t in done.json()["timeline"]]
        assert actions == [
            "submit",
            "request_correction",
            "correct",
            "accept",
            "handover",
            "pause",
            "resume",
            "supply_deferred",
            "approve",
            "deliver",
        ]


def test_only_deferrable_materials_of_a_deferral_item_may_be_deferred(cast: Cast, api: Any) -> None:
    made = food_licence(cast)
    ids = requirement_ids(made)
    with at("2026-11-02"):
        body = submit(cast, api, made, ["营业执照", "经营场所平面图"])
        res = api(cast.window).post(
            f"/applications/{body['id']}/pre_review",
            {
                "result": "accept",
                "deferred": [ids["食品安全管理制度"]],
                "commitment_due": "2026-11-10",
                "signed_by": "陈建华",
            },
        )
    assert res.status_code == 422 and "主要材料，不能容缺" in res.json()["detail"]


def test_a_broken_commitment_terminates_and_blocks_deferral_for_a_year(cast: Cast, api: Any) -> None:
    made = food_licence(cast)
    ids = requirement_ids(made)
    with at("2026-11-02"):
        body = submit(cast, api, made, ["营业执照", "食品安全管理制度"])
        api(cast.window).post(
            f"/applications/{body['id']}/pre_review",
            {
                "result": "accept",
                "deferred": [ids["经营场所平面图"]],
                "commitment_due": "2026-11-05",
                "signed_by": "陈建华",
            },
        )
    with at("2026-11-06"):
        assert services.watch_applications() == {"deemed_accepted": 0, "commitments_broken": 1}
        assert services.watch_applications() == {"deemed_accepted": 0, "commitments_broken": 0}
        terminated = Application.objects.get(pk=body["id"])
        assert terminated.status == "terminated" and terminated.termination_reason == "e"
        second = submit(cast, api, made, ["营业执照", "食品安全管理制度"])
        res = api(cast.window).post(
            f"/applications/{second['id']}/pre_review",
            {
                "result": "accept",
                "deferred": [ids["经营场所平面图"]],
                "commitment_due": "2026-11-12",
                "signed_by": "陈建华",
            },
        )
        assert res.status_code == 422 and "近一年内有未履行的告知承诺" in res.json()["detail"]


def test_five_day_notice_clock_marks_deemed_acceptance(cast: Cast, api: Any) -> None:
    made = food_licence(cast)
    with at("2026-11-02"):
        body = submit(cast, api, made, ["营业执照"])
    with at("2026-11-10"):
        assert services.watch_applications()["deemed_accepted"] == 1
        late = api(cast.window).post(
            f"/applications/{body['id']}/pre_review",
            {
                "result": "correct",
                "problems": [{"requirement_id": requirement_ids(made)["食品安全管理制度"], "problem": "缺"}],
            },
        )
        assert late.status_code == 409


def test_proxy_needs_a_valid_entrustment(cast: Cast, api: Any) -> None:
    made = food_licence(cast)
    agent = {"name": "林代办", "phone": "13500001111", "id_number": "440106199001011230"}
    from stdnum.cn import ric

    agent["id_number"] = agent["id_number"][:17] + ric.calc_check_digit(agent["id_number"])  # needs all 18
    window = api(cast.window)
    body = {"enterprise_id": cast.ent.pk, "item_id": made.pk, "mode": "proxy", "agent": agent, "materials": []}
    refused = window.post("/applications", body)
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "agent"
    entrust = window.post(
        "/entrustments",
        {
            "enterprise_id": cast.ent.pk,
            "agent_name": "林代办",
            "agent_phone": "13500001111",
            "agent_id_number": agent["id_number"],
            "scope": "食品经营许可申请及领证",
            "valid_until": "2099-12-31",
        },
    )
    assert entrust.status_code == 201, entrust.content
    assert window.post("/applications", body).status_code == 201


def test_bundle_children_go_to_their_departments_and_decide_the_parent(cast: Cast, api: Any) -> None:
    bundle = restaurant_bundle(cast)
    materials = [
        {"requirement_id": m.pk, "provided": True} for i in bundle.items.all() for m in i.current.materials.all()
    ]  # type: ignore[union-attr]
    res = api(cast.enterprise_user).post(
        "/applications", {"bundle_id": bundle.pk, "mode": "self", "materials": materials[:1]}
    )
    parent_id = res.json()["id"]
    # Supplying 营业执照 once counts for every item that asks for it.
    assert sum(m["state"] == "provided" for m in res.json()["materials"]) == 2
    window = api(cast.window)
    accepted = window.post(f"/applications/{parent_id}/pre_review", {"result": "accept"})
    assert accepted.status_code == 422  # the rest is missing
    missing = [m for m in res.json()["materials"] if m["state"] == "missing"]
    notice = window.post(
        f"/applications/{parent_id}/pre_review",
        {
            "result": "correct",
            "problems": [{"requirement_id": m["requirement_id"], "problem": f"缺少{m['name']}"} for m in missing],
        },
    )
    assert notice.json()["status"] == "correction_requested"
    api(cast.enterprise_user).post(f"/applications/{parent_id}/correct", {"materials": materials})
    body = window.post(f"/applications/{parent_id}/pre_review", {"result": "accept"}).json()
    assert body["status"] == "accepted" and len(body["children"]) == 3
    window.post(f"/applications/{parent_id}/handover", {})
    children = {c["department"]: c["id"] for c in api(cast.admin).get(f"/applications/{parent_id}").json()["children"]}
    assert set(children) == {cast.market.name, cast.tax.name}
    assert api(cast.handler).get(f"/applications/{parent_id}").status_code == 404  # a department sees its child
    for child in Application.objects.filter(parent_id=parent_id, department=cast.market):
        api(cast.handler).post(f"/applications/{child.pk}/decide", {"approved": True, "note": "同意"})
    assert Application.objects.get(pk=parent_id).status == "in_review"
    from qifu.accounts.models import User

    tax_handler = User.objects.create_user(
        username="tax-h", password="x-pass-2026", role="department_handler", department=cast.tax
    )
    child = Application.objects.get(parent_id=parent_id, department=cast.tax)
    assert api(tax_handler).post(f"/applications/{child.pk}/decide", {"approved": True}).status_code == 200
    assert Application.objects.get(pk=parent_id).status == "approved"
    done = window.post(f"/applications/{parent_id}/deliver", {"method": "pickup", "collected_by": "陈建华"})
    assert done.json()["status"] == "delivered"
    assert set(Application.objects.filter(parent_id=parent_id).values_list("status", flat=True)) == {"delivered"}
    # The dashboard's daily counters count the bundle through its three children.
    from qifu.applications import stats

    today = timezone.localdate()
    by_department = {r["label"]: r for r in stats.figures(today, today)}
    assert [by_department[cast.market.name][k] for k in ("accepted", "decided", "on_time", "delivered")] == [2, 2, 2, 2]
    assert [by_department[cast.tax.name][k] for k in ("accepted", "decided", "on_time", "delivered")] == [1, 1, 1, 1]
    assert {r["label"] for r in stats.figures(today, today, by="item")} == {"企业设立登记", "发票领用", "食品经营许可"}


def test_termination_is_counted_for_the_dashboard(cast: Cast, api: Any) -> None:
    from qifu.applications import stats

    body = submit(cast, api, food_licence(cast), ["营业执照", "食品安全管理制度", "经营场所平面图"])
    api(cast.window).post(f"/applications/{body['id']}/pre_review", {"result": "accept"})
    api(cast.window).post(f"/applications/{body['id']}/terminate", {"reason_code": "a", "note": "企业申请终止"})
    today = timezone.localdate()
    [row] = stats.figures(today, today)
    assert (row["label"], row["accepted"], row["decided"], row["terminated"]) == (cast.market.name, 1, 0, 1)


def test_wrong_roles_and_states(cast: Cast, api: Any) -> None:
    made = food_licence(cast)
    body = submit(cast, api, made, ["营业执照", "食品安全管理制度", "经营场所平面图"])
    assert api(cast.handler).post(f"/applications/{body['id']}/pre_review", {"result": "accept"}).status_code == 403
    assert api(cast.window).post(f"/applications/{body['id']}/decide", {"approved": True}).status_code == 409
    assert api(cast.other_officer).get(f"/applications/{body['id']}").status_code == 404
    assert api(cast.officer).get(f"/applications/{body['id']}").status_code == 200
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=cast.window)[0]}")
    bad = client.post(
        f"/api/v1/applications/{body['id']}/terminate",
        {"reason_code": "z", "note": "x"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "reason_code"


def test_material_files_are_checked_confidential_and_audited(cast: Cast, api: Any) -> None:
    import io

    from qifu.core.models import AuditEvent

    made = food_licence(cast)
    body = submit(cast, api, made, ["营业执照"])
    licence = requirement_ids(made)["营业执照"]
    url = f"/api/v1/applications/{body['id']}/materials/{licence}/file"

    def upload(user: Any, name: str, content: bytes) -> Any:
        handle = io.BytesIO(content)
        handle.name = name
        return Client(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)[0]}").post(url, {"file": handle})

    disguised = upload(cast.enterprise_user, "营业执照.pdf", b"MZ\x90\x00 not a pdf")
    assert disguised.status_code == 422 and disguised.json()["errors"][0]["field"] == "file"
    assert upload(cast.enterprise_user, "营业执照.pdf", b"%PDF-1.7 licence").status_code == 200
    assert upload(cast.handler, "营业执照.pdf", b"%PDF-1.7 licence").status_code == 403
    got = Client(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=cast.window)[0]}").get(url)
    assert got.status_code == 200 and b"".join(got.streaming_content) == b"%PDF-1.7 licence"
    assert AuditEvent.objects.filter(action="application.material_download", actor_id=cast.window.pk).count() == 1
    for user in (cast.supervisor, cast.officer, cast.dispatcher):
        assert Client(HTTP_AUTHORIZATION=f"Bearer {token_issue(user=user)[0]}").get(url).status_code == 404


def test_dashboard_counts_applications_on_time(cast: Cast, api: Any, page_client: Any) -> None:
    made = food_licence(cast)
    body = submit(cast, api, made, ["营业执照", "食品安全管理制度", "经营场所平面图"])
    api(cast.window).post(f"/applications/{body['id']}/pre_review", {"result": "accept"})
    api(cast.window).post(f"/applications/{body['id']}/handover", {})
    api(cast.handler).post(f"/applications/{body['id']}/decide", {"approved": True})
    html = page_client(cast.supervisor).get("/dashboard/").content.decode()
    table = html[html.index('id="table-applications"') :]
    assert cast.market.name in table and "100.0%" in table
    assert "<title>数据看板" in html


def test_window_receives_a_missing_paper_material_and_accepts(cast: Cast, api: Any) -> None:
    made = food_licence(cast)
    ids = requirement_ids(made)
    body = submit(cast, api, made, ["营业执照", "食品安全管理制度"])
    window = api(cast.window)
    res = window.post(
        f"/applications/{body['id']}/pre_review", {"result": "accept", "received": [ids["经营场所平面图"]]}
    )
    assert res.status_code == 200 and res.json()["status"] == "accepted"
    assert {m["state"] for m in res.json()["materials"]} == {"provided"}
    assert "窗口当场收取：经营场所平面图" in res.json()["timeline"][-1]["note"]


def test_a_revoked_entrustment_no_longer_lets_the_agent_act(cast: Cast, api: Any, page_client: Any) -> None:
    from stdnum.cn import ric

    from qifu.applications.models import Entrustment

    made = food_licence(cast)
    number = "110101199001011230"
    number = number[:17] + ric.calc_check_digit(number)
    window = api(cast.window)
    created = window.post(
        "/entrustments",
        {
            "enterprise_id": cast.ent.pk,
            "agent_name": "林代办",
            "agent_phone": "13500001111",
            "agent_id_number": number,
            "scope": "食品经营许可",
            "valid_until": "2099-12-31",
        },
    ).json()
    body = {
        "enterprise_id": cast.ent.pk,
        "item_id": made.pk,
        "mode": "proxy",
        "materials": [],
        "agent": {"name": "林代办", "phone": "13500001111", "id_number": number},
    }
    assert window.post("/applications", body).status_code == 201
    page_client(cast.window).post(f"/applications/entrustments/{created['id']}/revoke/")
    assert Entrustment.objects.get(pk=created["id"]).revoked_at is not None
    assert window.post("/applications", body).status_code == 422
    assert page_client(cast.handler).post(f"/applications/entrustments/{created['id']}/revoke/").status_code == 403
