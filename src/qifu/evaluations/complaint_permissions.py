"""Who sees complaints and special studies: the centre and supervisors all, the hall what it may name, a
department the complaints and studies about itself. Enterprises and officers see none (an enterprise follows its
complaint as a demand). Everything outside answers 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qifu.core.access import DEPARTMENT_ROLES, SEE_ALL, can, role_of
from qifu.core.choices import Role
from qifu.core.errors import NotFound
from qifu.evaluations.models import Complaint, SpecialStudy

CENTRE = frozenset({Role.ADMIN, Role.DISPATCHER})


def complaints_for(user: Any) -> QuerySet[Complaint]:
    role = role_of(user)
    qs = Complaint.objects.all()
    if not can(user, "complaint.view"):
        return qs.none()
    if role in SEE_ALL or role == Role.WINDOW_STAFF:
        return qs
    if role in DEPARTMENT_ROLES and user.department_id is not None:
        return qs.filter(department_id=user.department_id)
    return qs.none()


def access_complaint_for(user: Any, complaint_id: int) -> Complaint:
    found = complaints_for(user).select_related("demand", "department", "staff").filter(pk=complaint_id).first()
    if found is None:
        raise NotFound()
    return found


def studies_for(user: Any) -> QuerySet[SpecialStudy]:
    role = role_of(user)
    qs = SpecialStudy.objects.all()
    if not can(user, "complaint.view"):
        return qs.none()
    if role in SEE_ALL or role == Role.WINDOW_STAFF:
        return qs
    if role in DEPARTMENT_ROLES and user.department_id is not None:
        return qs.filter(department_id=user.department_id)
    return qs.none()


def access_study_for(user: Any, study_id: int) -> SpecialStudy:
    found = studies_for(user).select_related("department").filter(pk=study_id).first()
    if found is None:
        raise NotFound()
    return found


def may_run_study(user: Any, study: Any) -> bool:
    """The centre organises the study; the head of the unit complained of writes its cause and measures too."""
    role = role_of(user)
    if role in CENTRE:
        return True
    return (
        role == Role.DEPARTMENT_HEAD and study.department_id is not None and user.department_id == study.department_id
    )


def may_check_study(user: Any, study: Any) -> bool:
    """Only the centre checks the effect (the unit does not judge its own measures)."""
    return role_of(user) in CENTRE
