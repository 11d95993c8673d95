"""Services with their result, for rating tests, made with the real services and API."""

from __future__ import annotations

from typing import Any

from qifu.applications.models import Application
from qifu.catalog.models import ServiceItem
from tests.applications.helpers import food_licence, requirement_ids
from tests.conftest import ApiClient, Cast


def application(cast: Cast, *, decide: bool = True, made: Any = None) -> Application:
    """cast.ent's food licence application, decided (approved by cast.handler of cast.market) unless told."""
    made = made or ServiceItem.objects.filter(code="SJJ-SPJY").first() or food_licence(cast)
    ids = requirement_ids(made)
    res = ApiClient(cast.enterprise_user).post(
        "/applications",
        {
            "item_id": made.pk,
            "mode": "self",
            "materials": [{"requirement_id": i, "provided": True} for i in ids.values()],
        },
    )
    assert res.status_code == 201, res.content
    app_id = res.json()["id"]
    assert ApiClient(cast.window).post(f"/applications/{app_id}/pre_review", {"result": "accept"}).status_code == 200
    assert ApiClient(cast.window).post(f"/applications/{app_id}/handover", {}).status_code == 200
    if decide:
        res = ApiClient(cast.handler).post(f"/applications/{app_id}/decide", {"approved": True})
        assert res.status_code == 200, res.content
    return Application.objects.get(pk=app_id)
