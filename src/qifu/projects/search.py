"""The key projects' answer to the header search (core.hooks.SEARCH_PROVIDER): by the project's name words, or its
enterprise's code or name, among the projects the user sees."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse

from qifu.core.access import can
from qifu.core.search import PER_TYPE, Hit, words_q
from qifu.projects.permissions import projects_visible_to


def search_projects(user: Any, text: str) -> list[Hit]:
    if not can(user, "project.view"):
        return []
    found = (
        projects_visible_to(user)
        .filter(words_q("name", text) | Q(enterprise__uscc=text.upper()) | Q(enterprise__name__contains=text))
        .select_related("enterprise")
        .order_by("-id")[:PER_TYPE]
    )
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
