"""Key projects for tests, made with the real services: the cast's enterprise's project (market department,
specialist `officer`) and the other enterprise's (tax department, specialist `other-officer`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import timezone

from qifu.projects import services
from qifu.projects.models import Project
from tests.conftest import Cast


def make_project(cast: Cast, *, other: bool = False, late_days: int = 0) -> Project:
    """A project with 签约 done last month and 立项用地 planned in 30 days (or `late_days` ago when given)."""
    today = timezone.localdate()
    project = services.project_create(
        actor=cast.admin,
        name="德盛电子新厂房建设项目" if other else "宏达五金年产3万吨不锈钢制品项目",
        enterprise_id=(cast.other_ent if other else cast.ent).pk,
        leader_name="副区长 林少鹏",
        department_id=(cast.tax if other else cast.market).pk,
        specialist_id=(cast.other_officer if other else cast.officer).pk,
        investment=Decimal("32000.50"),
        stage="construction",
        milestones=[
            ("签约", today - dt.timedelta(days=40)),
            ("立项用地", today - dt.timedelta(days=late_days) if late_days else today + dt.timedelta(days=30)),
        ],
    )
    signed = project.milestones.get(name="签约")
    services.milestone_done(
        actor=cast.admin, project_id=project.pk, milestone_id=signed.pk, done_on=today - dt.timedelta(days=38)
    )
    return project
