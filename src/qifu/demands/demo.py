"""Demo demands for `make demo`: every channel and every stage of the loop, some running late.

Written through the services; a few are then moved back in time (timestamps, timeline and
deadline together) so that the lights, reminders and supervision orders have something to show.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db.models import F
from django.utils import timezone

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.core.deadlines import compute
from qifu.core.models import TimelineEvent
from qifu.demands import services
from qifu.demands.choices import Satisfaction
from qifu.demands.models import Demand, DemandCategory
from qifu.demands.reference import seed_categories
from qifu.demands.schemas import DemandIn
from qifu.demands.transitions import WORKFLOW
from qifu.enterprises.models import Enterprise
from qifu.orgs.models import Department

CATEGORY_DEPARTMENTS = {
    "policy": "FGJ",
    "finance": "CZJ",
    "talent": "RSJ",
    "legal": "SFJ",
    "innovation": "KJJ",
    "project": "FGJ",
    "land": "ZRJ",
    "utilities": "GDJ",
    "ip": "SJJ",
    "environment": "HBJ",
    "tax": "SWJ",
    "market": "SJJ",
    "labor": "RSJ",
    "other": "ZSJ",
}
SAMPLES = [
    (
        "market",
        "visit",
        "need",
        "食品经营许可证延续办理咨询",
        "公司食品经营许可证下月到期，想了解延续需要的材料和办理时限。",
    ),
    (
        "utilities",
        "service_day",
        "need",
        "厂区用电增容申请进度慢",
        "二期生产线需要增容至1250千伏安，申请已提交三个月未落实。",
    ),
    ("land", "seminar", "need", "厂房扩建用地规划调整", "拟在现有厂区北侧扩建厂房，需调整用地规划条件，请协调。"),
    ("talent", "visit", "need", "技术工人招聘困难", "缺少熟练焊工约20人，希望对接职业院校和招聘会。"),
    ("finance", "hotline", "need", "希望对接低息流动资金贷款", "原材料涨价，流动资金紧张，希望了解政府贴息贷款政策。"),
    ("tax", "window", "inquiry", "研发费用加计扣除怎么申报", "今年研发投入较大，想了解加计扣除的申报流程。"),
    (
        "market",
        "fallback_window",
        "complaint",
        "企业名称变更多次被退回",
        "在网上办理名称变更三次被退回，每次理由不同，希望一次说清。",
    ),
    ("environment", "visit", "need", "排污许可证变更", "新增一台锅炉，需要变更排污许可，不清楚是否需要重新环评。"),
    ("policy", "online", "inquiry", "专精特新企业奖励申报条件", "公司拟申报省级专精特新，想了解区里的配套奖励。"),
    ("innovation", "service_day", "suggestion", "建议组织校企合作对接会", "希望园区定期组织与高校的技术对接会。"),
    ("labor", "hotline", "complaint", "社保缴费基数调整问题", "社保系统显示的缴费基数与工资表不一致，多次咨询无果。"),
    ("ip", "visit", "need", "商标被抢注求助", "公司主打产品商标被他人抢注，希望获得法律和知识产权指导。"),
    ("project", "seminar", "need", "新建项目施工许可并联审批", "新建厂房项目希望施工许可相关事项并联审批，缩短工期。"),
    ("other", "integrity_window", "complaint", "合同款项被拖欠", "为某单位供货后货款拖欠一年，希望协调。"),
    ("legal", "online", "inquiry", "劳动合同纠纷咨询", "员工离职后申请劳动仲裁，想了解企业应如何应对。"),
]


def _backdate_until(demand: Demand, wanted: str) -> None:
    """Move a demand back in time until its light is `wanted` (warning / overdue) today."""
    now = timezone.now()
    for days in range(1, 90):
        start = (demand.deadline_start or timezone.localdate()) - dt.timedelta(days=days)
        deadline = compute(start, demand.days_total or 0)
        probe = Demand(status=demand.status, due_at=deadline.due_at, warning_at=deadline.warning_at)
        if WORKFLOW.light(probe, now) == wanted:
            _backdate(demand, days)
            return


def _backdate(demand: Demand, days: int) -> None:
    """Move a demand and its timeline `days` calendar days into the past, deadline included (demo only)."""
    shift = dt.timedelta(days=days)
    fields = ["created_at", "assigned_at", "accepted_at", "replied_at", "closed_at"]
    Demand.objects.filter(pk=demand.pk).update(**{f: F(f) - shift for f in fields})
    TimelineEvent.objects.filter(subject_type="demand", subject_id=demand.pk).update(at=F("at") - shift)
    demand.refresh_from_db()
    if demand.deadline_start and demand.days_total is not None:
        start = demand.deadline_start - shift
        deadline = compute(start, demand.days_total)
        Demand.objects.filter(pk=demand.pk).update(
            deadline_start=start, due_at=deadline.due_at, warning_at=deadline.warning_at
        )


def seed_demo_demands(
    rng: random.Random, departments: dict[str, Department], enterprises: list[Enterprise], own: Enterprise
) -> None:
    for code, department in CATEGORY_DEPARTMENTS.items():
        DemandCategory.objects.filter(code=code).update(default_department=departments[department])
    dispatcher = User.objects.get(username="demo-dispatcher")
    window = User.objects.get(username="demo-window")
    officer = User.objects.get(username="demo-officer")
    enterprise_user = User.objects.get(username="demo-enterprise")

    def staff_for(department: Department) -> User:
        user = User.objects.filter(department=department, role=Role.DEPARTMENT_HANDLER).first()
        if user is None:
            user = User.objects.create_user(
                username=f"handler-{department.code.lower()}",
                password="qifu-demo-2026",
                display_name=f"{department.short_name or department.name}承办人",
                role=Role.DEPARTMENT_HANDLER,
                department=department,
            )
        return user

    plan = [
        "registered",
        "registered",
        "assigned",
        "assigned_old",
        "in_progress",
        "in_progress_warning",
        "in_progress_overdue",
        "in_progress_extension",
        "replied",
        "closed",
        "closed_reopened",
        "archived",
        "withdrawn",
        "in_progress_escalated",
        "registered_returned",
    ]
    for i, (category, channel, kind, title, content) in enumerate(SAMPLES):
        target = plan[i % len(plan)]
        enterprise = own if i in (0, 8, 9) else enterprises[(i * 7) % len(enterprises)]
        if enterprise == own and channel == "online":
            actor = enterprise_user
        elif channel in ("window", "fallback_window", "integrity_window"):
            actor = window
        elif enterprise == own and channel == "visit":
            actor = officer
        else:
            actor = dispatcher
        demand = services.demand_register(
            actor=actor,
            payload=DemandIn.model_validate(
                {
                    "enterprise_id": enterprise.pk,
                    "kind": kind,
                    "channel": channel,
                    "category": category,
                    "title": title,
                    "content": content,
                }
            ),
        )
        if target == "registered":
            continue
        if target == "withdrawn":
            services.demand_withdraw(actor=dispatcher, demand_id=demand.pk, reason="企业来电表示已自行解决")
            continue
        lead = departments[CATEGORY_DEPARTMENTS[category]]
        demand = services.demand_assign(actor=dispatcher, demand_id=demand.pk, department_id=lead.pk)
        handler = staff_for(lead)
        if target == "registered_returned":
            services.demand_return(actor=handler, demand_id=demand.pk, reason="该事项属于住建部门职责，建议改派")
            continue
        if target == "assigned":
            continue
        if target == "assigned_old":
            _backdate(demand, 3)
            continue
        demand = services.demand_accept(actor=handler, demand_id=demand.pk)
        if target.startswith("in_progress"):
            if target == "in_progress_warning":
                _backdate_until(demand, "warning")
            elif target == "in_progress_overdue":
                _backdate_until(demand, "overdue")
            elif target == "in_progress_extension":
                services.extension_request(
                    actor=handler,
                    demand_id=demand.pk,
                    days=10,
                    reason="需组织专家现场论证",
                    progress="已完成材料初审，正在联系专家",
                )
            elif target == "in_progress_escalated":
                services.demand_escalate(
                    actor=dispatcher, demand_id=demand.pk, reason="涉及多个部门职责，需区政府统筹协调"
                )
            continue
        demand = services.demand_reply(
            actor=handler, demand_id=demand.pk, content="经核实，已按规定办理，具体材料清单已电话告知企业联系人。"
        )
        if target == "replied":
            continue
        if target == "closed_reopened":
            services.demand_visit(
                actor=dispatcher, demand_id=demand.pk, satisfaction=Satisfaction.UNSATISFIED, comment="问题未解决"
            )
            services.demand_reply(actor=handler, demand_id=demand.pk, content="再次协调，已落实。")
        services.demand_visit(
            actor=dispatcher,
            demand_id=demand.pk,
            satisfaction=rng.choice(
                [Satisfaction.VERY_SATISFIED, Satisfaction.SATISFIED, Satisfaction.BASICALLY_SATISFIED]
            ),
        )
        if target == "archived":
            services.demand_archive(actor=dispatcher, demand_id=demand.pk)


def seed_demo(rng: random.Random) -> str:
    """This app's part of `manage.py seed_demo` (core.hooks.DEMO_SEED): the dispatch catalogue and the demands."""
    seed_categories(DemandCategory)
    enterprises = list(Enterprise.objects.order_by("pk"))
    own = Enterprise.objects.get(users__username="demo-enterprise")
    seed_demo_demands(rng, Department.objects.in_bulk(field_name="code"), enterprises, own)
    return ""
