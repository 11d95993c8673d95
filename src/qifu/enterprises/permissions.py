"""Single-object access to enterprises: the same 404 for missing and out-of-scope."""

from __future__ import annotations

from typing import Any

from qifu.core.access import can, restrict
from qifu.core.errors import NotFound
from qifu.enterprises.models import Enterprise


def access_enterprise_for(user: Any, enterprise_id: int, *, write: bool = False, related: bool = True) -> Enterprise:
    """The enterprise if the user may see it (locked for update when `write`), else NotFound.

    `related=False` skips loading its park, town, grid and tags (for callers that only need the row).
    """
    qs = restrict(Enterprise.objects.all(), user, enterprise="", staff_see_all=True)
    if related:
        qs = qs.select_related("park", "town", "grid").prefetch_related("tags")
    if write:
        qs = qs.select_for_update(of=("self",))
    enterprise = qs.filter(pk=enterprise_id).first()
    if enterprise is None:
        raise NotFound()
    return enterprise


def sees_personal_data(user: Any) -> bool:
    """Whether the role needs the legal representative's name and contact phone unmasked."""
    return can(user, "enterprise.personal")
