"""Every printed document on A4 as Chromium prints it (page.pdf): the 受理通知书 with 12 materials, the
一次性告知书 with 12 problems and the 告知承诺书 with 6 deferred materials each fit one page; the policy card and
interpretation fit one each; the demand's file (卷宗) runs over the pages its steps need. The pages are counted
in the PDF; QIFU_PRINT_DIR keeps the PDFs to look at."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from qifu.applications import services as applications
from qifu.applications.models import Application
from qifu.core.models import TrackingToken
from qifu.core.workcalendar import get_calendar
from qifu.policies import services as policies
from qifu.policies.schemas import PolicyIn
from tests.applications.helpers import item
from tests.browser.conftest import login
from tests.conftest import Cast
from tests.demands.helpers import in_state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MATERIALS = [
    "食品经营许可申请书",
    "营业执照或者其他主体资格证明文件复印件",
    "法定代表人（负责人）身份证明复印件",
    "与食品经营相适应的主要设备设施布局、操作流程等文件",
    "食品安全自查、从业人员健康管理、进货查验记录等食品安全管理制度",
    "经营场所平面图和设备布局图",
    "食品安全管理人员名单及培训考核合格证明",
    "从业人员健康证明",
    "委托他人办理的，提交授权委托书及受托人身份证明",
    "利用自动售货设备从事食品销售的，提交设备产品合格证明、具体放置地点",
    "场所使用证明（房屋产权证明或租赁合同）",
    "餐饮服务场所排烟、排污设施情况说明",
]


def pdf_pages(page: Any, path: str, name: str) -> int:
    """Open `path`, print it to A4 as the browser would, and count the PDF's pages."""
    page.goto(path)
    page.emulate_media(media="print")
    data = page.pdf(format="A4", prefer_css_page_size=True)
    folder = os.environ.get("QIFU_PRINT_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        (Path(folder) / f"{name}.pdf").write_bytes(data)
    page.emulate_media(media="screen")
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", data))


def twelve_materials(cast: Cast, deferrable: bool = False) -> Any:
    made = item(
        cast,
        "SJJ-SPJY",
        "食品经营许可（含餐饮服务、食品销售、单位食堂）",
        cast.market,
        [(name, True, deferrable and i >= 6) for i, name in enumerate(MATERIALS)],
        deferral=deferrable,
    )
    assert made.current is not None
    made.current.materials.update(copies="原件1份，复印件1份（加盖公章）")
    return made


def submitted(cast: Cast, made: Any, provided: int) -> Application:
    assert made.current is not None
    ids = [m.pk for m in made.current.materials.order_by("sort_order")]
    return applications.application_submit(
        actor=cast.enterprise_user,
        enterprise_id=cast.ent.pk,
        item_id=made.pk,
        bundle_id=None,
        mode="self",
        provided=ids[:provided],
    )


def test_the_acceptance_notice_with_twelve_materials_fits_one_page(cast: Cast, page: Any) -> None:
    a = submitted(cast, twelve_materials(cast), provided=12)
    applications.application_accept(actor=cast.window, application_id=a.pk)
    login(page, cast.window.username)
    assert pdf_pages(page, f"/applications/{a.pk}/print/acceptance/", "acceptance-12") == 1
    token = TrackingToken.objects.get(subject_type="application", subject_id=a.pk).token
    assert f"/t/{token}/" in page.locator(".foot").inner_text()  # what the QR code holds


def test_the_one_time_notice_with_twelve_problems_fits_one_page(cast: Cast, page: Any) -> None:
    made = twelve_materials(cast)
    a = submitted(cast, made, provided=0)
    assert made.current is not None
    problems = [(m.pk, "复印件未加盖公章，请补充盖章件并注明日期") for m in made.current.materials.all()]
    applications.application_request_correction(actor=cast.window, application_id=a.pk, problems=problems)
    login(page, cast.window.username)
    assert pdf_pages(page, f"/applications/{a.pk}/print/notice/", "notice-12") == 1


def test_the_commitment_letter_fits_one_page(cast: Cast, page: Any) -> None:
    made = twelve_materials(cast, deferrable=True)
    a = submitted(cast, made, provided=6)
    assert made.current is not None
    deferred = [m.pk for m in made.current.materials.order_by("sort_order")][6:]
    applications.application_accept(
        actor=cast.window,
        application_id=a.pk,
        deferred=deferred,
        commitment_due=get_calendar().add_workdays(timezone.localdate(), 5),
        signed_by="陈建华",
    )
    login(page, cast.window.username)
    assert pdf_pages(page, f"/applications/{a.pk}/print/commitment/", "commitment") == 1


def test_the_demand_file_prints_on_its_pages(cast: Cast, page: Any) -> None:
    demand = in_state(cast, "closed")
    login(page, cast.dispatcher.username)
    # The file (卷宗) runs over as many pages as its steps need; a plain closed demand takes at most two.
    assert pdf_pages(page, f"/demands/{demand.pk}/print/", "demand-file") <= 2


def test_the_policy_card_and_interpretation_print_on_one_page_each(cast: Cast, page: Any) -> None:
    policy = policies.policy_create(
        actor=cast.head,
        fields=PolicyIn.model_validate(
            {
                "title": "制造业小微企业稳岗补贴",
                "doc_number": "揭东人社〔2026〕12号",
                "department_id": cast.market.pk,
                "effective_from": "2026-01-01",
                "summary": "对稳定就业的制造业小微企业给予一次性稳岗补贴。",
                "materials": "营业执照\n社保缴费证明",
                "contact": "0663-3261234",
                "guide_beneficiaries": "辖区制造业小微企业",
                "guide_conditions": "从业人数50人以上",
                "guide_where": "区政务服务中心综合窗口",
                "criteria": {"industries": ["C33"]},
                "publish": True,
            }
        ),
    )
    login(page, cast.enterprise_user.username)
    assert pdf_pages(page, f"/policies/{policy.pk}/card/", "policy-card") == 1
    assert pdf_pages(page, f"/policies/{policy.pk}/interpretation/", "policy-interpretation") == 1
