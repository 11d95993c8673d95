"""Enterprise register API: list, read, create, update, ledger and stewardship."""

from __future__ import annotations

from typing import Any

from ninja import Router, Status

from qifu.core.api_support import ErrorOut, idempotent
from qifu.core.http import AuthedRequest
from qifu.core.pagination import keyset_page
from qifu.enterprises import selectors, services
from qifu.enterprises.filters import EnterpriseFilter
from qifu.enterprises.permissions import sees_personal_data
from qifu.enterprises.schemas import (
    EnterpriseIn,
    EnterpriseList,
    EnterpriseOut,
    EnterprisePatch,
    LedgerIn,
    LedgerList,
    LedgerOut,
    StewardshipIn,
    StewardshipList,
    StewardshipOut,
    enterprise_out,
)

router = Router(tags=["企业库"])
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.get("", response={200: EnterpriseList, 422: ErrorOut}, summary="企业列表（游标分页）")
def enterprise_list(
    request: AuthedRequest,
    q: str = "",
    park_id: str = "",
    town_id: str = "",
    scale: str = "",
    lifecycle_stage: str = "",
    tag: str = "",
    industry: str = "",
    cursor: str | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    filters = EnterpriseFilter.parse(
        {
            "q": q,
            "park_id": park_id,
            "town_id": town_id,
            "scale": scale,
            "lifecycle_stage": lifecycle_stage,
            "tag": tag,
            "industry": industry,
        }
    )
    rows, next_cursor = keyset_page(selectors.enterprise_page_qs(request.user, filters), cursor=cursor, limit=limit)
    personal = sees_personal_data(request.user)
    return {"items": [enterprise_out(e, personal=personal) for e in rows], "next_cursor": next_cursor}


@router.post("", response={201: EnterpriseOut, **ERRORS}, summary="登记企业")
def enterprise_create(request: AuthedRequest, payload: EnterpriseIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        enterprise = services.enterprise_create(actor=request.user, data=payload.model_dump(exclude_unset=True))
        return 201, enterprise_out(enterprise, personal=True).model_dump(mode="json")

    return Status(*idempotent(request, "enterprises.create", create))


@router.get("/{enterprise_id}", response={200: EnterpriseOut, 404: ErrorOut}, summary="企业详情")
def enterprise_detail(request: AuthedRequest, enterprise_id: int) -> EnterpriseOut:
    enterprise = selectors.enterprise_get_for(request.user, enterprise_id)
    return enterprise_out(enterprise, personal=sees_personal_data(request.user))


@router.patch("/{enterprise_id}", response={200: EnterpriseOut, **ERRORS}, summary="修改企业信息")
def enterprise_patch(request: AuthedRequest, enterprise_id: int, payload: EnterprisePatch) -> EnterpriseOut:
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version", None)
    enterprise = services.enterprise_update(actor=request.user, enterprise_id=enterprise_id, data=data, version=version)
    return enterprise_out(
        selectors.enterprise_get_for(request.user, enterprise.pk), personal=sees_personal_data(request.user)
    )


@router.get("/{enterprise_id}/ledger", response={200: LedgerList, 404: ErrorOut}, summary="企业台账")
def ledger_list(request: AuthedRequest, enterprise_id: int) -> dict[str, Any]:
    enterprise = selectors.enterprise_get_for(request.user, enterprise_id)
    return {"items": list(selectors.ledger_for(enterprise)[:200])}


@router.post("/{enterprise_id}/ledger", response={201: LedgerOut, **ERRORS}, summary="记一笔台账")
def ledger_add(request: AuthedRequest, enterprise_id: int, payload: LedgerIn) -> Status[Any]:
    entry = services.ledger_entry_add(
        actor=request.user,
        enterprise_id=enterprise_id,
        entry_date=payload.entry_date,
        category=payload.category,
        content=payload.content,
    )
    return Status(201, entry)


@router.get("/{enterprise_id}/stewardships", response={200: StewardshipList, 404: ErrorOut}, summary="包联历史")
def stewardship_list(request: AuthedRequest, enterprise_id: int) -> dict[str, Any]:
    enterprise = selectors.enterprise_get_for(request.user, enterprise_id)
    return {"items": list(selectors.stewardship_history(enterprise))}


@router.post("/{enterprise_id}/stewardships", response={201: StewardshipOut, **ERRORS}, summary="指派包联干部")
def stewardship_assign(request: AuthedRequest, enterprise_id: int, payload: StewardshipIn) -> Status[Any]:
    stewardship = services.stewardship_assign(
        actor=request.user,
        enterprise_id=enterprise_id,
        officer_id=payload.officer_id,
        started_on=payload.started_on,
        note=payload.note,
    )
    return Status(201, stewardship)
