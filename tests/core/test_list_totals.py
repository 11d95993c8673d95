"""Every list page says how many rows its filter matches ("共 N 条"), not only the page it shows."""

from __future__ import annotations

import re
from typing import Any

from qifu.core.models import AuditEvent, Notification
from tests.conftest import Cast
from tests.demands.helpers import in_state


def _total(html: str) -> int:
    found = re.search(r"data-total>共 (\d+) 条<", html)
    assert found, "no total on the page"
    return int(found.group(1))


def test_lists_show_their_totals(cast: Cast, page_client: Any) -> None:
    in_state(cast, "closed")
    in_state(cast, "assigned")
    admin = page_client(cast.admin)
    assert _total(admin.get("/demands/").content.decode()) == 2
    assert _total(admin.get("/demands/", {"status": "closed"}).content.decode()) == 1
    assert _total(admin.get("/enterprises/").content.decode()) == 2
    assert _total(admin.get("/enterprises/", {"park_id": cast.park_b.pk}).content.decode()) == 1
    assert _total(admin.get("/audit/").content.decode()) == AuditEvent.objects.count()
    for path in ("/applications/", "/policies/", "/policies/claims/", "/applications/appointments/"):
        assert _total(admin.get(path).content.decode()) == 0, path
    mine = Notification.objects.filter(recipient=cast.enterprise_user).count()
    assert mine > 0
    assert _total(page_client(cast.enterprise_user).get("/notifications/").content.decode()) == mine
    # The total counts past the first page.
    for _ in range(31):
        in_state(cast, "registered")
    html = admin.get("/demands/").content.decode()
    assert _total(html) == 33 and "下一页" in html
