"""Who sees officers' evaluations: the centre and supervisors every officer, a department head the officers of
the department, an officer its own; an enterprise only its own answer sheets. Everything outside answers 404."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qifu.accounts.models import User
from qifu.core.access import SEE_ALL, can, role_of
from qifu.core.choices import Role
from qifu.core.errors import NotFound
from qifu.evaluations.models import Survey, SurveyResponse


def officers_for(user: Any) -> QuerySet[User]:
    qs = User.objects.filter(role=Role.SERVICE_OFFICER)
    role = role_of(user)
    if not can(user, "officer_eval.view"):
        return qs.none()
    if role in SEE_ALL:
        return qs
    if role == Role.DEPARTMENT_HEAD and user.department_id is not None:
        return qs.filter(department_id=user.department_id)
    if role == Role.SERVICE_OFFICER:
        return qs.filter(pk=user.pk)
    return qs.none()


def access_officer_for(user: Any, officer_id: int) -> User:
    found = officers_for(user).select_related("department").filter(pk=officer_id).first()
    if found is None:
        raise NotFound()
    return found


def surveys_for(user: Any) -> QuerySet[Survey]:
    return Survey.objects.filter(officer__in=officers_for(user))


def access_survey_for(user: Any, survey_id: int) -> Survey:
    found = surveys_for(user).select_related("officer").filter(pk=survey_id).first()
    if found is None:
        raise NotFound()
    return found


def answer_sheets_for(user: Any) -> QuerySet[SurveyResponse]:
    """An enterprise user's own sheets."""
    if not can(user, "survey.answer") or user.enterprise_id is None:
        return SurveyResponse.objects.none()
    return SurveyResponse.objects.filter(enterprise_id=user.enterprise_id)


def access_answer_sheet_for(user: Any, response_id: int) -> SurveyResponse:
    found = answer_sheets_for(user).select_related("survey__officer", "enterprise").filter(pk=response_id).first()
    if found is None:
        raise NotFound()
    return found
