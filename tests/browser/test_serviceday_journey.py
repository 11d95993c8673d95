"""An enterprise service day in Chromium with the demo district: the park liaison pushes its list; the centre
classifies it; Wednesday's session shows its units and people; a member unit records its services on site and
raises a need it could not settle; the centre follows the demand; the session is closed and printed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from qifu.core.workcalendar import SHANGHAI
from qifu.demands.models import Demand
from qifu.servicedays.models import DemandListRow, ServiceDay
from tests.browser.conftest import menu, shot
from tests.browser.test_demand_journeys import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def next_wednesday() -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(2 - today.weekday()) % 7 or 7)


def travel(day: dt.date, hour: int) -> Any:
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=SHANGHAI), tick=True)


def test_a_service_day_from_the_park_list_to_the_printed_record(transactional_db: Any, page: Any) -> None:
    wednesday = next_wednesday()
    with travel(wednesday - dt.timedelta(days=1), 10):
        call_command("seed_demo")
        session = ServiceDay.objects.get(date=wednesday, park__name="经开区")
        login(page, "demo-liaison")
        menu(page, "企业服务日")
        page.set_viewport_size({"width": 390, "height": 844})
        shot(page, "servicedays-list-390")
        page.set_viewport_size({"width": 1366, "height": 900})
        shot(page, "servicedays-list-1366")
        page.click(f"a[href='/servicedays/{session.pk}/']")
        page.click("text=推送企业需求清单")
        page.select_option("select[name=enterprise_id] >> nth=0", index=1)
        page.fill("input[name=title] >> nth=0", "新厂房消防验收咨询")
        page.fill("textarea[name=content] >> nth=0", "新建厂房下月竣工，想了解消防验收所需材料和流程。")
        page.select_option("select[name=enterprise_id] >> nth=1", index=2)
        page.fill("input[name=title] >> nth=1", "营业执照经营范围变更")
        page.fill("textarea[name=content] >> nth=1", "新增金属表面处理业务，需变更经营范围。")
        page.click("#push-form button[type=submit]")
        page.wait_for_url(f"**/servicedays/{session.pk}/")
        assert "需求清单已推送（2条）" in page.inner_text("body")
        logout(page)

        login(page, "demo-dispatcher")
        page.goto(f"/servicedays/{session.pk}/")
        form = page.locator("form.sd-classify").first
        form.locator("select[name=category]").select_option("market")
        form.locator("select[name=department_id]").select_option(label="揭东区市场监督管理局")
        form.locator("input[name=days]").fill("10")
        form.locator("input[name=requirement]").fill("一次性告知变更所需材料，10个工作日内落实")
        form.locator("button[type=submit]").click()
        assert "已交办揭东区市场监督管理局" in page.inner_text("body")
        row = DemandListRow.objects.filter(demand_list__service_day=session, demand__isnull=False).latest("pk")
        assert row.demand is not None and row.demand.channel == "service_day" and row.demand.status == "assigned"
        units = page.inner_text("#units")
        for text in ("揭东区市场监督管理局", "林伟东", "陈丽娜", "国家税务总局揭阳市揭东区税务局", "郑国华"):
            assert text in units
        logout(page)

    with travel(wednesday, 10):
        login(page, "demo-handler")
        page.goto(f"/servicedays/{session.pk}/")
        assert "林伟东" in page.inner_text("#units")
        page.select_option("#rec-enterprise", index=1)
        page.select_option("#rec-service", "guidance")
        page.fill("#rec-content", "现场指导准备经营范围变更材料，已一次性告知。")
        page.check("#rec-raise")
        page.select_option("#rec-category", "market")
        page.fill("#rec-title", "历史变更档案缺失需调档")
        page.fill("#rec-demand", "2015年的变更档案缺失，需要档案室调档后才能办理。")
        page.click("#record-form button[type=submit]")
        assert "已形成诉求" in page.inner_text("body")
        raised = Demand.objects.filter(channel="service_day", service_day_record__service_day=session).get()
        assert raised.number in page.inner_text("#demands")
        logout(page)

        login(page, "demo-dispatcher")
        page.goto(f"/servicedays/{session.pk}/")
        page.set_viewport_size({"width": 390, "height": 844})
        shot(page, "servicedays-detail-390")
        page.set_viewport_size({"width": 1366, "height": 900})
        shot(page, "servicedays-detail-1366")
        page.click(f"#demands >> text={raised.number}")
        page.select_option("#assign-department", label="揭东区市场监督管理局")
        page.click("#act-assign button[type=submit]")
        page.goto(f"/servicedays/{session.pk}/")
        assert "待签收" in page.locator("#demands").inner_text()

        page.fill("#close-summary", "区政数局带领7个成员单位进驻经开区，现场服务企业1家，形成诉求1件。")
        page.click("text=结束本次服务日")
        assert page.inner_text("#session-status") == "已举行"
        session.refresh_from_db()
        assert (session.status, session.records_count, session.demands_raised) == ("held", 1, 2)
        with page.expect_popup() as popup:
            page.click(f"a[href='/servicedays/{session.pk}/print/']")
        sheet = popup.value
        sheet.wait_for_load_state()
        text = sheet.inner_text(".sheet")
        assert "“企业服务日”活动记录" in text and raised.number in text and "林伟东" in text
        sheet.set_viewport_size({"width": 794, "height": 1123})
        shot(sheet, "servicedays-print")
