"""Applications on the shared workflow: the green channel is the staff's, system moves (a bundle's children,
deemed acceptance, a broken commitment) leave a timeline step and an audit row each and never overwrite a
concurrent move, lights filter in SQL, and the OpenAPI document names each shape once."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client

from qifu.applications import services
from qifu.applications.models import Application, Commitment
from qifu.core.errors import Conflict
from qifu.core.models import AuditEvent, TimelineEvent
from qifu.core.workcalendar import SHANGHAI
from tests.applications.helpers import food_licence, requirement_ids, restaurant_bundle
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def at(day: str, hour: int = 10) -> Any:
    return time_machine.travel(dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=SHANGHAI), tick=False)


def steps(application: Application) -> list[str]:
    events = TimelineEvent.objects.filter(subject_type="application", subject_id=application.pk).order_by("id")
    return [e.action for e in events]


def audited(application: Application) -> list[str]:
    rows = AuditEvent.objects.filter(object_type__endswith="application", object_id=str(application.pk))
    return list(rows.order_by("id").values_list("action", flat=True))


def test_an_enterprise_cannot_put_itself_on_the_green_channel(cast: Cast, api: Any) -> None:
    made = food_licence(cast)
    body = {"item_id": made.pk, "mode": "self", "green_channel": True, "materials": []}
    enterprise = api(cast.enterprise_user)
    before = AuditEvent.objects.count()
    refused = enterprise.post("/applications", body)
    assert refused.status_code == 422
    assert [e["field"] for e in refused.json()["errors"]] == ["green_channel"]
    assert not Application.objects.exists() and AuditEvent.objects.count() == before
    staff = api(cast.window).post("/applications", {**body, "enterprise_id": cast.ent.pk, "mode": "assisted"})
    assert staff.status_code == 201 and staff.json()["green_channel"] is True
    assert Application.objects.get().green_channel is True


def test_a_bundles_children_each_move_through_the_workflow(cast: Cast) -> None:
    bundle = restaurant_bundle(cast)
    provided = [m.pk for i in bundle.items.all() if i.current for m in i.current.materials.all()]
    parent = services.application_submit(actor=cast.enterprise_user, bundle_id=bundle.pk, provided=provided)
    services.application_accept(actor=cast.window, application_id=parent.pk)
    services.application_handover(actor=cast.window, application_id=parent.pk)
    services.application_terminate(actor=cast.window, application_id=parent.pk, reason_code="a", note="企业申请终止")
    children = list(parent.children.order_by("id"))
    assert len(children) == 3
    for child in children:
        assert child.status == "terminated" and child.termination_reason == "a"
        assert steps(child) == ["accept", "handover", "terminate"]
        assert audited(child) == ["application.accept", "application.handover", "application.terminate"]
        system = TimelineEvent.objects.get(subject_type="application", subject_id=child.pk, action="terminate")
        assert system.actor is None and system.actor_label == "系统"


def test_deemed_acceptance_is_recorded_once(cast: Cast) -> None:
    made = food_licence(cast)
    with at("2026-11-02"):
        application = services.application_submit(actor=cast.enterprise_user, item_id=made.pk)
    with at("2026-11-10"):
        assert services.watch_applications()["deemed_accepted"] == 1
        assert services.watch_applications()["deemed_accepted"] == 0
    application.refresh_from_db()
    assert application.deemed_accepted and application.status == "submitted"
    assert steps(application) == ["submit", "deemed_accepted"]
    assert audited(application) == ["application.submit", "application.deemed_accepted"]


def test_a_broken_commitment_never_overwrites_a_concurrent_move(cast: Cast) -> None:
    made = food_licence(cast)
    ids = requirement_ids(made)
    with at("2026-11-02"):
        application = services.application_submit(
            actor=cast.enterprise_user, item_id=made.pk, provided=[ids["营业执照"], ids["食品安全管理制度"]]
        )
        services.application_accept(
            actor=cast.window,
            application_id=application.pk,
            deferred=[ids["经营场所平面图"]],
            commitment_due=dt.date(2026, 11, 5),
            signed_by="陈建华",
        )
    with at("2026-11-06"):
        # The watch read the commitment with its application still accepted; then the window terminated it.
        stale = Commitment.objects.select_related("application").get(application=application)
        services.application_terminate(actor=cast.window, application_id=application.pk, reason_code="a", note="撤回")
        with pytest.raises(Conflict):
            services._commitment_broken(stale)
    application.refresh_from_db()
    assert application.status == "terminated" and application.termination_reason == "a"
    assert "commitment_broken" not in steps(application)


def test_a_broken_commitment_terminates_through_the_workflow(cast: Cast) -> None:
    made = food_licence(cast)
    ids = requirement_ids(made)
    with at("2026-11-02"):
        application = services.application_submit(
            actor=cast.enterprise_user, item_id=made.pk, provided=[ids["营业执照"], ids["食品安全管理制度"]]
        )
        services.application_accept(
            actor=cast.window,
            application_id=application.pk,
            deferred=[ids["经营场所平面图"]],
            commitment_due=dt.date(2026, 11, 5),
            signed_by="陈建华",
        )
    with at("2026-11-06"):
        assert services.watch_applications()["commitments_broken"] == 1
    application.refresh_from_db()
    assert application.status == "terminated" and application.termination_reason == "e"
    assert application.due_at is None and application.warning_at is None
    assert steps(application)[-1] == "commitment_broken"
    assert audited(application)[-1] == "application.commitment_broken"


def test_lights_filter_the_list_in_sql(cast: Cast, api: Any, page_client: Any) -> None:
    made = food_licence(cast)
    with at("2026-11-02"):
        application = services.application_submit(actor=cast.enterprise_user, item_id=made.pk)
    application.refresh_from_db()
    # The notice clock: 5 working days, warning on its last day.
    assert application.due_at is not None and application.warning_at is not None
    assert application.due_at.astimezone(SHANGHAI).date() == dt.date(2026, 11, 9)
    window = page_client(cast.window)
    for day, light in (("2026-11-06", "normal"), ("2026-11-09", "warning"), ("2026-11-10", "overdue")):
        with at(day):
            assert api(cast.window).get(f"/applications/{application.pk}").json()["light"] == light
            for wanted in ("normal", "warning", "overdue"):
                html = window.get("/applications/", {"light": wanted}).content.decode()
                assert (application.number in html) is (wanted == light), (day, wanted)


def test_each_application_shape_has_its_own_name(cast: Cast) -> None:
    document = Client().get("/api/v1/openapi.json").json()
    paths = document["paths"]

    def body(path: str) -> str:
        ref: str = paths[path]["post"]["requestBody"]["content"]["application/json"]["schema"]["$ref"]
        return ref.rsplit("/", 1)[-1]

    assert body("/api/v1/applications/{application_id}/decide") == "ApplicationDecideIn"
    assert body("/api/v1/applications/{application_id}/pause") == "PauseIn"
    assert set(document["components"]["schemas"]["ApplicationDecideIn"]["properties"]) == {"approved", "note"}
    listed = paths["/api/v1/appointments"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    assert listed["$ref"].endswith("/AppointmentPageOut")
    page = document["components"]["schemas"]["AppointmentPageOut"]["properties"]
    assert set(page) == {"items", "next_cursor"}
