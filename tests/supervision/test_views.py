"""Supervision pages: the view with its filters and its .xlsx export, the order form's refusals, the pages
each role may open, and the sidebar entries."""

from __future__ import annotations

import io
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from qifu.supervision.services import watch_late
from tests.conftest import Cast
from tests.supervision.helpers import at, one_of_each

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def long_sessions(settings: Any) -> None:
    settings.SESSION_COOKIE_AGE = 10 * 365 * 86400  # the clock travels to the end of the year


@pytest.fixture
def late(cast: Cast) -> dict[str, Any]:
    cases = one_of_each(cast)
    with at("2026-12-31"):
        watch_late()
    return cases


def test_the_view_filters_and_exports(cast: Cast, page_client: Any, late: dict[str, Any]) -> None:
    client = page_client(cast.supervisor)
    with at("2026-12-31"):
        page = client.get("/supervision/").content.decode()
        only = client.get("/supervision/", {"kind": "policy_claim"}).content.decode()
        exported = client.get("/supervision/", {"kind": "demand", "export": "xlsx"})
    assert late["demand"].number in page and late["policy_claim"].number in page
    assert late["policy_claim"].number in only and late["demand"].number not in only
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(exported.content)).get_sheet_by_index(0).to_python()
    assert rows[0][:3] == ["类型", "编号", "标题"]
    assert [r[1] for r in rows[1:]] == [late["demand"].number]


def test_who_may_open_which_page(cast: Cast, page_client: Any, late: dict[str, Any]) -> None:
    for user in (cast.supervisor, cast.dispatcher, cast.head):
        assert page_client(user).get("/supervision/").status_code == 200
    for user in (cast.enterprise_user, cast.officer):
        assert page_client(user).get("/supervision/").status_code == 403
    assert page_client(cast.head).get("/supervision/cards/").status_code == 403
    assert page_client(cast.supervisor).get("/supervision/cards/").status_code == 200
    assert page_client(cast.head).get("/supervision/orders/").status_code == 200
    demand = late["demand"]
    # The link from the view to the case's own page, only for a case the user may see.
    link = page_client(cast.supervisor).get(f"/supervision/case/demand/{demand.pk}/")
    assert link.status_code == 302 and link["Location"] == f"/demands/{demand.pk}/"
    assert page_client(cast.head).get("/supervision/case/plan_task/999999/").status_code == 404
    # The order form is the centre's and the supervisor's.
    form = f"/supervision/order/?kind=demand&case_id={demand.pk}"
    assert page_client(cast.head).get(form).status_code == 403
    assert page_client(cast.supervisor).get(form).status_code == 200
    assert page_client(cast.supervisor).get("/supervision/order/?kind=demand&case_id=abc").status_code == 404
    # Sidebar entries.
    supervisor_menu = page_client(cast.supervisor).get("/").content.decode()
    assert "督查督办" in supervisor_menu and "电子监察" in supervisor_menu
    head_menu = page_client(cast.head).get("/").content.decode()
    assert "督查督办" in head_menu and "待反馈的督办单" in head_menu


def test_the_order_form_refuses_a_blank_note(cast: Cast, page_client: Any, late: dict[str, Any]) -> None:
    client = page_client(cast.supervisor)
    demand = late["demand"]
    with at("2026-12-31"):
        refused = client.post("/supervision/order/", {"kind": "demand", "case_id": demand.pk, "note": " "})
        assert refused.status_code == 200 and 'data-error="note"' in refused.content.decode()
        sent = client.post("/supervision/order/", {"kind": "demand", "case_id": demand.pk, "note": "请加快办理"})
    assert sent.status_code == 302
