"""The officers' service pages: a visit raising a demand, a plan from the §5 templates, ending it, the A4 file,
the workbench to-dos, the enterprise page's card, and leaders' assistance."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from qifu.accounts.models import User
from qifu.demands.models import Demand
from qifu.lifecycle import services
from qifu.lifecycle.models import LeaderAssistance, ServicePlan, Visit
from tests.conftest import PASSWORD, Cast

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def html_of(res: Any) -> str:
    return res.content.decode()


def test_an_officer_records_a_visit_that_raises_a_demand(cast: Cast, page_client: Any) -> None:
    client = page_client(cast.officer)
    url = f"/lifecycle/enterprises/{cast.ent.pk}/visits/new/"
    form = html_of(client.get(url))
    assert "记录走访" in form and "实地" in form and "线上" in form and "电话" in form
    bad = client.post(url, {"visited_on": str(TODAY + dt.timedelta(days=2)), "mode": "onsite", "situation": "x"})
    assert bad.status_code == 422 and "走访日期不能晚于今天" in html_of(bad)
    res = client.post(
        url,
        {
            "visited_on": str(TODAY),
            "mode": "online",
            "situation": "线上视频了解生产经营情况",
            "difficulties": "招工难",
            "demand_kind_0": "need",
            "demand_category_0": "labor",
            "demand_title_0": "数控操作工招聘难",
            "demand_content_0": "缺口约20人",
        },
        follow=True,
    )
    demand = Demand.objects.get()
    assert demand.channel == "visit" and demand.title == "数控操作工招聘难"
    html = html_of(res)
    assert "走访已记录并记入企业台账" in html and demand.number in html  # back on the enterprise's page
    assert 'id="lifecycle-panel"' in html and "线上视频了解生产经营情况" in html


def test_a_plan_from_the_stage_templates_is_ended_with_reason_a(cast: Cast, page_client: Any) -> None:
    client = page_client(cast.officer)
    url = f"/lifecycle/enterprises/{cast.ent.pk}/plans/new/?stage=construction"
    form = html_of(client.get(url))
    assert "5.2.7" in form and "宜根据企业需求协助企业完成项目竣工验收及取得不动产登记证书。" in form
    due = str(TODAY + dt.timedelta(days=40))
    res = client.post(
        f"/lifecycle/enterprises/{cast.ent.pk}/plans/new/",
        {"stage": "construction", "goals": "年底前竣工投产", "use_3": "1", "due_3": due, "own_title": "协调施工用水"},
    )
    assert res.status_code == 422 and "完成期限" in html_of(res)  # the own task has no date
    res = client.post(
        f"/lifecycle/enterprises/{cast.ent.pk}/plans/new/",
        {"stage": "construction", "goals": "年底前竣工投产", "use_3": "1", "due_3": due},
        follow=True,
    )
    plan = ServicePlan.objects.get()
    assert [t.title for t in plan.tasks.all()] == ["5.2.4 应跟踪项目建设进度、试产投产情况。"]
    assert "服务方案已制定" in html_of(res) and "终止服务" in html_of(res)
    done = client.post(
        f"/lifecycle/plans/{plan.pk}/terminate/", {"reason_code": "a", "note": "企业主动要求终止"}, follow=True
    )
    assert "服务已终止（a) 服务对象主动要求终止）" in html_of(done)
    plan.refresh_from_db()
    assert plan.status == "terminated" and plan.termination_reason == "a"
    file = html_of(client.get(f"/lifecycle/enterprises/{cast.ent.pk}/file/"))
    assert "a) 服务对象主动要求终止：企业主动要求终止" in file and "项目建设" in file


def test_the_deregistration_form_asks_for_the_reason(cast: Cast, page_client: Any) -> None:
    client = page_client(cast.officer)
    form = html_of(client.get(f"/lifecycle/enterprises/{cast.ent.pk}/plans/new/?stage=deregistration"))
    assert "企业注销原因" in form and "5.5.2" in form
    res = client.post(
        f"/lifecycle/enterprises/{cast.ent.pk}/plans/new/",
        {"stage": "deregistration", "goals": "协助简易注销", "use_0": "1", "due_0": str(TODAY + dt.timedelta(days=9))},
    )
    assert res.status_code == 422 and "注销服务方案请填写企业注销原因" in html_of(res)


def test_the_file_prints_plans_ledger_visits_and_evaluations(cast: Cast, page_client: Any) -> None:
    services.visit_record(
        actor=cast.officer, enterprise_id=cast.ent.pk, visited_on=TODAY, mode="phone", situation="电话回访经营情况"
    )
    html = html_of(page_client(cast.liaison).get(f"/lifecycle/enterprises/{cast.ent.pk}/file/"))
    for heading in ["一、企业基本情况", "二、服务方案", "三、走访记录", "四、工作台账", "五、服务评价"]:
        assert heading in html
    assert "电话回访经营情况" in html and "size: A4" in html and "data-print" in html
    assert page_client(cast.other_officer).get(f"/lifecycle/enterprises/{cast.ent.pk}/file/").status_code == 404


def test_the_workbench_and_the_enterprise_page_show_the_officers_work(cast: Cast, page_client: Any) -> None:
    client = page_client(cast.officer)
    assert "超过90天未走访的企业" in html_of(client.get("/"))
    card = html_of(client.get(f"/enterprises/{cast.ent.pk}/"))
    assert 'id="lifecycle-panel"' in card and "记录走访" in card and "服务档案" in card
    assert 'id="lifecycle-panel"' not in html_of(page_client(cast.handler).get(f"/enterprises/{cast.ent.pk}/"))
    index = html_of(client.get("/lifecycle/"))
    assert cast.ent.name in index and "从未走访" in index


def test_leaders_assistance_and_who_has_none_this_year(cast: Cast, page_client: Any) -> None:
    tax_head = User.objects.create_user(
        username="tax-head", password=PASSWORD, role="department_head", department=cast.tax, display_name="税务领导"
    )
    head = page_client(cast.head)
    assert "本人帮办次数" in html_of(head.get("/"))
    bad = head.post(
        "/lifecycle/assistance/", {"assisted_on": str(TODAY), "mode": "accompany", "matter": "x", "uscc": "123"}
    )
    assert bad.status_code == 422 and "统一社会信用代码" in html_of(bad)
    res = head.post(
        "/lifecycle/assistance/",
        {
            "assisted_on": str(TODAY),
            "mode": "experience",
            "matter": "食品经营许可新办",
            "uscc": cast.ent.uscc,
            "findings": "网上申报未提示上传布局图",
            "measures": "更新办事指南",
        },
        follow=True,
    )
    assert "帮办记录已保存" in html_of(res)
    record = LeaderAssistance.objects.get()
    assert record.department == cast.market and record.enterprise == cast.ent and record.leader == cast.head
    # The head sees its own department only, and may raise what it found as a demand (department staff register
    # demands).
    mine = html_of(head.get("/lifecycle/assistance/"))
    assert "税务领导" not in mine and "转为诉求" in mine
    centre = page_client(cast.dispatcher)
    html = html_of(centre.get("/lifecycle/assistance/"))
    assert "税务领导" in html and "尚无" in html and "转为诉求" in html
    assert f"{TODAY.year}年尚无帮办记录的部门领导" in html_of(centre.get("/"))
    raised = centre.post(
        f"/lifecycle/assistance/{record.pk}/raise/", {"category": "market", "title": "布局图要求未告知"}, follow=True
    )
    demand = Demand.objects.get()
    assert demand.channel == "window" and "网上申报未提示上传布局图" in demand.content
    assert f"已转为诉求 {demand.number}" in html_of(raised)
    again = centre.post(
        f"/lifecycle/assistance/{record.pk}/raise/", {"category": "market", "title": "再次"}, follow=True
    )
    assert "已转为诉求" in html_of(again) and Demand.objects.count() == 1
    assert page_client(tax_head).post(f"/lifecycle/assistance/{record.pk}/raise/", {}).status_code == 404
    assert Demand.objects.count() == 1
    assert page_client(cast.officer).get("/lifecycle/assistance/").status_code == 403
    assert Visit.objects.count() == 0
