"""Supervision API (API.md "Supervision"): every late case in the caller's scope, supervision orders sent from it
and answered by departments, and the 电子监察 cards with their counts and notes."""

from __future__ import annotations

from typing import Any

from ninja import Router, Status

from qifu.core.access import require
from qifu.core.api_support import ErrorOut, idempotent
from qifu.core.errors import ValidationFailed
from qifu.core.http import AuthedRequest
from qifu.core.pagination import keyset_page
from qifu.core.schema_types import Id
from qifu.supervision import selectors, services
from qifu.supervision.permissions import access_order_for
from qifu.supervision.schemas import (
    CardNoteIn,
    CardOut,
    CardPageOut,
    LateOut,
    LatePageOut,
    OrderIn,
    OrderOut,
    OrderPageOut,
    OrderReplyIn,
    TalliesOut,
    TallyOut,
)

router = Router(tags=["督查督办"])
ERRORS: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
LIST_ERRORS: dict[int, Any] = {403: ErrorOut, 422: ErrorOut}


def _kind(kind: str) -> str:
    if kind and kind not in dict(selectors.kinds()):
        raise ValidationFailed.field("kind", "没有这类案件")
    return kind


@router.get(
    "/supervision/overdue",
    response={200: LatePageOut, **LIST_ERRORS},
    summary="预警和超期的案件（各类案件合一，最早到期的在前）",
)
def overdue(
    request: AuthedRequest,
    kind: str = "",
    department_id: Id | None = None,
    light: str = "",
    cursor: str = "",
    limit: int = 50,
) -> dict[str, Any]:
    require(request.user, "supervision.view")
    rows, next_cursor = selectors.late_page(
        request.user,
        kind=_kind(kind),
        light=light,
        department_id=department_id,
        cursor=cursor or None,
        limit=limit,
    )
    return {"items": [LateOut.of(c) for c in rows], "next_cursor": next_cursor}


@router.post("/supervision/orders", response={201: OrderOut, **ERRORS}, summary="对一件预警或超期案件发督办单")
def order_send(request: AuthedRequest, payload: OrderIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        order = services.order_send(actor=request.user, **payload.model_dump())
        return 201, OrderOut.of(order).model_dump(mode="json")

    return Status(*idempotent(request, "supervision.order", create))


@router.get("/supervision/orders", response={200: OrderPageOut, **LIST_ERRORS}, summary="督办单（open=1 仅待反馈）")
def order_list(
    request: AuthedRequest, department_id: Id | None = None, open: bool = False, cursor: str = "", limit: int = 50
) -> dict[str, Any]:
    require(request.user, "supervision.view")
    rows, next_cursor = keyset_page(
        selectors.orders_for(request.user, department_id=department_id, open_only=open), cursor=cursor, limit=limit
    )
    return {"items": [OrderOut.of(o) for o in rows], "next_cursor": next_cursor}


@router.get("/supervision/orders/{order_id}", response={200: OrderOut, 404: ErrorOut}, summary="督办单详情")
def order_detail(request: AuthedRequest, order_id: Id) -> OrderOut:
    return OrderOut.of(access_order_for(request.user, order_id))


@router.post("/supervision/orders/{order_id}/reply", response={200: OrderOut, **ERRORS}, summary="责任单位反馈督办单")
def order_reply(request: AuthedRequest, order_id: Id, payload: OrderReplyIn) -> OrderOut:
    return OrderOut.of(services.order_reply(actor=request.user, order_id=order_id, reply=payload.reply))


@router.get(
    "/supervision/cards",
    response={200: CardPageOut, **LIST_ERRORS},
    summary="电子监察亮牌（color=yellow 黄牌 / red 红牌）",
)
def card_list(
    request: AuthedRequest, color: str = "", department_id: Id | None = None, cursor: str = "", limit: int = 50
) -> dict[str, Any]:
    require(request.user, "supervision.view")
    if color not in ("", "yellow", "red"):
        raise ValidationFailed.field("color", "牌色只能是 yellow（黄牌）或 red（红牌）")
    rows, next_cursor = keyset_page(
        selectors.cards_for(request.user, color=color, department_id=department_id), cursor=cursor, limit=limit
    )
    return {"items": [CardOut.of(c) for c in rows], "next_cursor": next_cursor}


@router.get("/supervision/cards/tally", response={200: TalliesOut, 403: ErrorOut}, summary="亮牌按单位、按责任人统计")
def card_tally(request: AuthedRequest) -> dict[str, Any]:
    require(request.user, "supervision.view")
    units, people = selectors.card_tallies(request.user)
    return {"units": [TallyOut.of(t) for t in units], "people": [TallyOut.of(t) for t in people]}


@router.post("/supervision/cards/{card_id}/note", response={200: CardOut, **ERRORS}, summary="批注电子监察亮牌")
def card_note(request: AuthedRequest, card_id: Id, payload: CardNoteIn) -> CardOut:
    return CardOut.of(services.card_note(actor=request.user, card_id=card_id, note=payload.note))
