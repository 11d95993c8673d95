"""Writes of complaints and special studies: naming what a complaint is about, and the study it opens.

A complaint is a demand of the 办不成事 or 诚信建设投诉 ledger (or of kind `complaint`); `complaint_name` records
the unit complained of (and the staff member, the matter, whether major). The same unit or matter complained of
`REPEAT_COUNT` times within `REPEAT_DAYS` days, or one major complaint, opens a special study; a complaint whose
unit or matter already has an open study joins it instead (003 §7.2.5).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from qifu.accounts.models import User
from qifu.core.access import DEPARTMENT_ROLES, require
from qifu.core.audit import audit_record, register_action_labels
from qifu.core.choices import Role
from qifu.core.errors import Conflict, FieldError, ValidationFailed
from qifu.core.workflow import Notice
from qifu.demands.choices import Channel, DemandKind
from qifu.demands.models import Demand
from qifu.demands.permissions import access_demand_for
from qifu.evaluations.complaint_choices import StudyStatus, StudyTrigger
from qifu.evaluations.complaint_permissions import access_study_for
from qifu.evaluations.complaint_transitions import STUDY_WORKFLOW
from qifu.evaluations.models import Complaint, SpecialStudy
from qifu.orgs.models import Department

REPEAT_COUNT = 3
REPEAT_DAYS = 90
LEDGER_CHANNELS = (Channel.FALLBACK_WINDOW, Channel.INTEGRITY_WINDOW)

register_action_labels({"complaint.name": "认定投诉对象"})


def is_complaint(demand: Demand) -> bool:
    """A demand of the two complaint ledgers, or any demand the enterprise raised as a complaint."""
    return demand.channel in LEDGER_CHANNELS or demand.kind == DemandKind.COMPLAINT


def normalise_subject(text: str) -> str:
    """The matter as counted for repeats: without spaces and trailing punctuation."""
    return "".join(text.split()).strip("。，,.；;、")[:100]


def _centre_staff() -> list[User]:
    return list(User.objects.filter(role__in=[Role.DISPATCHER, Role.ADMIN], is_active=True))


def _unit_heads(department_id: int | None) -> list[User]:
    if department_id is None:
        return []
    return list(User.objects.filter(department_id=department_id, role=Role.DEPARTMENT_HEAD, is_active=True))


@transaction.atomic
def complaint_name(
    *,
    actor: User,
    demand_id: int,
    department_id: int,
    staff_id: int | None = None,
    subject: str = "",
    major: bool = False,
) -> Complaint:
    """Say what a complaint is about (or correct it), then open or join the special studies it calls for."""
    require(actor, "complaint.manage")
    demand = access_demand_for(actor, demand_id)
    errors: list[FieldError] = []
    if not is_complaint(demand):
        errors.append(FieldError("demand_id", "该诉求不是投诉（不在“办不成事”或“诚信建设投诉”台账，也不是投诉类）"))
    department = Department.objects.filter(pk=department_id).first()
    if department is None:
        errors.append(FieldError("department_id", "被投诉单位不存在"))
    staff = None
    if staff_id is not None:
        staff = User.objects.filter(pk=staff_id, is_active=True).exclude(role__in=["", Role.ENTERPRISE]).first()
        if staff is None:
            errors.append(FieldError("staff_id", "被投诉工作人员不存在"))
        elif department is not None and staff.role in DEPARTMENT_ROLES and staff.department_id != department.pk:
            errors.append(FieldError("staff_id", "该工作人员不属于被投诉单位"))
    if errors or department is None:
        raise ValidationFailed("投诉信息有误：" + "；".join(e.message for e in errors), errors)
    clean_subject = normalise_subject(subject)
    complaint, created = Complaint.objects.select_for_update().get_or_create(
        demand=demand,
        defaults={
            "department": department,
            "staff": staff,
            "subject": clean_subject,
            "major": major,
            "received_at": demand.created_at,
            "named_by": actor,
        },
    )
    if not created:
        complaint.department, complaint.staff, complaint.subject = department, staff, clean_subject
        complaint.major = complaint.major or major  # once judged major, a study was opened for it
        complaint.named_by = actor
        complaint.save(update_fields=["department", "staff", "subject", "major", "named_by", "updated_at"])
    audit_record(
        actor=actor,
        action="complaint.name",
        obj=complaint,
        summary=f"{demand.number} 被投诉单位：{department.name}"
        + (f"，工作人员：{staff.display_name or staff.username}" if staff else "")
        + ("，重大投诉" if complaint.major else ""),
        data={
            "demand_id": demand.pk,
            "department_id": department.pk,
            "staff_id": staff.pk if staff else None,
            "subject": clean_subject,
            "major": complaint.major,
            "corrected": not created,
        },
    )
    open_studies_for(complaint)
    return complaint


def _repeats(complaint: Complaint, key: str, **match: Any) -> int:
    """Complaints like this one within the window, counting none from before a closed study of the same key (its
    measures answered those)."""
    since = complaint.received_at - dt.timedelta(days=REPEAT_DAYS)
    closed = (
        SpecialStudy.objects.filter(key=key, status=StudyStatus.CLOSED, closed_at__isnull=False)
        .order_by("-closed_at")
        .values_list("closed_at", flat=True)
        .first()
    )
    if closed is not None and closed > since:
        since = closed
    return Complaint.objects.filter(received_at__gt=since, received_at__lte=complaint.received_at, **match).count()


def open_studies_for(complaint: Complaint) -> list[SpecialStudy]:
    """The studies this complaint belongs to, opened when the rule asks and none is open for its unit or matter."""
    wanted: list[tuple[str, str, dict[str, Any]]] = []
    if complaint.major:
        wanted.append((f"unit:{complaint.department_id}", StudyTrigger.MAJOR, {"department": complaint.department}))
    elif _repeats(complaint, f"unit:{complaint.department_id}", department_id=complaint.department_id) >= REPEAT_COUNT:
        wanted.append(
            (f"unit:{complaint.department_id}", StudyTrigger.REPEATED_UNIT, {"department": complaint.department})
        )
    key = f"subject:{complaint.subject}"
    if complaint.subject and _repeats(complaint, key, subject=complaint.subject) >= REPEAT_COUNT:
        wanted.append((key, StudyTrigger.REPEATED_SUBJECT, {"subject": complaint.subject}))
    studies = []
    for key, trigger, about in wanted:
        studies.append(_study_for(complaint, key, trigger, about))
    return studies


def _study_for(complaint: Complaint, key: str, trigger: str, about: dict[str, Any]) -> SpecialStudy:
    study = SpecialStudy.objects.select_for_update().filter(key=key).exclude(status=StudyStatus.CLOSED).first()
    if study is not None:
        if not study.complaints.filter(pk=complaint.pk).exists():
            study.complaints.add(complaint)
            STUDY_WORKFLOW.record(
                study,
                actor=None,
                action="add_complaint",
                actor_label="系统",
                note=f"{complaint.demand.number} {complaint.demand.title}",
                data={"complaint_id": complaint.pk},
            )
        return study
    department = about.get("department")  # none for a matter: it may span units
    unit = complaint.department.name
    if trigger == StudyTrigger.MAJOR:
        title = f"关于{unit}重大投诉的专题研究"
    elif trigger == StudyTrigger.REPEATED_UNIT:
        title = f"关于{unit}{REPEAT_DAYS}日内多次被投诉的专题研究"
    else:
        title = f"关于“{about['subject']}”重复投诉的专题研究"
    try:
        with transaction.atomic():
            study = SpecialStudy.objects.create(
                key=key,
                trigger=trigger,
                department=department,
                subject=about.get("subject", ""),
                title=title[:200],
            )
    except IntegrityError:  # opened at the same moment by another intake: join it
        return _study_for(complaint, key, trigger, about)
    if trigger != StudyTrigger.MAJOR:
        since = complaint.received_at - dt.timedelta(days=REPEAT_DAYS)
        match = {"department_id": complaint.department_id} if "department" in about else {"subject": about["subject"]}
        study.complaints.add(*Complaint.objects.filter(received_at__gt=since, **match))
    study.complaints.add(complaint)
    STUDY_WORKFLOW.record(
        study,
        actor=None,
        action="open",
        actor_label="系统",
        note=StudyTrigger(trigger).label + f"：{complaint.demand.number}",
        data={"trigger": trigger, "complaint_id": complaint.pk},
        notices=[Notice(_centre_staff() + _unit_heads(study.department_id), f"专题研究已启动：{study.title}")],
    )
    return study


@transaction.atomic
def study_analyse(*, actor: User, study_id: int, cause: str) -> SpecialStudy:
    study = access_study_for(actor, study_id)
    return STUDY_WORKFLOW.act(study, actor=actor, action="analyse", note=cause, updates={"cause": cause})


@transaction.atomic
def study_plan(*, actor: User, study_id: int, measures: str, check_on: dt.date) -> SpecialStudy:
    study = access_study_for(actor, study_id)
    STUDY_WORKFLOW.check(study, actor, "plan")
    if check_on < timezone.localdate():
        raise ValidationFailed.field("check_on", "效果检查日期不能早于今天")
    return STUDY_WORKFLOW.act(
        study,
        actor=actor,
        action="plan",
        note=measures,
        updates={"measures": measures, "check_on": check_on},
        checked=True,
    )


@transaction.atomic
def study_check(*, actor: User, study_id: int, effect: str, effective: bool) -> SpecialStudy:
    study = access_study_for(actor, study_id)
    action = "check_effective" if effective else "check_ineffective"
    updates: dict[str, Any] = {"effect": effect, "effective": effective}
    if effective:
        updates["closed_at"] = timezone.now()
    else:
        updates["check_on"] = None
    if not STUDY_WORKFLOW.allowed(study.status, action):
        raise Conflict(f"专题研究当前状态为“{study.get_status_display()}”，不能检查效果")
    return STUDY_WORKFLOW.act(
        study,
        actor=actor,
        action=action,
        note=effect,
        updates=updates,
        notices=[Notice(_unit_heads(study.department_id), f"专题研究效果检查：{study.title}", effect)],
    )
