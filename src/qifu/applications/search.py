"""The applications' answer to the header search (core.hooks.SEARCH_PROVIDER): by BJ number, the item's or
bundle's name, or the enterprise's code or name, among the applications the user sees."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from qifu.applications.permissions import applications_visible_to
from qifu.core.access import can
from qifu.core.search import Hit, newest_matching


def search_applications(user: Any, text: str) -> list[Hit]:
    if not can(user, "application.view"):
        return []
    found = newest_matching(
        applications_visible_to(user).select_related("enterprise", "item_version", "bundle"),
        text,
        number="number",
        titles=("item_version__name", "bundle__name"),
    )
    return [
        Hit(
            "application",
            a.pk,
            f"{a.number} {a.title}",
            f"{a.enterprise.name} · {a.get_status_display()}",
            reverse("applications:detail", args=[a.pk]),
        )
        for a in found
    ]
