"""Supervision pages (督查督办): the one view of every late case with its filters and export, the supervision
order form, the departments' orders with their answers, and the 电子监察 cards with their counts and notes.
Rules live in the services and selectors; these views parse, call and render."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qifu.core.access import can
from qifu.core.choices import Light
from qifu.core.errors import DomainError
from qifu.core.http import AuthedRequest, xlsx_download
from qifu.core.inputs import parse
from qifu.core.pagination import keyset_page
from qifu.core.ui import flash_refusal, page
from qifu.core.xlsx import table_xlsx
from qifu.orgs.models import Department
from qifu.supervision import selectors, services
from qifu.supervision.models import CardColor
from qifu.supervision.permissions import may_reply
from qifu.supervision.schemas import CardNoteIn, OrderIn, OrderReplyIn

PAGE_SIZE = 30
EXPORT_LIMIT = 200  # rows per read while exporting
EXPORT_MAX = 20000
LIGHTS = (("", "预警和超期"), (Light.OVERDUE, "超期"), (Light.WARNING, "预警"))


def _id(raw: str | None) -> int | None:
    """An id from the query string; None when blank or not an id (a filter then shows everything)."""
    text = (raw or "").strip()
    return int(text) if text.isascii() and text.isdigit() and 0 < len(text) <= 18 else None


def _filters(request: AuthedRequest) -> dict[str, Any]:
    kind = request.GET.get("kind", "")
    light = request.GET.get("light", "")
    return {
        "kind": kind if kind in dict(selectors.kinds()) else "",
        "light": light if light in (Light.WARNING, Light.OVERDUE) else "",
        "department_id": _id(request.GET.get("department_id")),
    }


def _departments() -> dict[int, str]:
    return {d.pk: d.short_name or d.name for d in Department.objects.all()}


@page("supervision.view")
def overdue(request: AuthedRequest) -> HttpResponse:
    filters = _filters(request)
    departments = _departments()
    if request.GET.get("export") == "xlsx":
        return _export(request, filters, departments)
    rows, next_cursor = selectors.late_page(
        request.user, **filters, cursor=request.GET.get("cursor") or None, limit=PAGE_SIZE
    )
    query = {k: v for k, v in filters.items() if v}
    return render(
        request,
        "supervision/overdue.html",
        {
            "rows": [{"c": c, "department": departments.get(c.department_id or 0, "")} for c in rows],
            "kinds": selectors.kinds(),
            "lights": LIGHTS,
            "departments": sorted(departments.items(), key=lambda d: d[1]),
            "f": filters,
            "can_order": can(request.user, "supervision.order"),
            "can_cards": can(request.user, "supervision.cards"),
            "next_url": "?" + urlencode({**query, "cursor": next_cursor}) if next_cursor else "",
            "export_url": "?" + urlencode({**query, "export": "xlsx"}),
            "first_page": not request.GET.get("cursor"),
        },
    )


def _export(request: AuthedRequest, filters: dict[str, Any], departments: dict[int, str]) -> HttpResponse:
    found: list[selectors.LateCase] = []
    cursor: str | None = None
    while len(found) < EXPORT_MAX:
        rows, cursor = selectors.late_page(request.user, **filters, cursor=cursor, limit=EXPORT_LIMIT)
        found.extend(rows)
        if not cursor:
            break
    light_labels: dict[str, str] = {Light.WARNING: "预警", Light.OVERDUE: "超期"}
    content = table_xlsx(
        "预警超期案件",
        ["类型", "编号", "标题", "责任单位", "期限", "亮灯", "超期工作日"],
        (
            [
                c.kind_label,
                c.number,
                c.title,
                departments.get(c.department_id or 0, ""),
                timezone.localtime(c.due_at),
                light_labels.get(c.light, c.light),
                c.days_overdue,
            ]
            for c in found
        ),
    )
    return xlsx_download(content, "预警超期案件")


@page("supervision.view")
def case_link(request: AuthedRequest, key: str, case_id: int) -> HttpResponse:
    """From the view to the case's own page (whatever its kind), if the user may see it."""
    found = selectors.late_case_for(request.user, key, case_id)
    if found is None:
        raise Http404
    source, case = found
    return redirect(source.workflow.link(case))


@page("supervision.order")
def order_form(request: AuthedRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    values = {k: data.get(k, "") for k in ("kind", "step", "case_id", "note")}
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            fields = parse(OrderIn, request.POST)
            order = services.order_send(actor=request.user, **fields.model_dump())
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors = {e.field: e.message for e in exc.errors}
            messages.error(request, "请按提示修改后再发送" if errors else exc.detail)
        else:
            messages.success(request, f"督办单已发送：{order.number}，责任单位负责人已收到通知。")
            return redirect("supervision:overdue")
    key = f"{values['kind']}:{values['step']}" if values["step"] else values["kind"]
    case_id = _id(values["case_id"])
    found = selectors.late_case_for(request.user, key, case_id) if case_id else None
    if found is None:
        raise Http404
    source, case = found
    return render(
        request,
        "supervision/order_form.html",
        {"v": values, "errors": errors, "source": source, "case": case, "heading": source.workflow.heading(case)},
    )


@page("supervision.view")
def orders(request: AuthedRequest) -> HttpResponse:
    open_only = request.GET.get("open") == "1"
    qs = selectors.orders_for(request.user, open_only=open_only)
    rows, next_cursor = keyset_page(qs, cursor=request.GET.get("cursor"), limit=PAGE_SIZE)
    return render(
        request,
        "supervision/orders.html",
        {
            "rows": [{"o": o, "may_reply": may_reply(request.user, o) and not o.replied_at} for o in rows],
            "open_only": open_only,
            "can_cards": can(request.user, "supervision.cards"),
            "next_url": "?" + urlencode({"open": "1" if open_only else "", "cursor": next_cursor})
            if next_cursor
            else "",
        },
    )


@require_POST
@page("supervision.view")
def order_reply(request: AuthedRequest, order_id: int) -> HttpResponse:
    with flash_refusal(request):
        fields = parse(OrderReplyIn, request.POST)
        services.order_reply(actor=request.user, order_id=order_id, reply=fields.reply)
        messages.success(request, "已反馈督办单。")
    return redirect("supervision:orders")


@page("supervision.cards")
def cards(request: AuthedRequest) -> HttpResponse:
    color = request.GET.get("color", "")
    color = color if color in CardColor.values else ""
    department_id = _id(request.GET.get("department_id"))
    qs = selectors.cards_for(request.user, color=color, department_id=department_id)
    rows, next_cursor = keyset_page(qs, cursor=request.GET.get("cursor"), limit=PAGE_SIZE)
    units, people = selectors.card_tallies(request.user)
    query = {"color": color, "department_id": department_id or ""}
    return render(
        request,
        "supervision/cards.html",
        {
            "rows": rows,
            "units": units,
            "people": people,
            "color": color,
            "colors": CardColor.choices,
            "department_id": department_id,
            "departments": sorted(_departments().items(), key=lambda d: d[1]),
            "next_url": "?" + urlencode({**query, "cursor": next_cursor}) if next_cursor else "",
        },
    )


@require_POST
@page("supervision.cards")
def card_note(request: AuthedRequest, card_id: int) -> HttpResponse:
    with flash_refusal(request):
        fields = parse(CardNoteIn, request.POST)
        card = services.card_note(actor=request.user, card_id=card_id, note=fields.note)
        messages.success(request, f"已批注{card.get_color_display()} {card.number}。")
    return redirect("supervision:cards")
