"""The application workflow (DESIGN.md "Workflows"): submitted -pre_review-> accepted | correction_requested
(one-time notice; the clock does not run) -correct-> submitted | refused; accepted -handover-> in_review
-decide-> approved | denied -deliver-> delivered; any open -terminate-> terminated. And the small workflow of an
appointment at a window: booked -cancel | arrive | miss-> cancelled | arrived | missed."""

from __future__ import annotations

from typing import Any

from qifu.accounts.choices import Role
from qifu.applications.choices import OPEN_STATUSES, TIMED_STATUSES
from qifu.applications.choices import ApplicationStatus as S
from qifu.applications.choices import AppointmentStatus as B
from qifu.applications.models import Application, Appointment
from qifu.core.access import DEPARTMENT_ROLES, HALL_ROLES, can, role_of
from qifu.core.workflow import Check, Workflow, anyone_of

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.SUBMITTED, "accept"): S.ACCEPTED,
    (S.SUBMITTED, "request_correction"): S.CORRECTION_REQUESTED,
    (S.SUBMITTED, "refuse"): S.REFUSED,
    (S.CORRECTION_REQUESTED, "correct"): S.SUBMITTED,
    (S.ACCEPTED, "handover"): S.IN_REVIEW,
    (S.IN_REVIEW, "approve"): S.APPROVED,
    (S.IN_REVIEW, "deny"): S.DENIED,
    (S.APPROVED, "deliver"): S.DELIVERED,
    (S.DENIED, "deliver"): S.DELIVERED,
    **{(status, "terminate"): S.TERMINATED for status in OPEN_STATUSES},
    # The system, when deferred materials were not supplied by the commitment's date (reason c).
    (S.ACCEPTED, "commitment_broken"): S.TERMINATED,
    (S.IN_REVIEW, "commitment_broken"): S.TERMINATED,
}
SIDE_ACTIONS: dict[str, tuple[str, ...]] = {
    "pause": (S.IN_REVIEW,),
    "resume": (S.IN_REVIEW,),
    "extend": (S.IN_REVIEW,),
    "supply_deferred": (S.ACCEPTED, S.IN_REVIEW),
    "deemed_accepted": (S.SUBMITTED,),  # the system, when the Art. 32 notice clock ran out
}
HALL = frozenset({Role.ADMIN, Role.WINDOW_STAFF, Role.GUIDE})


def hall(user: Any, application: Any) -> bool:
    return role_of(user) in HALL


def department(user: Any, application: Any) -> bool:
    return role_of(user) in DEPARTMENT_ROLES and user.department_id == application.department_id


def _head(user: Any, application: Any) -> bool:
    return role_of(user) == Role.DEPARTMENT_HEAD and user.department_id == application.department_id


def applicant(user: Any, application: Any) -> bool:
    return role_of(user) == Role.ENTERPRISE and user.enterprise_id == application.enterprise_id


def _nobody(user: Any, application: Any) -> bool:
    return False


WHO: dict[str, Check] = {
    "accept": hall,
    "request_correction": hall,
    "refuse": hall,
    "correct": anyone_of(hall, applicant),
    "handover": hall,
    "approve": department,
    "deny": department,
    "deliver": hall,
    "terminate": anyone_of(hall, _head),
    "pause": department,
    "resume": department,
    "extend": _head,  # the head's approval (行政许可法 Art. 42)
    "supply_deferred": anyone_of(hall, applicant),
    "deemed_accepted": _nobody,
    "commitment_broken": _nobody,
}
ACTION_LABELS = {
    "submit": "提交申请",
    "accept": "受理",
    "request_correction": "一次性告知补正",
    "refuse": "不予受理",
    "correct": "补正材料",
    "handover": "流转至审批部门",
    "approve": "准予许可",
    "deny": "不予许可",
    "deliver": "出件",
    "terminate": "终止办理",
    "pause": "暂停计时",
    "resume": "恢复计时",
    "extend": "延长审批时限",
    "supply_deferred": "补交容缺材料",
    "upload": "上传材料",
    "result": "上传审批结果",
    "deemed_accepted": "逾期未告知，视为受理",
    "commitment_broken": "承诺逾期未履行，终止办理",
}

WORKFLOW: Workflow[Application] = Workflow(
    subject="application",
    noun="办件",
    model=Application,
    transitions=TRANSITIONS,
    side_actions=SIDE_ACTIONS,
    who=WHO,
    labels=ACTION_LABELS,
    heading=lambda application: f"{application.number} {application.title}",
    link=lambda application: f"/applications/{application.pk}/",
    timed=TIMED_STATUSES,
)


# ---------------------------------------------------------------- appointments


def _books(user: Any, appointment: Any) -> bool:
    """The booker's side (who may book for the enterprise) or the hall; scope is the caller's selector's."""
    return can(user, "application.submit")


def _at_the_hall(user: Any, appointment: Any) -> bool:
    return role_of(user) in HALL_ROLES


APPOINTMENT_WORKFLOW: Workflow[Appointment] = Workflow(
    subject="appointment",
    noun="预约",
    model=Appointment,
    transitions={(B.BOOKED, "cancel"): B.CANCELLED, (B.BOOKED, "arrive"): B.ARRIVED, (B.BOOKED, "miss"): B.MISSED},
    who={"cancel": _books, "arrive": _at_the_hall, "miss": _at_the_hall},
    labels={"book": "预约", "cancel": "取消预约", "arrive": "到场签到", "miss": "登记未到场"},
    heading=lambda appointment: f"预约 {appointment.number}",
    link=lambda appointment: "/applications/appointments/",
)
