"""Demand pages: the list and its export, intake, the detail with its timeline and action forms, the printed
file, and the public follow-up link, each through HTTP as the role that uses it."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any
from urllib.parse import quote

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from python_calamine import CalamineWorkbook

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.core.models import Notification
from qifu.demands import services
from qifu.demands.choices import DemandStatus
from qifu.demands.models import Demand, ExtensionRequest
from qifu.demands.schemas import DemandIn
from tests.conftest import Cast
from tests.demands.helpers import in_state, register

pytestmark = pytest.mark.django_db


def test_list_shows_the_demand_with_its_light_and_htmx_gets_the_fragment(
    cast: Cast, page_client: Any, django_assert_max_num_queries: Any
) -> None:
    demand = in_state(cast, "assigned")
    for i in range(5):
        register(cast, title=f"其他诉求{i}")
    client = page_client(cast.dispatcher)
    with django_assert_max_num_queries(10):
        html = client.get("/demands/").content.decode()
    assert demand.number in html and "qf-light-normal" in html and "市场监督管理局" in html
    fragment = client.get("/demands/", {"light": "overdue"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results")
    text = fragment.content.decode()
    assert "<html" not in text and demand.number not in text and "没有符合条件的诉求" in text
    assert "筛选条件无效" in client.get("/demands/", {"status": "nonsense"}).content.decode()


def test_workbench_flags_filter_the_list(cast: Cast, page_client: Any) -> None:
    returned = in_state(cast, "assigned")
    services.demand_return(actor=cast.handler, demand_id=returned.pk, reason="不属于本局职责")
    fresh = register(cast, title="新登记的诉求")
    html = page_client(cast.dispatcher).get("/demands/", {"returned": "1"}).content.decode()
    assert returned.number in html and fresh.number not in html and "部门退回、待重新分拨" in html


def test_export_is_a_ledger_of_the_filtered_list(cast: Cast, page_client: Any) -> None:
    closed = in_state(cast, "closed")
    other = register(cast, title="未交办的诉求")
    res = page_client(cast.dispatcher).get("/demands/export/", {"status": "closed"})
    assert res.status_code == 200 and "spreadsheetml" in res["Content-Type"]
    today = timezone.localdate()
    assert res["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(f'企业诉求台账-{today:%Y%m%d}.xlsx')}"
    rows = CalamineWorkbook.from_filelike(io.BytesIO(res.content)).get_sheet_by_index(0).to_python()
    assert rows[0][:4] == ["编号", "登记时间", "企业名称", "统一社会信用代码"] and rows[0][-1] == "重办次数"
    assert [r[0] for r in rows[1:]] == [closed.number] and other.number not in str(rows)
    assert rows[1][13] == "已办结" and rows[1][16] == "满意" and rows[1][17] == "是"
    assert page_client(cast.handler).get("/demands/export/").status_code == 403


def test_enterprise_sees_its_demand_but_not_internal_notes(cast: Cast, page_client: Any) -> None:
    demand = in_state(cast, "in_progress")
    services.demand_remind(actor=cast.dispatcher, demand_id=demand.pk, note="内部催办：本周五前务必答复")
    mine = page_client(cast.enterprise_user)
    assert demand.number in mine.get("/demands/").content.decode()
    html = mine.get(f"/demands/{demand.pk}/").content.decode()
    assert demand.title in html and "签收" in html and "内部催办" not in html and "打印归档卷宗" not in html
    staff = page_client(cast.dispatcher).get(f"/demands/{demand.pk}/").content.decode()
    assert "内部催办：本周五前务必答复" in staff and "打印归档卷宗" in staff


def test_other_departments_and_enterprises_get_404(cast: Cast, page_client: Any) -> None:
    demand = in_state(cast, "assigned")
    tax_handler = User.objects.create_user(
        username="tax-handler", password="x", role=Role.DEPARTMENT_HANDLER, department=cast.tax
    )
    other_ent_user = User.objects.create_user(
        username="other-ent", password="x", role=Role.ENTERPRISE, enterprise=cast.other_ent
    )
    for user in (tax_handler, other_ent_user):
        client = page_client(user)
        assert client.get(f"/demands/{demand.pk}/").status_code == 404
        assert client.post(f"/demands/{demand.pk}/accept/").status_code == 404
    assert Demand.objects.get(pk=demand.pk).status == DemandStatus.ASSIGNED


def test_intake_names_the_bad_fields_and_writes_nothing(cast: Cast, page_client: Any) -> None:
    res = page_client(cast.window).post(
        "/demands/new/",
        {"enterprise_id": cast.ent.pk, "channel": "window", "category": "", "title": " ", "content": ""},
    )
    html = res.content.decode()
    assert res.status_code == 200 and "请选择诉求类别" in html and "标题不能为空" in html and "诉求内容不能为空" in html
    assert "请按提示修改标红的项目后再提交" in html and Demand.objects.count() == 0
    bad_code = page_client(cast.window).post(
        "/demands/new/",
        {"enterprise_q": "91445203MA0000000X", "channel": "window", "category": "market", "title": "t", "content": "c"},
    )
    assert "企业：没有找到名称或统一社会信用代码为“91445203MA0000000X”的企业" in bad_code.content.decode()
    assert Demand.objects.count() == 0


def test_staff_intake_redirects_to_the_demand_and_warns_of_similar_ones(cast: Cast, page_client: Any) -> None:
    first = services.demand_register(
        actor=cast.window,
        payload=DemandIn.model_validate(
            {
                "enterprise_id": cast.ent.pk,
                "kind": "need",
                "channel": "window",
                "category": "market",
                "title": "厂房消防验收咨询",
                "content": "新建厂房需要办理消防验收，不清楚材料要求。",
            }
        ),
    )
    hidden = register(cast)  # the dispatcher's: the window does not see it, so intake does not name it
    client = page_client(cast.window)
    form = client.get("/demands/new/", {"enterprise_id": cast.ent.pk}).content.decode()
    assert f'value="{cast.ent.name}"' in form and "12345热线" in form and "市场监管" in form
    res = client.post(
        "/demands/new/",
        {
            "enterprise_id": cast.ent.pk,
            "kind": "need",
            "channel": "window",
            "category": "market",
            "title": "食品经营许可证延续",
            "content": "许可证下月到期，需要延续。",
            "contact_phone": "13700000000",
        },
        follow=True,
    )
    demand = Demand.objects.get(title="食品经营许可证延续")
    html = res.content.decode()
    assert res.redirect_chain[-1][0] == f"/demands/{demand.pk}/"
    assert f"诉求已登记，编号 {demand.number}" in html and f"该企业有类似的未办结诉求：{first.number}，" in html
    assert hidden.number not in html
    assert demand.first_responder == cast.window and demand.channel == "window"


def test_enterprise_intake_is_online_for_its_own_enterprise(cast: Cast, page_client: Any) -> None:
    client = page_client(cast.enterprise_user)
    form = client.get("/demands/new/").content.decode()
    assert 'name="enterprise_id"' not in form and 'name="channel"' not in form and cast.ent.name in form
    client.post(
        "/demands/new/",
        {
            "enterprise_id": cast.other_ent.pk,
            "channel": "hotline",
            "category": "tax",
            "title": "发票额度",
            "content": "电子发票额度不够用",
        },
    )
    demand = Demand.objects.get(title="发票额度")
    assert demand.enterprise == cast.ent and demand.channel == "online"


def test_the_loop_through_the_action_forms(cast: Cast, page_client: Any) -> None:
    demand = register(cast)
    dispatcher, handler = page_client(cast.dispatcher), page_client(cast.handler)
    detail = dispatcher.get(f"/demands/{demand.pk}/").content.decode()
    assert 'id="act-assign"' in detail and 'id="act-accept"' not in detail and "待调度员分拨" in detail
    res = dispatcher.post(
        f"/demands/{demand.pk}/assign/",
        {"department_id": cast.market.pk, "complexity": "general", "days": "8", "co_department_ids": [cast.tax.pk]},
        follow=True,
    )
    assert "已交办市场监督管理局" in res.content.decode()
    detail = handler.get(f"/demands/{demand.pk}/").content.decode()
    assert 'id="act-accept"' in detail and 'id="act-return"' in detail and 'id="act-assign"' not in detail
    handler.post(f"/demands/{demand.pk}/accept/", {"handler_id": cast.handler.pk})
    res = handler.post(f"/demands/{demand.pk}/reply/", {"content": "已上门指导，材料清单已发给企业。"}, follow=True)
    assert "已答复企业" in res.content.decode()
    res = dispatcher.post(f"/demands/{demand.pk}/visit/", {"satisfaction": "satisfied", "resolved": "1"}, follow=True)
    html = res.content.decode()
    assert "回访已记录，诉求已办结" in html
    demand.refresh_from_db()
    assert demand.status == DemandStatus.CLOSED and demand.handler == cast.handler and demand.days_total == 8
    timeline = html[html.index('id="timeline"') :]
    for label in ("登记", "交办", "签收", "答复", "回访（满意，销号）"):
        assert label in timeline


def test_refused_actions_say_why_in_chinese(cast: Cast, page_client: Any) -> None:
    demand = in_state(cast, "in_progress")
    res = page_client(cast.enterprise_user).post(f"/demands/{demand.pk}/reply/", {"content": "x"}, follow=True)
    assert "当前角色无权执行此操作" in res.content.decode()
    res = page_client(cast.dispatcher).post(f"/demands/{demand.pk}/archive/", follow=True)
    assert "诉求当前状态为“办理中”，不能归档" in res.content.decode()
    res = page_client(cast.handler).post(f"/demands/{demand.pk}/reply/", {"content": "  "}, follow=True)
    assert "答复内容不能为空" in res.content.decode()
    assert page_client(cast.dispatcher).post(f"/demands/{demand.pk}/nonsense/").status_code == 404
    assert Demand.objects.get(pk=demand.pk).status == DemandStatus.IN_PROGRESS


def test_extension_requested_by_the_handler_and_approved_by_the_head(cast: Cast, page_client: Any) -> None:
    demand = in_state(cast, "in_progress")
    due_before = demand.due_at
    handler, head = page_client(cast.handler), page_client(cast.head)
    res = handler.post(
        f"/demands/{demand.pk}/extend/", {"days": "0", "reason": "需等待第三方检测报告", "progress": "已送检"}
    )
    page = res.content.decode()
    assert res.status_code == 200 and "延期天数应不小于1" in page
    # The form comes back open with what was typed.
    assert "<details open><summary>申请延期" in page
    assert ">需等待第三方检测报告</textarea>" in page and ">已送检</textarea>" in page and 'value="0"' in page
    assert not ExtensionRequest.objects.exists()
    handler.post(f"/demands/{demand.pk}/extend/", {"days": "5", "reason": "需现场核查", "progress": "已约定核查时间"})
    extension = ExtensionRequest.objects.get(demand=demand)
    assert 'id="act-decide-extension"' in head.get(f"/demands/{demand.pk}/").content.decode()
    res = head.post(
        f"/demands/{demand.pk}/decide_extension/", {"extension_id": extension.pk, "approve": "1"}, follow=True
    )
    assert "已同意延期" in res.content.decode()
    demand.refresh_from_db()
    assert demand.days_total == 15 and demand.due_at is not None and due_before is not None
    assert demand.due_at > due_before


def test_consult_edit_and_merge_forms(cast: Cast, page_client: Any) -> None:
    demand = in_state(cast, "in_progress")
    client = page_client(cast.dispatcher)
    client.post(
        f"/demands/{demand.pk}/consult/",
        {
            "held_on": "2026-03-02",
            "department_ids": [cast.market.pk, cast.tax.pk],
            "participants": "市场监管局张三",
            "minutes": "讨论了验收标准",
            "conclusion": "由市场监管局牵头办理",
        },
    )
    assert demand.consultations.get().conclusion == "由市场监管局牵头办理"
    res = client.post(f"/demands/{demand.pk}/consult/", {"held_on": "3月2日"}, follow=True)
    assert "会商日期应为日期" in res.content.decode()
    client.post(
        f"/demands/{demand.pk}/edit/",
        {"title": "厂房消防验收材料咨询", "content": demand.content, "category": "market", "reason": "标题不准确"},
    )
    demand.refresh_from_db()
    assert demand.title == "厂房消防验收材料咨询" and demand.revisions.get().field == "title"
    duplicate = register(cast, title="重复登记的消防验收")
    res = client.post(f"/demands/{duplicate.pk}/merge/", {"into_number": "SQ000"}, follow=True)
    assert "未找到编号为 SQ000 的诉求" in res.content.decode()
    client.post(f"/demands/{duplicate.pk}/merge/", {"into_number": demand.number.lower()})
    duplicate.refresh_from_db()
    assert duplicate.status == DemandStatus.MERGED and duplicate.merged_into == demand


def test_print_file_shows_internal_steps_and_is_staff_only(cast: Cast, page_client: Any) -> None:
    demand = in_state(cast, "in_progress")
    services.demand_remind(actor=cast.dispatcher, demand_id=demand.pk, note="内部催办：请加快")
    demand = services.demand_reply(actor=cast.handler, demand_id=demand.pk, content="已办理完毕")
    services.demand_visit(actor=cast.dispatcher, demand_id=demand.pk, satisfaction="very_satisfied", comment="很及时")
    html = page_client(cast.handler).get(f"/demands/{demand.pk}/print/").content.decode()
    assert "揭东区企业诉求办理卷宗" in html and demand.number in html
    assert "内部催办：请加快" in html and "很及时" in html and "非常满意" in html and "<nav" not in html
    assert page_client(cast.enterprise_user).get(f"/demands/{demand.pk}/print/").status_code == 404


def test_follow_up_link_works_once(cast: Cast) -> None:
    demand = in_state(cast, "replied")
    path = services.follow_up_link_create(demand)
    client = Client(enforce_csrf_checks=True)
    page = client.get(path)
    html = page.content.decode()
    assert page.status_code == 200 and "已告知所需材料清单" in html and "非常不满意" in html and demand.number in html
    token = client.cookies["csrftoken"].value
    res = client.post(
        path, {"satisfaction": "unsatisfied", "resolved": "0", "comment": "材料清单不全", "csrfmiddlewaretoken": token}
    )
    assert res.status_code == 200 and "感谢您的评价" in res.content.decode()
    demand.refresh_from_db()
    assert demand.status == DemandStatus.IN_PROGRESS and demand.reopen_count == 1 and demand.resolved is False
    again = client.get(path)
    assert again.status_code == 200 and "您已评价，感谢" in again.content.decode()


def test_the_reply_notification_opens_the_one_time_follow_up_page(cast: Cast) -> None:
    demand = in_state(cast, "replied")
    told = Notification.objects.get(recipient=cast.enterprise_user, title__startswith="您的诉求已答复，请评价")
    assert told.link.startswith("/f/")
    page = Client().get(told.link)  # no login: a busy owner answers from the notification in ten seconds
    assert page.status_code == 200 and demand.number in page.content.decode()


def test_expired_or_unknown_link_says_so(cast: Cast) -> None:
    demand = in_state(cast, "replied")
    path = services.follow_up_link_create(demand)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=services.FOLLOW_UP_LINK_DAYS + 1)
    with time_machine.travel(later, tick=False):
        res = Client().get(path)
    assert res.status_code == 404 and "链接无效或已过期" in res.content.decode()
    assert Client().get("/f/not-a-token/").status_code == 404
    assert Demand.objects.get(pk=demand.pk).status == DemandStatus.REPLIED


def test_the_unconfirmed_calendar_badge_is_for_staff_only(cast: Cast, page_client: Any) -> None:
    demand = in_state(cast, "in_progress")
    Demand.objects.filter(pk=demand.pk).update(calendar_confirmed=False)
    for path in ("/demands/", f"/demands/{demand.pk}/"):
        assert "日历未确认" in page_client(cast.handler).get(path).content.decode()
        assert "日历未确认" not in page_client(cast.enterprise_user).get(path).content.decode()


def test_a_choice_error_names_the_choices_in_chinese_only(cast: Cast, page_client: Any) -> None:
    demand = in_state(cast, "replied")
    res = page_client(cast.enterprise_user).post(f"/demands/{demand.pk}/visit/", {"satisfaction": "great"})
    page = res.content.decode()
    assert "满意度应为以下之一：非常满意、满意、基本满意、不满意、非常不满意" in page
    assert "very_satisfied" not in page.split('name="satisfaction"')[0]  # the radios' values come after
    assert Demand.objects.get(pk=demand.pk).status == DemandStatus.REPLIED
