"""The policies' answer to the header search (core.hooks.SEARCH_PROVIDER): claims by SD number, policy title or
the enterprise's code or name; policies by title words or document number; each as the user may see them."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.urls import reverse

from qifu.core.access import can
from qifu.core.search import PER_TYPE, Hit, newest_matching, words_q
from qifu.policies.permissions import claims_visible_to, policies_visible_to


def search_claims(user: Any, text: str) -> list[Hit]:
    if not can(user, "policy.view"):
        return []
    found = newest_matching(
        claims_visible_to(user).select_related("enterprise", "policy"), text, number="number", titles=("policy__title",)
    )
    return [
        Hit(
            "policy_claim",
            c.pk,
            f"{c.number} {c.policy.title}",
            f"{c.enterprise.name} · {c.get_status_display()}",
            reverse("policies:claim_detail", args=[c.pk]),
        )
        for c in found
    ]


def search_policies(user: Any, text: str) -> list[Hit]:
    if not can(user, "policy.view"):
        return []
    found = (
        policies_visible_to(user)
        .filter(words_q("title", text) | Q(doc_number__contains=text))
        .order_by("-id")[:PER_TYPE]
    )
    return [
        Hit(
            "policy",
            p.pk,
            p.title,
            " · ".join(part for part in (p.doc_number, p.department.name, p.get_status_display()) if part),
            reverse("policies:detail", args=[p.pk]),
        )
        for p in found
    ]
