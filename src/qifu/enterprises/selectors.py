"""Reads of enterprises, their ledger and stewardship, already scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from qifu.core.access import restrict
from qifu.core.cleaning import clean_query
from qifu.core.errors import NotFound, ValidationFailed
from qifu.core.search import looks_like_code
from qifu.enterprises.filters import EnterpriseFilter
from qifu.enterprises.models import Enterprise, ImportJob, LedgerEntry, Stewardship
from qifu.enterprises.permissions import access_enterprise_for


def enterprise_list_for(user: Any, filters: EnterpriseFilter | None = None) -> QuerySet[Enterprise]:
    # The register is public business information: hall and department staff may look anyone up.
    qs = restrict(Enterprise.objects.all(), user, enterprise="", staff_see_all=True)
    if filters is not None:
        qs = filters.apply(qs)
    return qs.select_related("park", "town").prefetch_related("tags")


def enterprise_page_qs(user: Any, filters: EnterpriseFilter) -> QuerySet[Enterprise]:
    """The filtered list with what a list row shows loaded in a fixed number of queries."""
    open_ones = Stewardship.objects.filter(ended_on__isnull=True).select_related("officer")
    return enterprise_list_for(user, filters).prefetch_related(
        Prefetch("stewardships", queryset=open_ones, to_attr="open_stewardships")
    )


PICK_LIMIT = 20
PICK_MAX_LENGTH = 100


def pickable_enterprises(user: Any) -> QuerySet[Enterprise]:
    """The enterprises a form may pick (the register as the caller sees it), with only what a suggestion shows."""
    return restrict(Enterprise.objects.all(), user, enterprise="", staff_see_all=True).only("pk", "name", "uscc")


def enterprise_pick(user: Any, q: str, limit: int = PICK_LIMIT) -> list[Enterprise]:
    """The enterprise picker's suggestions for what was typed: the 统一社会信用代码 or the name starting with it
    first, then names containing it; at most `limit`, within the caller's scope.

    Each step is a LIMIT query without ORDER BY, so the database stops at the `limit`-th hit: the prefixes
    walk an index (migration 0004 on SQLite, varchar_pattern_ops on PostgreSQL) and "contains" scans names
    until it has enough (a word that few names hold is the slow case: a full scan of the names)."""
    text = clean_query(q, PICK_MAX_LENGTH)
    if not text:
        return []
    base = pickable_enterprises(user)
    found: list[Enterprise] = []
    seen: set[int] = set()
    steps = [Q(uscc__startswith=text.upper()) | Q(name__startswith=text)]
    if not looks_like_code(text):  # a code is in no name: "contains" would read every name to find nothing
        steps.append(Q(name__contains=text))
    for condition in steps:
        if len(found) >= limit:
            break
        for e in base.filter(condition).exclude(pk__in=seen)[: limit - len(found)]:
            found.append(e)
            seen.add(e.pk)
    # Within what was found: an exact code or name first, then names starting with the text, shorter first.
    code = text.upper()
    found.sort(key=lambda e: (e.uscc != code and e.name != text, not e.name.startswith(text), len(e.name), e.name))
    return found


def enterprise_resolve(user: Any, text: str, *, field: str, label: str) -> Enterprise:
    """The one enterprise a typed name or 统一社会信用代码 means (the picker without JavaScript); a refusal naming
    `field` when nothing or more than one in the caller's scope answers to it."""
    text = clean_query(text, PICK_MAX_LENGTH)
    exact = list(pickable_enterprises(user).filter(Q(uscc=text.upper()) | Q(name=text))[:2])
    candidates = exact or enterprise_pick(user, text, limit=2)
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise ValidationFailed.field(field, f"{label}：没有找到名称或统一社会信用代码为“{text}”的企业")
    raise ValidationFailed.field(
        field, f"{label}：“{text}”对应多家企业，请填写完整的企业名称或统一社会信用代码，或在下拉建议中选择"
    )


def enterprise_get_for(user: Any, enterprise_id: int) -> Enterprise:
    """One enterprise with its place and tags loaded; NotFound when missing or out of scope."""
    return access_enterprise_for(user, enterprise_id)


def ledger_for(enterprise: Enterprise) -> QuerySet[LedgerEntry]:
    """The ledger of an enterprise the caller already reached through enterprise_get_for."""
    return enterprise.ledger_entries.select_related("author")


def stewardship_history(enterprise: Enterprise) -> QuerySet[Stewardship]:
    return enterprise.stewardships.select_related("officer", "assigned_by")


def current_steward(enterprise: Enterprise) -> Stewardship | None:
    return enterprise.stewardships.filter(ended_on__isnull=True).select_related("officer").first()


def import_job_for(user: Any, job_id: int) -> ImportJob:
    job = ImportJob.objects.filter(pk=job_id, created_by_id=user.pk).first()
    if job is None:
        raise NotFound()
    return job


def officer_enterprise_ids(officer: Any) -> QuerySet[Stewardship, Any]:
    """The enterprises `officer` stewards now, as a subquery (core.access scopes officers by it)."""
    return Stewardship.objects.filter(officer_id=officer.pk, ended_on__isnull=True).values("enterprise_id")
