"""The demo district's complaints and officers' evaluation (core.hooks.DEMO_SEED, order 72): complaints at the
two complaint windows naming the units complained of, a special study run through cause, measures and check, a
major complaint's study still open, a questionnaire about demo-officer with answers, and a third party's results
imported from an .xlsx."""

from __future__ import annotations

import datetime as dt
import io
import random

import xlsxwriter
from django.utils import timezone

from qifu.accounts.models import User
from qifu.core.choices import Role
from qifu.demands import services as demand_services
from qifu.demands.models import Demand
from qifu.demands.schemas import DemandIn
from qifu.enterprises.models import Enterprise
from qifu.evaluations import complaint_services, officer_services
from qifu.evaluations.officer_schemas import SurveyAnswerIn, SurveyIn
from qifu.orgs.models import Department

# (channel, category, title, content, unit code, subject)
COMPLAINTS = [
    (
        "fallback_window",
        "market",
        "营业执照变更材料被反复退回",
        "同一份股东会决议被退回两次，每次理由不同。",
        "SJJ",
        "营业执照变更",
    ),
    (
        "fallback_window",
        "market",
        "执照变更窗口要求补交已交过的材料",
        "窗口要求再次提交上周已提交的章程修正案。",
        "SJJ",
        "营业执照变更",
    ),
    (
        "integrity_window",
        "market",
        "食品经营许可现场核查一再推迟",
        "约定的核查时间三次改期，未说明原因。",
        "SJJ",
        "食品经营许可",
    ),
    (
        "fallback_window",
        "project",
        "施工许可网上申报系统无法提交",
        "系统提示材料格式错误，咨询后无人答复。",
        "ZJJ",
        "施工许可",
    ),
    (
        "integrity_window",
        "other",
        "承诺的扶持资金一年未兑现",
        "签订招商协议时承诺的设备补贴至今未兑现。",
        "ZJJ",
        "扶持资金兑现",
    ),
]


def _third_party_file(officers: list[User], start: dt.date, end: dt.date) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("第三方评价结果")
    for col, (_, label) in enumerate(officer_services.COLUMNS):
        sheet.write(0, col, label)
    for row, officer in enumerate(officers, start=1):
        base = 92 - row * 2
        values: list[str | int] = [officer.username, "揭阳市营商环境第三方评估中心", start.isoformat(), end.isoformat()]
        values += [base + 1, base - 1, base, base + 2, base - 2, base, "抽样电话访问企业30家"]
        for col, value in enumerate(values):
            sheet.write(row, col, value)
    book.close()
    return out.getvalue()


def seed_demo(rng: random.Random) -> str:
    window = User.objects.get(username="demo-window")
    dispatcher = User.objects.get(username="demo-dispatcher")
    departments = Department.objects.in_bulk(field_name="code")
    enterprises = list(Enterprise.objects.order_by("pk")[:12])
    handler = User.objects.filter(department=departments["SJJ"], role=Role.DEPARTMENT_HANDLER).first()
    # The demand seed's own complaints: named by the centre (one left for the page's "待认定" list).
    for demand in Demand.objects.filter(channel__in=complaint_services.LEDGER_CHANNELS).order_by("pk")[:1]:
        complaint_services.complaint_name(
            actor=dispatcher, demand_id=demand.pk, department_id=departments["SJJ"].pk, subject="企业名称变更"
        )
    named = []
    for i, (channel, category, title, content, unit, subject) in enumerate(COMPLAINTS):
        demand = demand_services.demand_register(
            actor=window,
            payload=DemandIn.model_validate(
                {
                    "enterprise_id": enterprises[(i * 5) % len(enterprises)].pk,
                    "kind": "complaint",
                    "channel": channel,
                    "category": category,
                    "title": title,
                    "content": content,
                }
            ),
        )
        named.append(
            complaint_services.complaint_name(
                actor=window,
                demand_id=demand.pk,
                department_id=departments[unit].pk,
                staff_id=handler.pk if handler and unit == "SJJ" and i == 0 else None,
                subject=subject,
                major=title.startswith("承诺的扶持资金"),
            )
        )
    # One more complaint at the window, not yet named: the page's to-do.
    demand_services.demand_register(
        actor=window,
        payload=DemandIn.model_validate(
            {
                "enterprise_id": enterprises[3].pk,
                "kind": "complaint",
                "channel": "fallback_window",
                "category": "tax",
                "title": "发票领用申请多次被退回",
                "content": "申请增值税专用发票增量，三次被退回，未说明原因。",
            }
        ),
    )
    # The market regulator's repeated complaints opened a study: run it through cause, measures and check.
    study = named[2].studies.get(key=f"unit:{departments['SJJ'].pk}")
    complaint_services.study_analyse(
        actor=dispatcher,
        study_id=study.pk,
        cause="登记窗口对变更登记材料的审查标准理解不一，一次性告知不完整；网上退回意见未写明依据。",
    )
    complaint_services.study_plan(
        actor=dispatcher,
        study_id=study.pk,
        measures="1. 编制变更登记材料审查要点并在窗口公示；2. 退回必须一次性列明全部问题和依据；"
        "3. 对退回两次以上的申请由科长复核。",
        check_on=timezone.localdate(),
    )
    complaint_services.study_check(
        actor=dispatcher,
        study_id=study.pk,
        effect="抽查整改后一个月的变更登记申请42件，退回3件均一次性告知，未再收到同类投诉。",
        effective=True,
    )
    # Officers' evaluation: a questionnaire about demo-officer, answered by most of the enterprises.
    officer = User.objects.get(username="demo-officer")
    today = timezone.localdate()
    start = dt.date(today.year, 1, 1)
    if officer_services.stewarded_in(officer, start, today):
        survey = officer_services.survey_send(
            actor=dispatcher,
            payload=SurveyIn(
                officer_id=officer.pk,
                period_start=start,
                period_end=today,
                closes_on=today + dt.timedelta(days=14),
                note="年度助企干部服务满意度调查",
            ),
        )
        own = Enterprise.objects.filter(users__username="demo-enterprise").first()
        for sheet in survey.responses.exclude(enterprise=own).order_by("pk"):
            scores = {f: rng.choice([4, 5, 5]) for f in ("ability", "attitude", "efficiency", "satisfaction")}
            scores |= {f: rng.choice([3, 4, 5]) for f in ("plan", "process", "on_time", "complaint_handling")}
            officer_services.survey_answer_by_link(
                token=sheet.token, payload=SurveyAnswerIn(**scores, comment="走访及时，问题跟进到位。")
            )
    officers = list(User.objects.filter(role=Role.SERVICE_OFFICER).order_by("username"))
    officer_services.third_party_import(
        actor=dispatcher, name="第三方评价结果.xlsx", content=_third_party_file(officers, start, today)
    )
    return ""
