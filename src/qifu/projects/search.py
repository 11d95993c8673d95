"""The key projects' answer to the header search (core.hooks.SEARCH_PROVIDER): by the project's name words, or its
enterprise's code or name, among the projects the user sees."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from qifu.core.access import can
from qifu.core.search import Hit, newest_matching
from qifu.projects.permissions import projects_visible_to


def search_projects(user: Any, text: str) -> list[Hit]:
    if not can(user, "project.view"):
        return []
    found = newest_matching(projects_visible_to(user).select_related("enterprise"), text, titles=("name",))
    return [
        Hit(
            "project",
            p.pk,
            p.name,
            f"{p.enterprise.name} · {p.get_stage_display()}",
            reverse("projects:detail", args=[p.pk]),
        )
        for p in found
    ]
