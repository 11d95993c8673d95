"""The enterprises' answer to the header search (core.hooks.SEARCH_PROVIDER): by 统一社会信用代码 or name."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from qifu.core.access import can
from qifu.core.search import PER_TYPE, Hit
from qifu.enterprises.selectors import enterprise_pick


def search_enterprises(user: Any, text: str) -> list[Hit]:
    if not can(user, "enterprise.view"):
        return []
    return [
        Hit("enterprise", e.pk, e.name, e.uscc, reverse("enterprises:detail", args=[e.pk]))
        for e in enterprise_pick(user, text, limit=PER_TYPE)
    ]
