"""Reads of key projects, scoped to the user: the list (all or only the stalled), one project's milestones."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from qifu.core.choices import Light
from qifu.projects.models import Milestone, Project
from qifu.projects.permissions import projects_visible_to
from qifu.projects.transitions import WORKFLOW


def late_milestones(now: dt.datetime | None = None) -> QuerySet[Milestone]:
    """Milestones past their planned day and not done (milestone_planned_due_idx)."""
    return Milestone.objects.filter(WORKFLOW.light_q(Light.OVERDUE, now))


def project_list_for(user: object, *, stalled: bool = False, now: dt.datetime | None = None) -> QuerySet[Project]:
    """The user's projects, newest first; `stalled` keeps those with a late milestone (滞后)."""
    qs = projects_visible_to(user)
    if stalled:
        qs = qs.filter(Exists(late_milestones(now).filter(project=OuterRef("pk"))))
    return qs.select_related("enterprise", "department", "specialist").prefetch_related(
        "milestones", "applications", "demands"
    )


def is_stalled(project: Project, now: dt.datetime | None = None) -> bool:
    """Whether one of the project's (prefetched) milestones is late."""
    now = now or timezone.now()
    return any(WORKFLOW.light(m, now) == Light.OVERDUE for m in project.milestones.all())
