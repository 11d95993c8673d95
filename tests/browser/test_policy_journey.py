"""One policy in Chromium with the test cast: the market department's head records it with its criteria and its
cap through the form and publishes and pushes it; the fitting enterprise sees it under 为您匹配的政策 with the
reasons and claims it (not above the cap); the window accepts and hands over; the head approves and records the
payment; the enterprise that does not fit never receives the push."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.core.models import Notification
from qifu.policies.choices import ClaimStatus, PolicyStatus
from qifu.policies.models import Policy, PolicyClaim, PolicyPush
from tests.browser.conftest import login, menu, shot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "persona-pass-2026"
TITLE = "制造业小微企业稳岗扩岗补贴"


def logout(page: Any) -> None:
    page.click(".qf-top >> text=退出")
    page.wait_for_url("**/login/")


def test_a_policy_from_the_form_to_payment(cast: Any, page: Any) -> None:
    User.objects.create_user(
        username="other-enterprise", password=PASSWORD, role=Role.ENTERPRISE, enterprise=cast.other_ent
    )

    # The market department's head records the policy with its criteria, and publishes and pushes it.
    login(page, "head")
    menu(page, "惠企政策")
    page.click("#new-policy")
    page.fill("#title", TITLE)
    page.fill("#doc_number", "揭区市监〔2026〕8号")
    page.fill("#effective_from", "2026-01-01")
    page.fill("#summary", "对稳定就业、扩大招工的制造业小微企业给予一次性补贴。")
    page.fill("#amount_rule", "每名新增参保职工补贴1000元，最高20万元")
    page.fill("#max_amount", "20")
    page.fill("#materials", "营业执照\n社保缴费明细")
    page.fill("#guide_beneficiaries", "本区金属制品等制造业小型、微型企业")
    page.fill("#guide_conditions", "上年度未裁员，且从业人数不少于50人")
    page.fill("#guide_where", "区政务服务中心企业服务专区3号窗口")
    page.fill("#contact", "0663-8812345")
    page.fill("#payment_days", "20")
    page.fill("#industries", "C33")
    page.check("input[name=scales][value=small]")
    page.check("input[name=scales][value=micro]")
    page.fill("#min_employees", "5O")  # a typo: the form says which field and keeps the rest
    page.click("#save-publish")
    assert page.locator("[data-error='criteria.min_employees']").inner_text() == "从业人数下限应为整数"
    assert page.input_value("#title") == TITLE and not Policy.objects.exists()
    page.fill("#min_employees", "50")
    page.click("#save-publish")
    page.wait_for_selector("#manage")
    assert "已发布" in page.content()
    policy = Policy.objects.get(title=TITLE)
    assert policy.status == PolicyStatus.PUBLISHED and policy.criteria["min_employees"] == 50
    assert str(policy.max_amount) == "20.00" and "20.00 万元" in page.locator("#max-amount").inner_text()
    page.click("#push-policy")
    page.wait_for_selector("text=已推送给 1 家符合条件的企业")
    assert list(PolicyPush.objects.values_list("enterprise_id", flat=True)) == [cast.ent.pk]
    logout(page)

    # The fitting enterprise: the push on its workbench, the policy under its matches with the reasons.
    login(page, "enterprise")
    assert f"为您推送惠企政策：{TITLE}" in page.content()
    menu(page, "惠企政策")
    page.click("#my-matches")
    card = page.locator(f"[data-policy='{TITLE}']")
    reasons = card.inner_text()
    assert "行业 C3311 符合" in reasons and "规模 小型 符合" in reasons
    assert "从业人数 80" in reasons  # its employees against the minimum of 50
    shot(page, "policy-match")
    card.locator("text=申请兑现").click()
    page.wait_for_selector("#claim-form")
    page.fill("#amount", "30")  # over the policy's cap: refused, nothing filed
    page.click("#submit-claim")
    page.wait_for_selector("text=不能超过该政策的单笔兑现上限 20.00 万元")
    assert not PolicyClaim.objects.exists()
    page.fill("#amount", "3")
    page.click("#submit-claim")
    page.wait_for_selector("#claim-number")
    claim = PolicyClaim.objects.get()
    assert claim.status == ClaimStatus.SUBMITTED and claim.enterprise_id == cast.ent.pk
    logout(page)

    # The window accepts and hands over to the market department.
    login(page, "window")
    menu(page, "政策申兑")
    page.click(f"text={claim.number}")
    page.click("#btn-accept")
    page.wait_for_selector("text=已受理，请流转至兑现部门")
    page.click("#btn-handover")
    page.wait_for_selector("text=已流转至兑现部门审核")
    logout(page)

    # The head approves and records the payment.
    login(page, "head")
    page.goto(f"/policies/claims/{claim.pk}/")
    page.fill("#decision", "材料齐全，符合条件")
    page.click("#btn-approve")
    page.wait_for_selector("#disburse")
    page.fill("#amount", "3")
    page.fill("#paid_on", timezone.localdate().isoformat())
    page.click("#btn-disburse")
    page.wait_for_selector("#amount-paid")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DISBURSED and str(claim.amount_paid) == "3.00"
    logout(page)

    # The enterprise that does not fit (another industry, a medium enterprise) never had the push.
    login(page, "other-enterprise")
    assert TITLE not in page.content()
    page.goto("/notifications/")
    assert TITLE not in page.content()
    page.goto("/policies/mine/")
    assert TITLE not in page.locator("#matches").inner_text()
    assert not Notification.objects.filter(recipient__enterprise=cast.other_ent, title__contains=TITLE).exists()
