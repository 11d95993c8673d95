"""The enterprise's workbench leads with its main actions and the cases it has under way; staff keep theirs."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Cast
from tests.demands.helpers import in_state, register

pytestmark = pytest.mark.django_db


def _section(html: str, marker: str, end: str) -> str:
    start = html.index(marker)
    return html[start : html.index(end, start)]


def test_main_actions_and_open_cases_lead_the_enterprise_workbench(cast: Cast, page_client: Any) -> None:
    running = in_state(cast, "in_progress")
    closed = in_state(cast, "closed")
    theirs = register(cast, enterprise_id=cast.other_ent.pk, title="别家企业的诉求")
    html = page_client(cast.enterprise_user).get("/").content.decode()
    actions = _section(html, 'id="main-actions"', "</nav>")
    for label, path in (
        ("提诉求", "/demands/new/"),
        ("我要办事", "/applications/new/"),
        ("预约", "/applications/appointments/"),
        ("查政策", "/policies/mine/"),
    ):
        assert f'href="{path}" data-action="{label}"' in actions
    assert html.index('id="main-actions"') < html.index('id="open-cases"') < html.index("待办事项")
    cases = _section(html, 'id="open-cases"', "</div>\n")
    assert running.number in cases and f'href="/demands/{running.pk}/"' in cases and "办理中" in cases
    assert closed.number not in cases and theirs.number not in cases


def test_staff_workbenches_have_no_enterprise_actions(cast: Cast, page_client: Any) -> None:
    in_state(cast, "in_progress")
    html = page_client(cast.dispatcher).get("/").content.decode()
    assert 'id="main-actions"' not in html and 'id="open-cases"' not in html and "待办事项" in html
