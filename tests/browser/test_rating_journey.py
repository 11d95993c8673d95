"""好差评 in Chromium with the test cast: the enterprise rates its decided application 不满意 from the link of the
result notification (no login, on its phone); the market department calls back (a blank note is refused by
field), rectifies and reports; the enterprise reads the result; the summary and the public page show it."""

from __future__ import annotations

from typing import Any

import pytest

from qifu.core.models import Notification
from qifu.evaluations.models import Rating, Rectification
from tests.browser.conftest import login, menu, shot
from tests.evaluations.helpers import application

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page: Any) -> None:
    page.click(".qf-top >> text=退出")
    page.wait_for_url("**/login/")


def test_a_bad_review_is_rectified_and_published(cast: Any, page: Any) -> None:
    decided = application(cast)
    link = Notification.objects.get(recipient=cast.enterprise_user, title__contains="请对本次服务作出评价").link
    path = link[link.index("/r/") :]

    # The enterprise opens the link without logging in and rates the service 不满意.
    page.goto(path)
    assert decided.number in page.locator("#rate-subject").inner_text()
    page.click("#level-2")
    reason = page.locator("label:has(input[value=efficiency])")
    assert reason.inner_text().strip() == "办事效率低、耗时长"  # the wording of the level chosen
    reason.click()
    page.fill("#rate-comment", "审批材料要求前后说法不一，多跑了一趟")
    shot(page, "rating-form")
    page.click("#rate-submit")
    page.wait_for_selector("#rate-done")
    assert page.locator("#rate-level").inner_text() == "不满意"
    assert page.locator("#rate-case-status").inner_text() == "待回访"
    rating = Rating.objects.get(subject_type="application", subject_id=decided.pk)
    assert rating.level == 2 and rating.reasons == ["efficiency"] and rating.department_id == cast.market.pk
    case = Rectification.objects.get(rating=rating)

    # The market department's handler: the ledger, the callback (a blank note refused by field), measures, report.
    login(page, "handler")
    menu(page, "差评整改")
    page.click(f"text={case.number}")
    page.click("#do-callback")
    assert page.locator("#error-note").inner_text() == "回访核实情况不能为空"
    page.fill("#f-note", "电话回访企业负责人，反映情况属实")
    page.click("#do-callback")
    page.wait_for_selector("text=已记录回访核实情况")
    page.fill("#f-measures", "统一食品经营许可材料清单口径，组织窗口和审批人员培训")
    page.click("#do-rectify")
    page.wait_for_selector("text=已记录整改措施")
    page.fill("#f-result", "已向企业说明情况并致歉，材料清单已统一公示")
    shot(page, "rectification-report")
    page.click("#do-report")
    page.wait_for_selector("text=已向企业反馈整改结果，整改办结")
    assert page.locator("#case-status").inner_text() == "已反馈办结"
    logout(page)

    # The enterprise reads the result among its ratings.
    login(page, "enterprise")
    menu(page, "好差评")
    outcome = page.locator(f"#outcome-{rating.pk}").inner_text()
    assert "已反馈办结" in outcome and "材料清单已统一公示" in outcome
    shot(page, "my-ratings")
    logout(page)

    # The centre's summary and the public page show the bad review, called back and rectified on time.
    login(page, "dispatcher")
    menu(page, "好差评")
    assert page.locator("#sum-count").inner_text() == "1"
    assert page.locator("#sum-bad").inner_text() == "1"
    assert page.locator("#sum-callback").inner_text() == "100%"
    assert page.locator("#sum-on-time").inner_text() == "100%"
    assert page.locator("#sum-satisfaction").inner_text() == "0%"
    logout(page)
    page.goto("/ratings/public/")
    row = page.locator(f"#dept-{cast.market.pk}")
    assert row.locator(".bad").inner_text() == "1" and row.locator(".rectified").inner_text() == "100%"
    shot(page, "rating-public")
