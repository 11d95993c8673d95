"""Who sees and updates which key projects: the centre all, the responsible department's staff and the project
specialist theirs, the enterprise its own (read-only), the supervisor all (read-only); 404 for the rest."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from qifu.accounts.choices import Role
from qifu.core.access import DEPARTMENT_ROLES, role_of
from qifu.core.errors import NotFound, PermissionDenied
from qifu.projects.models import Milestone, Project

CENTRE = frozenset({Role.ADMIN, Role.DISPATCHER})


def projects_visible_to(user: Any) -> QuerySet[Project]:
    qs = Project.objects.all()
    role = role_of(user)
    if role in CENTRE or role == Role.SUPERVISOR:
        return qs
    if role in DEPARTMENT_ROLES and user.department_id is not None:
        return qs.filter(department_id=user.department_id)
    if role == Role.SERVICE_OFFICER:
        return qs.filter(specialist=user)
    if role == Role.ENTERPRISE and user.enterprise_id is not None:
        return qs.filter(enterprise_id=user.enterprise_id)
    return qs.none()


def milestones_visible_to(user: Any) -> QuerySet[Milestone]:
    """The milestones of the projects the user may see (supervision's view of late milestones)."""
    return Milestone.objects.filter(project__in=projects_visible_to(user))


def may_update(user: Any, project: Project) -> bool:
    """The centre, the responsible department's staff and the project specialist add and complete milestones and
    link applications and demands."""
    role = role_of(user)
    return (
        role in CENTRE
        or (role in DEPARTMENT_ROLES and user.department_id == project.department_id)
        or (role == Role.SERVICE_OFFICER and user.pk == project.specialist_id)
    )


def access_project_for(user: Any, project_id: int, *, write: bool = False) -> Project:
    """The project if the user may see it (else 404); with `write`, 403 unless the user may update it."""
    project = (
        projects_visible_to(user).select_related("enterprise", "department", "specialist").filter(pk=project_id).first()
    )
    if project is None:
        raise NotFound()
    if write and not may_update(user, project):
        raise PermissionDenied()
    return project
