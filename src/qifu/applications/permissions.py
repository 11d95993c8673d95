"""Which applications a user may see; single-application access with the same 404 for missing and not yours."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qifu.applications.models import Application, Appointment
from qifu.core.access import restrict
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
