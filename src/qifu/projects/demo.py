"""Demo key projects of `make demo`: projects at several stages, their milestones done or planned, one of demo-officer's
stalled (滞后: a milestone past its planned date), and demands of their enterprises linked to them."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from qifu.accounts.models import User
from qifu.demands.models import Demand
from qifu.enterprises.models import Enterprise
from qifu.orgs.models import Department
from qifu.projects import services
from qifu.projects.choices import DEFAULT_MILESTONES

# (name, department code, leader, investment 万元, stage, milestones done, days to the next planned one; negative: late)
PROJECTS = [
    ("年产5万吨精密不锈钢制品扩建项目", "GXJ", "区委常委、常务副区长 陈伟明", "32000", "construction", 3, -12),
    ("智能五金制造产业园一期", "FGJ", "副区长 林少鹏", "58000", "construction", 4, 20),
    ("新能源汽车零部件生产基地", "ZJJ", "副区长 黄志强", "120000", "signed", 1, 45),
    ("食品级包装材料技改项目", "SJJ", "副区长 郑晓燕", "8600", "completed", 6, 15),
    ("电子元器件研发中心", "KJJ", "副区长 林少鹏", "15000", "production", 7, 0),
]


def seed_demo(rng: random.Random) -> str:
    """This app's part of `manage.py seed_demo` (core.hooks.DEMO_SEED)."""
    admin = User.objects.get(username="demo-admin")
    officer = User.objects.get(username="demo-officer")
    others = list(User.objects.filter(role="service_officer").exclude(pk=officer.pk).order_by("pk"))
    departments = Department.objects.in_bulk(field_name="code")
    own = Enterprise.objects.get(users__username="demo-enterprise")
    enterprises = [own, *Enterprise.objects.exclude(pk=own.pk).order_by("pk")[:8]]
    today = timezone.localdate()
    for i, (name, department, leader, investment, stage, done, next_in) in enumerate(PROJECTS):
        enterprise = enterprises[i % len(enterprises)]
        specialist = officer if i < 3 or not others else others[i % len(others)]
        # Milestones a quarter apart: those before `done` lie in the past, the next falls `next_in` days away.
        planned = [today + dt.timedelta(days=next_in + 90 * (k - done)) for k in range(len(DEFAULT_MILESTONES))]
        project = services.project_create(
            actor=admin,
            name=name,
            enterprise_id=enterprise.pk,
            leader_name=leader,
            department_id=departments[department].pk,
            specialist_id=specialist.pk,
            investment=Decimal(investment),
            stage=stage,
            milestones=list(zip(DEFAULT_MILESTONES, planned, strict=True)),
        )
        for k, milestone in enumerate(project.milestones.order_by("planned_on")[:done]):
            services.milestone_done(
                actor=admin,
                project_id=project.pk,
                milestone_id=milestone.pk,
                done_on=min(today, planned[k] + dt.timedelta(days=rng.randint(-10, 10))),
                note="已按期完成" if rng.random() < 0.7 else "",
            )
        for demand in Demand.objects.filter(enterprise=enterprise).order_by("pk")[:1]:
            services.project_link_demand(actor=admin, project_id=project.pk, demand_id=demand.pk)
    services.remind_stalled()
    return ""
