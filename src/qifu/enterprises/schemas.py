"""API shapes of enterprises: In for create, Patch for update, Out for reading."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Schema
from pydantic import ConfigDict

from qifu.core.masking import mask_name, mask_phone
from qifu.enterprises.industry import industry_label
from qifu.enterprises.models import Enterprise, LedgerEntry, Stewardship


class EnterpriseIn(Schema):
    model_config = ConfigDict(extra="forbid")

    uscc: str
    name: str
    industry_code: str
    scale: str
    legal_representative: str | None = None
    registered_capital: Decimal | None = None
    established_on: dt.date | None = None
    park_id: int | None = None
    town_id: int | None = None
    grid_id: int | None = None
    lifecycle_stage: str | None = None
    tags: list[str] | None = None
    employees: int | None = None
    annual_revenue: Decimal | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    address: str | None = None
    credit_restricted: bool | None = None


class EnterprisePatch(Schema):
    """Only the fields sent are changed; `version` (optional) guards against overwriting a newer edit (409)."""

    model_config = ConfigDict(extra="forbid")

    version: int | None = None
    uscc: str | None = None
    name: str | None = None
    industry_code: str | None = None
    scale: str | None = None
    legal_representative: str | None = None
    registered_capital: Decimal | None = None
    established_on: dt.date | None = None
    park_id: int | None = None
    town_id: int | None = None
    grid_id: int | None = None
    lifecycle_stage: str | None = None
    tags: list[str] | None = None
    employees: int | None = None
    annual_revenue: Decimal | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    address: str | None = None
    credit_restricted: bool | None = None


class NamedRef(Schema):
    id: int
    name: str


class EnterpriseOut(Schema):
    id: int
    uscc: str
    name: str
    legal_representative: str
    registered_capital: float | None
    established_on: dt.date | None
    industry_code: str
    industry_name: str
    scale: str
    park: NamedRef | None
    town: NamedRef | None
    grid_id: int | None
    lifecycle_stage: str
    tags: list[str]
    employees: int | None
    annual_revenue: float | None
    contact_name: str
    contact_phone: str
    contact_email: str
    address: str
    credit_restricted: bool
    steward: NamedRef | None
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime


class EnterpriseList(Schema):
    items: list[EnterpriseOut]
    next_cursor: str | None


def _ref(obj: Any, name: str | None = None) -> NamedRef | None:
    return NamedRef(id=obj.pk, name=name or obj.name) if obj is not None else None


def enterprise_out(e: Enterprise, *, personal: bool) -> EnterpriseOut:
    """The API view of an enterprise; personal data masked unless the role needs it."""
    open_ones = getattr(e, "open_stewardships", None)
    if open_ones is None:
        open_ones = list(e.stewardships.filter(ended_on__isnull=True).select_related("officer"))
    steward = open_ones[0].officer if open_ones else None
    return EnterpriseOut(
        id=e.pk,
        uscc=e.uscc,
        name=e.name,
        legal_representative=e.legal_representative if personal else mask_name(e.legal_representative),
        registered_capital=float(e.registered_capital) if e.registered_capital is not None else None,
        established_on=e.established_on,
        industry_code=e.industry_code,
        industry_name=industry_label(e.industry_code),
        scale=e.scale,
        park=_ref(e.park),
        town=_ref(e.town),
        grid_id=e.grid_id,
        lifecycle_stage=e.lifecycle_stage,
        tags=[t.name for t in e.tags.all()],
        employees=e.employees,
        annual_revenue=float(e.annual_revenue) if e.annual_revenue is not None else None,
        contact_name=e.contact_name if personal else mask_name(e.contact_name),
        contact_phone=e.contact_phone if personal else mask_phone(e.contact_phone),
        contact_email=e.contact_email if personal else "",
        address=e.address,
        credit_restricted=e.credit_restricted,
        steward=_ref(steward, steward.label) if steward else None,
        version=e.version,
        created_at=e.created_at,
        updated_at=e.updated_at,
    )


class LedgerIn(Schema):
    entry_date: dt.date
    category: str
    content: str


class LedgerOut(Schema):
    id: int
    entry_date: dt.date
    category: str
    content: str
    author: str
    created_at: dt.datetime

    @staticmethod
    def resolve_author(obj: LedgerEntry) -> str:
        return obj.author.label


class LedgerList(Schema):
    items: list[LedgerOut]


class StewardshipIn(Schema):
    officer_id: int
    started_on: dt.date | None = None
    note: str = ""


class StewardshipOut(Schema):
    id: int
    officer: NamedRef
    started_on: dt.date
    ended_on: dt.date | None
    note: str

    @staticmethod
    def resolve_officer(obj: Stewardship) -> NamedRef:
        return NamedRef(id=obj.officer.pk, name=obj.officer.label)


class StewardshipList(Schema):
    items: list[StewardshipOut]
