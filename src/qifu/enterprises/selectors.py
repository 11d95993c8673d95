"""Reads of enterprises, their ledger and stewardship, already scoped to what the user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from qifu.core.access import restrict
from qifu.core.errors import NotFound
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
