"""Enterprise pages: list with filters, detail with ledger and stewardship, create/edit, import, export."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.core import hooks
from qifu.core.access import can, role_of
from qifu.core.cleaning import clean_query
from qifu.core.errors import DomainError
from qifu.core.http import AuthedRequest, xlsx_download
from qifu.core.inputs import errors_by_field
from qifu.core.masking import mask_name, mask_phone
from qifu.core.models import AuditEvent
from qifu.core.pagination import keyset_page, total
from qifu.core.panels import QuickAction
from qifu.core.ui import flash_refusal, page
from qifu.enterprises import selectors, services
from qifu.enterprises.choices import LedgerCategory, LifecycleStage, Scale
from qifu.enterprises.filters import EnterpriseFilter
from qifu.enterprises.forms import LEDGER_CATEGORIES, data_from_post, form_fields, initial_from
from qifu.enterprises.industry import industry_label
from qifu.enterprises.models import Tag
from qifu.enterprises.permissions import sees_personal_data
from qifu.enterprises.services import SELF_EDITABLE
from qifu.enterprises.spreadsheets import template_bytes
from qifu.orgs.models import Park, Town

LEDGER_SHOWN = 50  # entries of each kind on the enterprise page, newest first


@page("enterprise.view")
def enterprise_list(request: AuthedRequest) -> HttpResponse:
    try:
        filters = EnterpriseFilter.parse(request.GET)
        qs = selectors.enterprise_page_qs(request.user, filters)
        rows, next_cursor = keyset_page(qs, cursor=request.GET.get("cursor"), limit=30)
        count = total(qs)
    except DomainError as exc:
        messages.error(request, exc.detail)
        filters, rows, next_cursor, count = EnterpriseFilter(), [], None, 0
    personal = sees_personal_data(request.user)
    items = [
        {
            "e": e,
            "industry": industry_label(e.industry_code),
            "contact_phone": e.contact_phone if personal else mask_phone(e.contact_phone),
            "steward": e.open_stewardships[0].officer.label if e.open_stewardships else "",  # type: ignore[attr-defined]
        }
        for e in rows
    ]
    query = filters.as_query()
    context = {
        "items": items,
        "total": count,
        "filters": filters,
        "query": urlencode(query),
        "next_url": "?" + urlencode({**query, "cursor": next_cursor}) if next_cursor else "",
        "first_page": not request.GET.get("cursor"),
        "parks": Park.objects.all(),
        "towns": Town.objects.all(),
        "tags": Tag.objects.all(),
        "scales": Scale.choices,
        "stages": LifecycleStage.choices,
        "can_create": can(request.user, "enterprise.create"),
        "can_export": can(request.user, "enterprise.export"),
        "can_import": can(request.user, "enterprise.import"),
    }
    template = (
        "enterprises/list.html#results"
        if request.htmx and request.htmx.target == "results"
        else "enterprises/list.html"
    )
    return render(request, template, context)


@page("enterprise.view")
def enterprise_pick(request: AuthedRequest) -> HttpResponse:
    """The picker's suggestions (a fragment for pages.js): up to 20 enterprises by code or name, in scope."""
    q = clean_query(request.GET.get("q"), selectors.PICK_MAX_LENGTH)
    return render(request, "enterprises/_pick_list.html", {"q": q, "found": selectors.enterprise_pick(request.user, q)})


@page("enterprise.view")
def enterprise_detail(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    """一企一档: the enterprise's whole file as far as the viewer may see it: its profile, visits, ledger and
    stewardship here, and the other apps' cards and quick actions (core.hooks.ENTERPRISE_PANEL and
    ENTERPRISE_ACTION: demands, applications, claims, matched policies, ratings)."""
    enterprise = selectors.enterprise_get_for(request.user, enterprise_id)
    personal = sees_personal_data(request.user)
    can_ledger = can(request.user, "ledger.write")
    history = None
    if can(request.user, "audit.view") or can(request.user, "stewardship.assign"):
        history = AuditEvent.objects.filter(
            object_type="enterprises.enterprise", object_id=str(enterprise.pk)
        ).order_by("-id")[:10]
    ledger = selectors.ledger_for(enterprise)
    visits = ledger.filter(category=LedgerCategory.VISIT)
    others = ledger.exclude(category=LedgerCategory.VISIT)
    actions = [a for provider in hooks.get_hooks(hooks.ENTERPRISE_ACTION) for a in provider(request, enterprise)]
    if can_ledger:
        actions.append(QuickAction("走访", "?ledger=visit#ledger-form", "记录走访情况"))
    ledger_category = request.GET.get("ledger", "")
    return render(
        request,
        "enterprises/detail.html",
        {
            "e": enterprise,
            "industry": industry_label(enterprise.industry_code),
            "legal_representative": enterprise.legal_representative
            if personal
            else mask_name(enterprise.legal_representative),
            "contact_name": enterprise.contact_name if personal else mask_name(enterprise.contact_name),
            "contact_phone": enterprise.contact_phone if personal else mask_phone(enterprise.contact_phone),
            "contact_email": enterprise.contact_email if personal else "",
            "steward": selectors.current_steward(enterprise),
            "stewardships": selectors.stewardship_history(enterprise),
            "visits": visits[:LEDGER_SHOWN],
            "visit_count": visits.count(),
            "ledger": others[:LEDGER_SHOWN],
            "ledger_count": others.count(),
            "ledger_shown": LEDGER_SHOWN,
            "ledger_categories": LEDGER_CATEGORIES,
            "ledger_category": ledger_category if ledger_category in LedgerCategory.values else "",
            "today": timezone.localdate(),
            "actions": actions,
            "can_edit": can(request.user, "enterprise.edit"),
            "can_ledger": can_ledger,
            "can_assign": can(request.user, "stewardship.assign"),
            "can_credit": role_of(request.user) in services.CREDIT_ROLES,
            "officers": User.objects.filter(role=Role.SERVICE_OFFICER, is_active=True)
            .select_related("department")
            .order_by("display_name")
            if can(request.user, "stewardship.assign")
            else [],
            "history": history,
            # Other apps' cards, registered with core.hooks.ENTERPRISE_PANEL.
            "panels": [panel(request, enterprise) for panel in hooks.get_hooks(hooks.ENTERPRISE_PANEL)],
        },
    )


@page("enterprise.create")
def enterprise_create(request: AuthedRequest) -> HttpResponse:
    values: dict[str, Any] = {"lifecycle_stage": LifecycleStage.OPERATION}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = data_from_post(request.POST)
        try:
            enterprise = services.enterprise_create(actor=request.user, data=values)
        except DomainError as exc:
            errors = errors_by_field(exc)
            messages.error(request, exc.detail)
        else:
            messages.success(request, f"已登记 {enterprise.name}")
            return redirect("enterprises:detail", enterprise_id=enterprise.pk)
    return render(
        request,
        "enterprises/form.html",
        {
            "title": "登记企业",
            "fields": form_fields(values, errors),
            "version": "",
        },
    )


@page("enterprise.edit")
def enterprise_edit(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    enterprise = selectors.enterprise_get_for(request.user, enterprise_id)
    editable = set(SELF_EDITABLE) if role_of(request.user) == Role.ENTERPRISE else None
    values = initial_from(enterprise)
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {**values, **data_from_post(request.POST, editable)}
        version_raw = request.POST.get("version", "")
        try:
            services.enterprise_update(
                actor=request.user,
                enterprise_id=enterprise.pk,
                data=data_from_post(request.POST, editable),
                version=int(version_raw) if version_raw.isdigit() else None,
            )
        except DomainError as exc:
            errors = errors_by_field(exc)
            messages.error(request, exc.detail)
        else:
            messages.success(request, "企业信息已保存")
            return redirect("enterprises:detail", enterprise_id=enterprise.pk)
    if not sees_personal_data(request.user):
        values["legal_representative"] = mask_name(str(values["legal_representative"]))
    return render(
        request,
        "enterprises/form.html",
        {
            "title": f"修改企业信息：{enterprise.name}",
            "fields": form_fields(values, errors, editable=editable),
            "version": enterprise.version,
            "enterprise": enterprise,
        },
    )


@page("enterprise.edit")
@require_POST
def credit_set(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    """The centre marks an enterprise as credit-restricted (失信或信用受限: no 容缺受理) or lifts the mark."""
    restricted = request.POST.get("credit_restricted") == "1"
    version_raw = request.POST.get("version", "")
    with flash_refusal(request):
        services.enterprise_update(
            actor=request.user,
            enterprise_id=enterprise_id,
            data={"credit_restricted": restricted},
            version=int(version_raw) if version_raw.isdigit() else None,
        )
        messages.success(request, "已标记为信用受限，该企业不能适用容缺受理" if restricted else "已解除信用受限标记")
    return redirect("enterprises:detail", enterprise_id=enterprise_id)


@page("ledger.write")
@require_POST
def ledger_add(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    try:
        entry_date = dt.date.fromisoformat(request.POST.get("entry_date", ""))
    except ValueError:
        messages.error(request, "台账日期格式不正确")
    else:
        with flash_refusal(request):
            services.ledger_entry_add(
                actor=request.user,
                enterprise_id=enterprise_id,
                entry_date=entry_date,
                category=request.POST.get("category", ""),
                content=request.POST.get("content", ""),
            )
            messages.success(request, "台账已记录")
    return redirect("enterprises:detail", enterprise_id=enterprise_id)


@page("stewardship.assign")
@require_POST
def stewardship_assign(request: AuthedRequest, enterprise_id: int) -> HttpResponse:
    officer_raw = request.POST.get("officer_id", "")
    started_raw = request.POST.get("started_on", "")
    try:
        started_on = dt.date.fromisoformat(started_raw) if started_raw else None
        services.stewardship_assign(
            actor=request.user,
            enterprise_id=enterprise_id,
            officer_id=int(officer_raw) if officer_raw.isdigit() else 0,
            started_on=started_on,
            note=request.POST.get("note", ""),
        )
        messages.success(request, "包联干部已指派")
    except ValueError:
        messages.error(request, "开始日期格式不正确")
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.detail)
    return redirect("enterprises:detail", enterprise_id=enterprise_id)


@page("enterprise.export")
def enterprise_export(request: AuthedRequest) -> HttpResponse:
    filters = EnterpriseFilter.parse(request.GET)
    content = services.enterprise_export(
        actor=request.user,
        qs=selectors.enterprise_list_for(request.user, filters),
        personal=sees_personal_data(request.user),
        filters=filters.as_query(),
    )
    return xlsx_download(content, "企业名录")


@page("enterprise.import")
def enterprise_import(request: AuthedRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            job = services.enterprise_import_start(
                actor=request.user,
                filename=(upload.name or "") if upload else "",
                content=upload.read() if upload else b"",
            )
        except DomainError as exc:
            error = exc.detail
        else:
            return redirect("enterprises:import_job", job_id=job.pk)
    return render(request, "enterprises/import.html", {"error": error})


@page("enterprise.import")
def import_template(request: AuthedRequest) -> HttpResponse:
    return xlsx_download(template_bytes(), "企业台账导入模板", dated=False)


@page("enterprise.import")
def import_job(request: AuthedRequest, job_id: int) -> HttpResponse:
    job = selectors.import_job_for(request.user, job_id)
    template = "enterprises/import_job.html#progress" if request.htmx else "enterprises/import_job.html"
    return render(request, template, {"job": job})
