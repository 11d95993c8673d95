"""API shapes of applications (API.md "Catalogue and applications")."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from django.conf import settings
from django.utils import timezone
from ninja import Schema
from pydantic import ConfigDict

from qifu.applications import clock
from qifu.applications.choices import ApplicationStatus, MaterialState
from qifu.applications.models import Application
from qifu.core.workcalendar import SHANGHAI, get_calendar


class AgentIn(Schema):
    name: str
    phone: str
    id_number: str


class MaterialIn(Schema):
    requirement_id: int
    provided: bool


class ApplicationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    enterprise_id: int | None = None
    item_id: int | None = None
    bundle_id: int | None = None
    mode: str = "self"
    agent: AgentIn | None = None
    green_channel: bool = False
    materials: list[MaterialIn] = []


class MaterialOut(Schema):
    requirement_id: int
    name: str
    required: bool
    deferrable: bool
    state: str
    problem: str
    deferred_due: dt.date | None


class TimelineOut(Schema):
    at: dt.datetime
    actor: str
    action: str
    note: str


class ChildOut(Schema):
    id: int
    number: str
    name: str
    department: str
    status: str
    due_at: dt.datetime | None
    light: str | None


class ApplicationOut(Schema):
    id: int
    number: str
    name: str
    enterprise_id: int
    enterprise_name: str
    mode: str
    green_channel: bool
    status: str
    status_label: str
    department: str | None
    submitted_at: dt.datetime
    notice_due_at: dt.datetime | None
    deemed_accepted: bool
    accepted_at: dt.datetime | None
    due_at: dt.datetime | None
    paused: bool
    light: str | None
    calendar_confirmed: bool
    materials: list[MaterialOut]
    deferred_materials: list[MaterialOut]
    commitment_due: dt.date | None
    children: list[ChildOut]
    timeline: list[TimelineOut]


def light(application: Application, now: dt.datetime | None = None) -> str | None:
    """normal / warning / overdue of the clock that runs in the current status (notice, decision, delivery)."""
    now = now or timezone.now()
    clocks = {
        ApplicationStatus.SUBMITTED: (application.notice_due_at, clock.NOTICE_DAYS),
        ApplicationStatus.IN_REVIEW: (application.due_at, application.days_total or 0),
        ApplicationStatus.ACCEPTED: (application.due_at, application.days_total or 0),
        ApplicationStatus.APPROVED: (application.delivery_due_at, clock.DELIVERY_DAYS),
        ApplicationStatus.DENIED: (application.delivery_due_at, clock.DELIVERY_DAYS),
    }
    due, total = clocks.get(ApplicationStatus(application.status), (None, 0))
    if due is None:
        return None
    if now > due:
        return "overdue"
    left = get_calendar().workdays_between(timezone.localdate(now), due.astimezone(SHANGHAI).date()) + 1
    return "warning" if left <= max(1, math.ceil(total * settings.QIFU_WARNING_SHARE)) else "normal"


def _material(m: Any) -> MaterialOut:
    r = m.requirement
    return MaterialOut(
        requirement_id=r.pk,
        name=r.name,
        required=r.required,
        deferrable=r.deferrable,
        state=m.state,
        problem=m.problem,
        deferred_due=m.deferred_due,
    )


def application_out(a: Application, timeline: Any) -> ApplicationOut:
    materials = [_material(m) for m in a.materials.select_related("requirement")]
    commitment = getattr(a, "commitment", None)
    return ApplicationOut(
        id=a.pk,
        number=a.number,
        name=a.title,
        enterprise_id=a.enterprise_id,
        enterprise_name=a.enterprise.name,
        mode=a.mode,
        green_channel=a.green_channel,
        status=a.status,
        status_label=a.get_status_display(),
        department=a.department.name if a.department else None,
        submitted_at=a.submitted_at,
        notice_due_at=a.notice_due_at,
        deemed_accepted=a.deemed_accepted,
        accepted_at=a.accepted_at,
        due_at=a.due_at,
        paused=a.paused_since is not None,
        light=light(a),
        calendar_confirmed=a.calendar_confirmed,
        materials=materials,
        deferred_materials=[m for m in materials if m.state == MaterialState.DEFERRED],
        commitment_due=commitment.due_date if commitment else None,
        children=[
            ChildOut(
                id=c.pk,
                number=c.number,
                name=c.title,
                department=c.department.name if c.department else "",
                status=c.status,
                due_at=c.due_at,
                light=light(c),
            )
            for c in a.children.select_related("item_version", "department")
        ],
        timeline=[TimelineOut(at=t.at, actor=t.actor_label, action=t.action, note=t.note) for t in timeline],
    )
