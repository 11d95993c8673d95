"""Reads of applications, scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qifu.accounts.choices import Role
from qifu.applications.models import Application
from qifu.applications.permissions import access_application_for, applications_visible_to
from qifu.core.access import role_of
from qifu.core.models import TimelineEvent


def application_list_for(user: Any, status: str = "") -> QuerySet[Application]:
    qs = applications_visible_to(user).select_related("enterprise", "item_version", "bundle", "department")
    return qs.filter(status=status) if status else qs


def application_get_for(user: Any, application_id: int) -> Application:
    return access_application_for(user, application_id)


def timeline_for(user: Any, application: Application) -> QuerySet[TimelineEvent]:
    qs = TimelineEvent.objects.filter(subject_type="application", subject_id=application.pk).order_by("at", "id")
    return qs.filter(internal=False) if role_of(user) == Role.ENTERPRISE else qs
