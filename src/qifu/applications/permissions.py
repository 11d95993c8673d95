"""Which applications a user may see (single-application access with the same 404 for missing and not yours),
and the rights on an application that are not workflow actions: files, internal notes, the green channel.
Views, API handlers and services ask these; the workflow's own rights are `WORKFLOW.may`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qifu.accounts.choices import Role
from qifu.applications.models import Application, Appointment
from qifu.applications.transitions import applicant, department, hall
from qifu.core.access import DEPARTMENT_ROLES, can, restrict, role_of
from qifu.core.access import sees_internal as sees_internal  # one rule for every case kind
from qifu.core.errors import NotFound


def applications_visible_to(user: Any) -> QuerySet[Application]:
    return restrict(
        Application.objects.all(), user, enterprise="enterprise", department="department", hall_sees_all=True
    )


def access_application_for(user: Any, application_id: int) -> Application:
    application = (
        applications_visible_to(user)
        .select_related("enterprise", "item_version__item", "bundle", "department", "parent")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        raise NotFound()
    return application


def appointments_visible_to(user: Any) -> QuerySet[Appointment]:
    """The enterprise its own, officers and liaisons their enterprises', the hall and the centre all."""
    return restrict(Appointment.objects.all(), user, enterprise="enterprise", hall_sees_all=True)


def may_upload(user: Any, application: Application) -> bool:
    """Materials' files: the hall and the applicant (while the case is open to materials, the service's 409)."""
    return hall(user, application) or applicant(user, application)


def may_upload_result(user: Any, application: Application) -> bool:
    """The decision document: the hall or the deciding department."""
    return hall(user, application) or department(user, application)


def may_download(user: Any, application: Application) -> bool:
    """Materials are confidential (seed 000): the hall, the reviewing department(s) and the enterprise itself."""
    if hall(user, application) or applicant(user, application):
        return True
    if role_of(user) in DEPARTMENT_ROLES:
        departments = {application.department_id, *application.children.values_list("department_id", flat=True)}
        return user.department_id in departments
    return False


def may_set_green_channel(user: Any) -> bool:
    """绿色通道 is the staff's call when they file for an enterprise; an enterprise cannot give it to itself."""
    return can(user, "application.submit") and role_of(user) != Role.ENTERPRISE
