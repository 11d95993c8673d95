"""The demands' answer to the header search (core.hooks.SEARCH_PROVIDER): by SQ number, title words or the
enterprise's code or name, among the demands the user sees."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from qifu.core.access import can
from qifu.core.search import Hit, newest_matching
from qifu.demands.permissions import demands_visible_to


def search_demands(user: Any, text: str) -> list[Hit]:
    if not can(user, "demand.view"):
        return []
    found = newest_matching(
        demands_visible_to(user).select_related("enterprise"), text, number="number", titles=("title",)
    )
    return [
        Hit(
            "demand",
            d.pk,
            f"{d.number} {d.title}",
            f"{d.enterprise.name} · {d.get_status_display()}",
            reverse("demands:detail", args=[d.pk]),
        )
        for d in found
    ]
