"""The public progress page on a business owner's phone (390×844), opened without login as the QR code opens it:
nothing scrolls sideways, and it shows the number, the status and the steps."""

from __future__ import annotations

from typing import Any

import pytest

from qifu.core.models import TrackingToken
from tests.browser.conftest import shot
from tests.conftest import Cast
from tests.demands.helpers import in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_progress_page_on_a_phone_without_login(cast: Cast, browser: Any, live_server: Any) -> None:
    demand = in_state(cast, "in_progress")
    token = TrackingToken.objects.get(subject_type="demand", subject_id=demand.pk).token
    context = browser.new_context(base_url=live_server.url, locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"/t/{token}/")
        assert page.url.endswith(f"/t/{token}/")  # not sent to the login page
        assert page.locator("#track-status").inner_text() == "办理中"
        assert page.locator("#track-steps li").count() == 3  # 登记, 交办, 签收
        assert demand.number in page.locator("#track").inner_text()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot(page, "track-phone")
    finally:
        context.close()
