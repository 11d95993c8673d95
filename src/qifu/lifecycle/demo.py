"""The demo district's officers' service (core.hooks.DEMO_SEED, after the enterprises and demands): demo-officer's
visits (some enterprises overdue for one), service plans at several stages (one terminated for reason a), and
department leaders' assistance (one leader with none this year)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from qifu.accounts.demo import demo_user
from qifu.accounts.models import User
from qifu.core.choices import Role
from qifu.demands.choices import DemandKind
from qifu.enterprises.choices import LifecycleStage
from qifu.enterprises.selectors import enterprise_list_for
from qifu.lifecycle import services
from qifu.lifecycle.choices import SERVICE_CONTENT, AssistanceMode, VisitMode, template_title
from qifu.lifecycle.schemas import TaskIn, VisitDemandIn
from qifu.orgs.models import Department

SITUATIONS = [
    "生产线满负荷运转，订单排至下季度；新招一线工人15名。",
    "外贸订单回落约一成，企业正开拓国内电商渠道。",
    "新厂房主体已封顶，设备进场安装调试中。",
    "企业经营平稳，研发投入同比增加，计划申报高新技术企业。",
]
DIFFICULTIES = [
    ("utilities", "二期厂房临时用电报装进度慢", "二期厂房临时用电已申请一个月，尚未完成接入，影响设备调试。"),
    ("labor", "技术工人招聘难", "数控操作工缺口约20人，希望协助对接职业院校和人社部门招聘会。"),
    ("finance", "流动资金周转紧张", "原材料涨价占用资金，希望了解政策性贷款和贴息政策。"),
]


def _tasks(stage: str, today: dt.date, count: int) -> list[TaskIn]:
    return [
        TaskIn(title=template_title(clause, text), due_on=today + dt.timedelta(days=20 * (i + 1)))
        for i, (clause, text) in enumerate(SERVICE_CONTENT[stage][:count])
    ]


def seed_demo(rng: random.Random) -> str:
    today = timezone.localdate()
    officer = User.objects.get(username="demo-officer")
    mine = list(enterprise_list_for(officer).order_by("pk"))
    for i, enterprise in enumerate(mine):
        if i % 8 == 7:
            continue  # never visited: due
        days_ago = rng.randint(100, 200) if i % 8 == 3 else rng.randint(3, 80)  # some overdue, most within 90 days
        difficulty = DIFFICULTIES[i % len(DIFFICULTIES)] if i % 4 == 0 else None
        services.visit_record(
            actor=officer,
            enterprise_id=enterprise.pk,
            visited_on=today - dt.timedelta(days=days_ago),
            mode=rng.choice(list(VisitMode.values)),
            situation=rng.choice(SITUATIONS),
            difficulties=difficulty[1] if difficulty else "",
            plans="下季度扩大产能，计划新增一条生产线。" if i % 3 == 0 else "",
            demands=[
                VisitDemandIn(kind=DemandKind.NEED, category=difficulty[0], title=difficulty[1], content=difficulty[2])
            ]
            if difficulty and i < 12
            else [],
        )

    stages = [
        LifecycleStage.OPERATION,
        LifecycleStage.CONSTRUCTION,
        LifecycleStage.UPGRADING,
        LifecycleStage.FOUNDING,
        LifecycleStage.DEREGISTRATION,
    ]
    plans = []
    for enterprise, stage in zip(mine, stages, strict=False):
        plans.append(
            services.plan_create(
                actor=officer,
                enterprise_id=enterprise.pk,
                stage=stage,
                goals=f"围绕{LifecycleStage(stage).label}阶段需求，提供全流程帮办代办和跟踪服务。",
                tasks=_tasks(stage, today, 3),
                deregistration_reason="股东决议停止经营，拟办理简易注销。"
                if stage == LifecycleStage.DEREGISTRATION
                else "",
            )
        )
    if plans:
        first = plans[0].tasks.order_by("id")
        services.task_progress(actor=officer, task_id=first[0].pk, progress=100, note="已组织企业参加政企座谈会。")
        services.task_progress(actor=officer, task_id=first[1].pk, progress=60, note="本季度已走访两次。")
    if len(plans) > 4:
        services.plan_terminate(
            actor=officer, plan_id=plans[4].pk, reason_code="a", note="企业决定暂缓注销，主动要求终止帮办代办服务。"
        )

    departments = Department.objects.in_bulk(field_name="code")
    head = User.objects.get(username="demo-head")
    demo_user("leader-fgj", "周副局长", Role.DEPARTMENT_HEAD, department=departments["FGJ"])  # none this year
    tax_leader = demo_user("leader-swj", "陈副局长", Role.DEPARTMENT_HEAD, department=departments["SWJ"])
    found = services.assistance_record(
        actor=head,
        assisted_on=today - dt.timedelta(days=12),
        mode=AssistanceMode.ACCOMPANY,
        matter="食品经营许可证新办",
        uscc=mine[0].uscc if mine else "",
        findings="平面图要求各窗口口径不一，企业往返两次；网上申报页面未提示需上传设备布局图。",
        measures="统一一次性告知单，三日内更新网上办事指南。",
    )
    services.assistance_record(
        actor=tax_leader,
        assisted_on=today - dt.timedelta(days=30),
        mode=AssistanceMode.EXPERIENCE,
        matter="新办纳税人套餐业务",
        findings="体验全流程约40分钟，发票申领环节排队较长。",
        measures="高峰时段增开一个发票窗口。",
    )
    if mine:
        services.assistance_raise(
            actor=User.objects.get(username="demo-dispatcher"),
            assistance_id=found.pk,
            category="market",
            title="食品经营许可平面图要求口径不一",
        )
    return ""
