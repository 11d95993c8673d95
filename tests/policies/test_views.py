"""Policy pages through the test client: the public library and policy page, the criteria form, matches,
an enterprise's own matches, and a claim from filing to payment and rating."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from qifu.enterprises.models import Tag
from qifu.policies import services
from qifu.policies.choices import ClaimStatus, PolicyStatus
from qifu.policies.models import Policy, PolicyClaim, PolicyPush, PushOptOut
from qifu.policies.schemas import PolicyIn

pytestmark = pytest.mark.django_db
TITLE = "制造业小微企业稳岗补贴"


def form_data(cast: Any, **extra: Any) -> dict[str, Any]:
    data = {
        "title": TITLE,
        "doc_number": "揭区市监〔2026〕3号",
        "summary": "对稳定就业的制造业小微企业给予一次性补贴。",
        "amount_rule": "每名参保职工补贴500元，最高10万元",
        "effective_from": "2026-01-01",
        "benefit_type": "subsidy",
        "payment_days": "20",
        "materials": "营业执照\n社保缴费明细",
        "guide_beneficiaries": "本区制造业小微企业",
        "guide_conditions": "上年度未裁员或裁员率低于5%",
        "guide_where": "区政务服务中心企业服务专区",
        "contact": "0663-8888888",
        "industries": "C33， C34",
        "scales": ["small", "micro"],
        "min_employees": "50",
    }
    data.update(extra)
    return data


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Run the match enqueued on commit (QIFU_TASKS_INLINE) when the block ends."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def published(cast: Any, commit: Any) -> Any:
    def publish(**criteria: Any) -> Policy:
        with commit():
            return _published(cast, **criteria)

    return publish


def _published(cast: Any, **criteria: Any) -> Policy:
    return services.policy_create(
        actor=cast.head,
        fields=PolicyIn.model_validate(
            {
                "title": TITLE,
                "summary": "对稳定就业的制造业小微企业给予一次性补贴。",
                "effective_from": "2026-01-01",
                "department_id": cast.market.pk,
                "materials": "营业执照\n社保缴费明细",
                "guide_beneficiaries": "本区制造业小微企业",
                "guide_conditions": "上年度未裁员",
                "guide_where": "区政务服务中心",
                "contact": "0663-8888888",
                "criteria": criteria or {"industries": ["C33"], "scales": ["small", "micro"], "min_employees": 50},
                "publish": True,
            }
        ),
    )


# ---------------------------------------------------------------- the library and a policy's page


def test_library_and_policy_page_are_public(cast: Any, published: Any, client: Any) -> None:
    policy = published()
    draft = services.policy_create(
        actor=cast.head,
        fields=PolicyIn.model_validate(
            {
                "title": "未发布的草稿",
                "summary": "草稿",
                "effective_from": "2026-01-01",
                "department_id": cast.market.pk,
            }
        ),
    )
    page = client.get("/policies/")
    assert page.status_code == 200
    text = page.content.decode()
    assert TITLE in text and "未发布的草稿" not in text and "录入政策" not in text

    detail = client.get(f"/policies/{policy.pk}/").content.decode()
    assert "享受条件" in detail and "国民经济行业代码以 C33 开头" in detail and "小型、微型企业" in detail
    assert "不少于50人" in detail and "20 个工作日" not in detail  # payment_days default 60 here
    assert client.get(f"/policies/{draft.pk}/").status_code == 404


def test_library_filters(cast: Any, published: Any, client: Any) -> None:
    published()
    assert TITLE in client.get("/policies/", {"q": "稳岗"}).content.decode()
    assert TITLE not in client.get("/policies/", {"q": "人才"}).content.decode()
    assert TITLE not in client.get("/policies/", {"benefit_type": "tax"}).content.decode()
    assert TITLE in client.get("/policies/", {"open": "1"}).content.decode()


def test_library_filters_by_industry(cast: Any, published: Any, client: Any) -> None:
    published()
    assert TITLE in client.get("/policies/", {"industry": "C3311"}).content.decode()
    assert TITLE not in client.get("/policies/", {"industry": "C39"}).content.decode()


def test_department_staff_see_their_drafts_and_the_new_button(cast: Any, page_client: Any) -> None:
    services.policy_create(
        actor=cast.handler,
        fields=PolicyIn.model_validate(
            {
                "title": "本部门草稿",
                "summary": "草稿",
                "effective_from": "2026-01-01",
                "department_id": cast.market.pk,
            }
        ),
    )
    text = page_client(cast.head).get("/policies/").content.decode()
    assert "录入政策" in text and "本部门草稿" in text
    assert "本部门草稿" not in page_client(cast.window).get("/policies/").content.decode()


def test_enterprise_sees_its_match_and_opening_marks_the_push_read(cast: Any, published: Any, page_client: Any) -> None:
    policy = published()
    assert services.policy_push(actor=cast.head, policy_id=policy.pk) == 1
    text = page_client(cast.enterprise_user).get(f"/policies/{policy.pk}/").content.decode()
    assert "符合" in text and "申请兑现" in text and "行业" in text
    assert PolicyPush.objects.get(policy=policy, enterprise=cast.ent).read_at is not None


def test_an_undecided_match_names_what_is_missing(cast: Any, published: Any, page_client: Any) -> None:
    policy = published(min_years=3)  # cast.ent has no founding date
    text = page_client(cast.enterprise_user).get(f"/policies/{policy.pk}/").content.decode()
    assert "可能符合" in text and "缺少：成立日期" in text and f"/enterprises/{cast.ent.pk}/edit/" in text


def test_managers_see_reach_and_actions_others_do_not(cast: Any, published: Any, page_client: Any) -> None:
    policy = published()
    text = page_client(cast.head).get(f"/policies/{policy.pk}/").content.decode()
    assert "推送给符合条件的企业" in text and 'id="reach"' in text
    other = page_client(cast.officer).get(f"/policies/{policy.pk}/").content.decode()
    assert "推送给符合条件的企业" not in other and "代企业申报" in other


def test_push_from_the_page_reports_the_count(cast: Any, published: Any, page_client: Any) -> None:
    policy = published()
    client = page_client(cast.head)
    response = client.post(f"/policies/{policy.pk}/push/", follow=True)
    assert "已推送给 1 家符合条件的企业" in response.content.decode()
    assert list(PolicyPush.objects.values_list("enterprise_id", flat=True)) == [cast.ent.pk]
    again = client.post(f"/policies/{policy.pk}/push/", follow=True).content.decode()
    assert "没有新的企业需要推送" in again


def test_policy_actions_need_the_capability_and_the_department(cast: Any, published: Any, page_client: Any) -> None:
    policy = published()
    assert page_client(cast.officer).post(f"/policies/{policy.pk}/push/").status_code == 403
    assert page_client(cast.enterprise_user).get("/policies/new/").status_code == 403
    tax_head = type(cast.head).objects.create_user(
        username="tax-head", password="x", role="department_head", department=cast.tax
    )
    response = page_client(tax_head).post(f"/policies/{policy.pk}/push/", follow=True)
    assert "当前角色无权执行此操作" in response.content.decode()
    assert not PolicyPush.objects.exists()
    assert page_client(tax_head).get(f"/policies/{policy.pk}/edit/").status_code == 404


def test_printable_card_and_interpretation(cast: Any, published: Any, client: Any) -> None:
    policy = published()
    card = client.get(f"/policies/{policy.pk}/card/")
    text = card.content.decode()
    assert card.status_code == 200
    assert "政策明白卡" in text and "@page { size: A4" in text and "qf-side" not in text
    assert "0663-8888888" in text and "60</strong> 个工作日内兑付" in text and "区政务服务中心" in text
    assert "政策解读" in client.get(f"/policies/{policy.pk}/interpretation/").content.decode()


# ---------------------------------------------------------------- the form


def test_head_records_and_publishes_a_policy_with_criteria(cast: Any, commit: Any, page_client: Any) -> None:
    tag = Tag.objects.get(name="规上企业")
    data = form_data(cast, tags_any=[str(tag.pk)], park_ids=[str(cast.park_a.pk)], publish="1")
    with commit():
        response = page_client(cast.head).post("/policies/new/", data)
    policy = Policy.objects.get(title=TITLE)
    assert response.status_code == 302 and response["Location"] == f"/policies/{policy.pk}/"
    assert policy.status == PolicyStatus.PUBLISHED and policy.department_id == cast.market.pk
    assert policy.criteria == {
        "industries": ["C33", "C34"],
        "scales": ["micro", "small"],
        "park_ids": [cast.park_a.pk],
        "tags_any": [tag.pk],
        "min_employees": 50,
    }
    assert policy.match_set.fit_count == 1  # matched inline


def test_bad_criteria_show_chinese_messages_next_to_fields_and_write_nothing(cast: Any, page_client: Any) -> None:
    data = form_data(cast, title="", min_employees="五十", max_revenue="-3", industries="C33 第三产业")
    response = page_client(cast.head).post("/policies/new/", data)
    text = response.content.decode()
    assert response.status_code == 200
    assert not Policy.objects.exists()
    assert 'data-error="title"' in text and "政策名称" in text
    assert 'data-error="criteria.min_employees"' in text and "从业人数下限应为整数" in text
    assert "年营业收入上限不能为负数" in text
    assert "行业代码“第三产业”格式不正确" in text
    assert 'value="五十"' in text and "0663-8888888" in text  # the input is kept


def test_edit_keeps_criteria_and_publishes(cast: Any, page_client: Any) -> None:
    draft = services.policy_create(
        actor=cast.handler,
        fields=PolicyIn.model_validate(
            {
                "title": "旧标题",
                "summary": "摘要",
                "effective_from": "2026-01-01",
                "department_id": cast.market.pk,
                "criteria": {"scales": ["small"]},
            }
        ),
    )
    client = page_client(cast.head)
    form = client.get(f"/policies/{draft.pk}/edit/").content.decode()
    assert 'value="small" checked' in form
    response = client.post(f"/policies/{draft.pk}/edit/", form_data(cast, publish="1"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == TITLE and draft.status == PolicyStatus.PUBLISHED
    assert draft.criteria["min_employees"] == 50


def test_matches_page_for_managers_only(cast: Any, published: Any, page_client: Any) -> None:
    policy = published(industries=["C33"])
    text = page_client(cast.head).get(f"/policies/{policy.pk}/matches/").content.decode()
    assert cast.ent.name in text and cast.other_ent.name not in text
    assert "行业" in text
    assert page_client(cast.officer).get(f"/policies/{policy.pk}/matches/").status_code == 403


# ---------------------------------------------------------------- own matches


def test_enterprise_mine_lists_matches_and_toggles_pushes(cast: Any, published: Any, page_client: Any) -> None:
    published()
    client = page_client(cast.enterprise_user)
    text = client.get("/policies/mine/").content.decode()
    assert TITLE in text and "为您匹配的政策" in text and "退订政策推送" in text
    client.post("/policies/mine/push/", {"opted_out": "1"})
    assert PushOptOut.objects.filter(enterprise=cast.ent).exists()
    assert "恢复政策推送" in client.get("/policies/mine/").content.decode()
    client.post("/policies/mine/push/", {"opted_out": "0"})
    assert not PushOptOut.objects.exists()


def test_officer_mine_lists_its_enterprises_only(cast: Any, published: Any, page_client: Any) -> None:
    published(min_employees=1)
    text = page_client(cast.officer).get("/policies/mine/").content.decode()
    assert cast.ent.name in text and "代企业申报" in text
    other = page_client(cast.other_officer).get("/policies/mine/").content.decode()
    assert cast.ent.name not in other  # other_ent lacks employees: may fit only, not listed


def test_officer_mine_reads_once_for_all_its_enterprises(
    cast: Any, published: Any, page_client: Any, django_assert_max_num_queries: Any
) -> None:
    from qifu.enterprises.services import enterprise_create, stewardship_assign
    from tests.conftest import make_uscc

    published(min_employees=1)
    for serial in range(10, 22):
        e = enterprise_create(
            actor=cast.admin,
            data={"uscc": make_uscc(serial), "name": f"揭阳市包联{serial}有限公司", "industry_code": "C3311",
                  "scale": "small", "employees": 20},
        )  # fmt: skip
        stewardship_assign(actor=cast.admin, enterprise_id=e.pk, officer_id=cast.officer.pk)
    client = page_client(cast.officer)
    with django_assert_max_num_queries(20):  # not a round of queries per enterprise
        text = client.get("/policies/mine/").content.decode()
    assert text.count("claim/?enterprise_id=") == 13  # one 代企业申报 per enterprise


def test_enterprise_detail_shows_matched_policies(cast: Any, published: Any, page_client: Any) -> None:
    published()
    text = page_client(cast.officer).get(f"/enterprises/{cast.ent.pk}/").content.decode()
    assert "匹配的政策" in text and TITLE in text


# ---------------------------------------------------------------- claims


def test_claim_from_filing_to_payment_and_rating(cast: Any, published: Any, page_client: Any) -> None:
    policy = published()
    ent = page_client(cast.enterprise_user)
    response = ent.post(f"/policies/{policy.pk}/claim/", {"amount": "5", "materials": ["营业执照"]})
    claim = PolicyClaim.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/policies/claims/{claim.pk}/"
    assert "已申报" in ent.get(f"/policies/{policy.pk}/").content.decode()

    window = page_client(cast.window)
    assert "受理" in window.get(f"/policies/claims/{claim.pk}/").content.decode()
    window.post(f"/policies/claims/{claim.pk}/accept/")
    window.post(f"/policies/claims/{claim.pk}/handover/")
    head = page_client(cast.head)
    denied = head.post(f"/policies/claims/{claim.pk}/deny/", {"note": ""}, follow=True).content.decode()
    assert "审核未通过须写明理由" in denied
    head.post(f"/policies/claims/{claim.pk}/approve/", {"note": "材料齐全"})
    today = timezone.localdate()
    future = (today + dt.timedelta(days=3)).isoformat()
    assert (
        "兑付日期应为今天或之前的日期"
        in head.post(
            f"/policies/claims/{claim.pk}/disburse/", {"amount": "5", "paid_on": future}, follow=True
        ).content.decode()
    )
    head.post(f"/policies/claims/{claim.pk}/disburse/", {"amount": "4.5", "paid_on": today.isoformat()})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.DISBURSED and str(claim.amount_paid) == "4.50"

    page = ent.get(f"/policies/claims/{claim.pk}/").content.decode()
    assert "服务评价" in page and "4.50 万元" in page and "受理" in page
    ent.post(f"/policies/claims/{claim.pk}/rate/", {"rating": "5", "comment": "很快"})
    claim.refresh_from_db()
    assert claim.rating == 5
    assert "申兑" in page_client(cast.head).get(f"/policies/{policy.pk}/").content.decode()


def test_claim_pages_are_scoped(cast: Any, published: Any, page_client: Any) -> None:
    policy = published()
    claim = services.claim_submit(actor=cast.enterprise_user, policy_id=policy.pk, enterprise_id=cast.ent.pk)
    assert page_client(cast.other_officer).get(f"/policies/claims/{claim.pk}/").status_code == 404
    assert page_client(cast.outsider).get("/policies/claims/").status_code == 403
    assert claim.number in page_client(cast.window).get("/policies/claims/").content.decode()
    # The enterprise may not accept its own claim: the page refuses and nothing moves.
    page_client(cast.enterprise_user).post(f"/policies/claims/{claim.pk}/accept/")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_claim_of_an_unfit_enterprise_is_refused_with_reasons(cast: Any, published: Any, page_client: Any) -> None:
    policy = published()
    client = page_client(cast.other_officer)
    text = client.post(f"/policies/{policy.pk}/claim/", {"enterprise_id": cast.other_ent.pk}).content.decode()
    assert "企业不符合该政策的享受条件" in text
    assert not PolicyClaim.objects.exists()


def test_withdraw_by_the_enterprise(cast: Any, published: Any, page_client: Any) -> None:
    policy = published()
    claim = services.claim_submit(actor=cast.enterprise_user, policy_id=policy.pk, enterprise_id=cast.ent.pk)
    page_client(cast.enterprise_user).post(f"/policies/claims/{claim.pk}/withdraw/")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN


def test_claim_materials_are_uploaded_on_the_page_and_downloaded_by_those_handling_it(
    cast: Any, published: Any, page_client: Any
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    policy = published()
    claim = services.claim_submit(actor=cast.enterprise_user, policy_id=policy.pk, enterprise_id=cast.ent.pk)
    ent = page_client(cast.enterprise_user)
    page = ent.get(f"/policies/claims/{claim.pk}/").content.decode()
    assert "待上传文件" in page and 'id="material-upload"' in page
    url = f"/policies/claims/{claim.pk}/materials/"
    bad = ent.post(url, {"name": "营业执照", "file": SimpleUploadedFile("a.pdf", b"not a pdf")}, follow=True)
    assert "扩展名与内容一致" in bad.content.decode() and not claim.materials.exclude(file="").exists()
    ent.post(url, {"name": "营业执照", "file": SimpleUploadedFile("执照.pdf", b"%PDF-1.7 licence")})
    material = claim.materials.get(name="营业执照")
    assert material.file
    file_url = f"/policies/claims/{claim.pk}/materials/{material.pk}/file/"
    assert page_client(cast.window).get(file_url).status_code == 200
    assert page_client(cast.officer).get(file_url).status_code == 404
    assert 'id="material-upload"' not in page_client(cast.officer).get(f"/policies/claims/{claim.pk}/").content.decode()


def test_the_cap_is_kept_on_the_pages_and_refusals_write_nothing(cast: Any, published: Any, page_client: Any) -> None:
    from qifu.core.models import AuditEvent, TimelineEvent

    policy = published()
    head = page_client(cast.head)
    form = {**form_data(cast), "max_amount": "8"}
    assert head.post(f"/policies/{policy.pk}/edit/", form).status_code == 302
    policy.refresh_from_db()
    assert str(policy.max_amount) == "8.00"
    assert 'value="8.00"' in head.get(f"/policies/{policy.pk}/edit/").content.decode()
    assert "8.00 万元" in page_client(cast.enterprise_user).get(f"/policies/{policy.pk}/").content.decode()
    bad = head.post(f"/policies/{policy.pk}/edit/", {**form, "max_amount": "1e20", "effective_to": "9999-12-31"})
    text = bad.content.decode()
    assert bad.status_code == 200 and 'data-error="max_amount"' in text and 'data-error="effective_to"' in text

    ent = page_client(cast.enterprise_user)
    before = (PolicyClaim.objects.count(), AuditEvent.objects.count(), TimelineEvent.objects.count())
    for amount in ("9", "1e20", "NaN"):
        ent.post(f"/policies/{policy.pk}/claim/", {"amount": amount})
    assert (PolicyClaim.objects.count(), AuditEvent.objects.count(), TimelineEvent.objects.count()) == before
    ent.post(f"/policies/{policy.pk}/claim/", {"amount": "8"})
    claim = PolicyClaim.objects.get()
    window = page_client(cast.window)
    window.post(f"/policies/claims/{claim.pk}/accept/")
    window.post(f"/policies/claims/{claim.pk}/handover/")
    head.post(f"/policies/claims/{claim.pk}/approve/", {"note": "符合"})
    today = timezone.localdate().isoformat()
    before = (AuditEvent.objects.count(), TimelineEvent.objects.count())
    over = head.post(f"/policies/claims/{claim.pk}/disburse/", {"amount": "8.01", "paid_on": today}, follow=True)
    assert "不能超过该政策的单笔兑现上限 8.00 万元" in over.content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.APPROVED and claim.amount_paid is None
    assert (AuditEvent.objects.count(), TimelineEvent.objects.count()) == before
    # The list and the claim's page answer for everyone who sees it.
    for user in (cast.enterprise_user, cast.window, cast.head, cast.supervisor):
        assert page_client(user).get("/policies/claims/").status_code == 200
        assert page_client(user).get(f"/policies/claims/{claim.pk}/").status_code == 200


def test_publish_and_withdraw_buttons_follow_the_policy_workflow(cast: Any, published: Any, page_client: Any) -> None:
    policy = published()
    head = page_client(cast.head)
    page = head.get(f"/policies/{policy.pk}/").content.decode()
    assert 'id="withdraw-policy"' in page and 'id="publish-policy"' not in page
    head.post(f"/policies/{policy.pk}/withdraw/")
    policy.refresh_from_db()
    assert policy.status == PolicyStatus.WITHDRAWN
    page = head.get(f"/policies/{policy.pk}/").content.decode()
    assert 'id="withdraw-policy"' not in page and 'id="publish-policy"' in page
