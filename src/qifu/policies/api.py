"""Policies API (API.md "Policies"): the library, matches with reasons, pushes, auto-grants and claims."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse
from ninja import File, Form, Query, Router, Status
from ninja.files import UploadedFile

from qifu.core import tracking
from qifu.core.access import require
from qifu.core.api_support import ErrorOut
from qifu.core.choices import Light
from qifu.core.cleaning import ID_MAX
from qifu.core.errors import PermissionDenied
from qifu.core.http import AuthedRequest
from qifu.core.pagination import keyset_page
from qifu.enterprises.permissions import access_enterprise_for
from qifu.policies import selectors, services
from qifu.policies.choices import BenefitType, ClaimStatus
from qifu.policies.permissions import access_claim_for, access_policy_for, may_manage, sees_internal
from qifu.policies.schemas import (
    ClaimDecideIn,
    ClaimDisburseIn,
    ClaimIn,
    ClaimOut,
    ClaimPageOut,
    ClaimRateIn,
    EnterpriseMatchOut,
    MatchPageOut,
    PolicyIn,
    PolicyMatchListOut,
    PolicyMatchOut,
    PolicyOut,
    PolicyPageOut,
)
from qifu.policies.transitions import WORKFLOW

router = Router(tags=["惠企政策"])
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


@router.post("/policies", response={201: PolicyOut, **ERRORS}, summary="录入政策（可直接发布）")
def policy_create(request: AuthedRequest, payload: PolicyIn) -> Status[Any]:
    return Status(201, PolicyOut.of(services.policy_create(actor=request.user, fields=payload)))


@router.post("/policies/rematch", response={200: dict[str, int], **ERRORS}, summary="全量重新匹配（管理员）")
def rematch_all(request: AuthedRequest) -> dict[str, int]:
    return {"policies": services.rematch_all(actor=request.user)}


@router.get(
    "/policies",
    response={200: PolicyPageOut, 422: ErrorOut},
    auth=None,
    summary="政策库（关键词、部门、兑现方式、行业、仍可申报），新录入的在前",
)
def policy_list(
    request: AuthedRequest,
    q: str = "",
    department_id: int | None = Query(None, ge=1, le=ID_MAX),  # type: ignore[type-arg]
    benefit_type: BenefitType | None = None,
    industry: str = "",
    open: bool = False,
    cursor: str = "",
    limit: int = 50,
) -> dict[str, Any]:
    params = {
        "q": q,
        "department_id": str(department_id or ""),
        "benefit_type": benefit_type or "",
        "industry": industry,
        "open": "1" if open else "",
    }
    rows, next_cursor = keyset_page(selectors.policy_library(request.user, params), cursor=cursor, limit=limit)
    return {"items": [PolicyOut.of(p) for p in rows], "next_cursor": next_cursor}


@router.get("/policies/{policy_id}", response={200: PolicyOut, 404: ErrorOut}, auth=None, summary="政策详情")
def policy_detail(request: AuthedRequest, policy_id: int) -> PolicyOut:
    return PolicyOut.of(access_policy_for(request.user, policy_id))


@router.post("/policies/{policy_id}/publish", response={200: PolicyOut, **ERRORS}, summary="发布政策")
def policy_publish(request: AuthedRequest, policy_id: int) -> PolicyOut:
    return PolicyOut.of(services.policy_publish(actor=request.user, policy_id=policy_id))


@router.post("/policies/{policy_id}/withdraw", response={200: PolicyOut, **ERRORS}, summary="撤回已发布的政策")
def policy_withdraw(request: AuthedRequest, policy_id: int) -> PolicyOut:
    return PolicyOut.of(services.policy_withdraw(actor=request.user, policy_id=policy_id))


@router.get(
    "/policies/{policy_id}/matches",
    response={200: MatchPageOut, 403: ErrorOut, 404: ErrorOut},
    summary="政策匹配的企业（含理由和缺少的数据）",
)
def policy_matches(
    request: AuthedRequest, policy_id: int, cursor: int = 0, verdict: str = "", limit: int = 50
) -> MatchPageOut:
    policy = access_policy_for(request.user, policy_id)
    if not may_manage(request.user, policy):
        raise PermissionDenied()
    rows, next_cursor, fits, maybe = selectors.policy_matches_page(
        policy, cursor=cursor, limit=max(1, min(limit, 200)), verdict=verdict
    )
    return MatchPageOut(
        fits=fits,
        may_fit=maybe,
        next_cursor=next_cursor,
        items=[
            EnterpriseMatchOut(
                enterprise_id=r.enterprise.pk,
                name=r.enterprise.name,
                verdict=str(r.explanation.verdict),
                reasons=r.explanation.reasons,
                missing=r.explanation.missing,
            )
            for r in rows
        ],
    )


@router.get(
    "/enterprises/{enterprise_id}/policy-matches",
    response={200: PolicyMatchListOut, 403: ErrorOut, 404: ErrorOut},
    summary="为企业匹配的政策（含理由）",
)
def enterprise_matches(request: AuthedRequest, enterprise_id: int, include_maybe: bool = True) -> dict[str, Any]:
    require(request.user, "policy.view")
    enterprise = access_enterprise_for(request.user, enterprise_id, related=False)
    matches = selectors.enterprise_policy_matches(enterprise, include_maybe=include_maybe)
    return {"items": [PolicyMatchOut.of(m.policy, m.explanation, m.claimed) for m in matches], "next_cursor": None}


@router.post("/policies/{policy_id}/push", response={200: dict[str, int], **ERRORS}, summary="精准推送给符合条件的企业")
def policy_push(request: AuthedRequest, policy_id: int) -> dict[str, int]:
    return {"pushed": services.policy_push(actor=request.user, policy_id=policy_id)}


@router.post(
    "/policies/{policy_id}/auto-grant", response={200: dict[str, int], **ERRORS}, summary="免申即享：生成兑现名单"
)
def policy_auto_grant(request: AuthedRequest, policy_id: int) -> dict[str, int]:
    return {"granted": services.auto_grant(actor=request.user, policy_id=policy_id)}


@router.post("/policies/{policy_id}/rematch", response={200: PolicyOut, **ERRORS}, summary="重新匹配该政策（后台运行）")
def policy_rematch(request: AuthedRequest, policy_id: int) -> PolicyOut:
    return PolicyOut.of(services.policy_rematch(actor=request.user, policy_id=policy_id))


def _claim_out(request: AuthedRequest, claim_id: int) -> ClaimOut:
    claim = access_claim_for(request.user, claim_id)
    return ClaimOut.of(
        claim,
        selectors.claim_timeline(request.user, claim),
        staff=sees_internal(request.user),
        track_url=tracking.track_url(WORKFLOW.subject, claim.pk),
    )


@router.post("/policy-claims", response={201: ClaimOut, **ERRORS}, summary="提交政策申兑")
def claim_create(request: AuthedRequest, payload: ClaimIn) -> Status[Any]:
    claim = services.claim_submit(
        actor=request.user,
        policy_id=payload.policy_id,
        enterprise_id=payload.enterprise_id,
        amount=payload.amount,
        materials=payload.materials,
    )
    return Status(201, _claim_out(request, claim.pk))


@router.get("/policy-claims", response={200: ClaimPageOut, 403: ErrorOut, 422: ErrorOut}, summary="政策申兑列表")
def claim_list(
    request: AuthedRequest,
    status: ClaimStatus | None = None,
    light: Light | None = None,
    cursor: str = "",
    limit: int = 50,
) -> dict[str, Any]:
    require(request.user, "policy.view")
    qs = selectors.claim_list_for(request.user, status or "", light=light or "").prefetch_related("materials")
    rows, next_cursor = keyset_page(qs, cursor=cursor, limit=limit)
    return {"items": [ClaimOut.of(c, [], staff=sees_internal(request.user)) for c in rows], "next_cursor": next_cursor}


@router.get("/policy-claims/{claim_id}", response={200: ClaimOut, 404: ErrorOut}, summary="申兑详情（含办理过程）")
def claim_detail(request: AuthedRequest, claim_id: int) -> ClaimOut:
    return _claim_out(request, claim_id)


@router.post("/policy-claims/{claim_id}/accept", response={200: ClaimOut, **ERRORS}, summary="窗口受理")
def claim_accept(request: AuthedRequest, claim_id: int) -> ClaimOut:
    services.claim_accept(actor=request.user, claim_id=claim_id)
    return _claim_out(request, claim_id)


@router.post("/policy-claims/{claim_id}/handover", response={200: ClaimOut, **ERRORS}, summary="流转至兑现部门")
def claim_handover(request: AuthedRequest, claim_id: int) -> ClaimOut:
    services.claim_handover(actor=request.user, claim_id=claim_id)
    return _claim_out(request, claim_id)


@router.post(
    "/policy-claims/{claim_id}/decide",
    response={200: ClaimOut, **ERRORS},
    summary="审核（通过或不通过；不通过须写明理由）",
)
def claim_decide(request: AuthedRequest, claim_id: int, payload: ClaimDecideIn) -> ClaimOut:
    if payload.approved:
        services.claim_approve(actor=request.user, claim_id=claim_id, note=payload.note)
    else:
        services.claim_deny(actor=request.user, claim_id=claim_id, note=payload.note)
    return _claim_out(request, claim_id)


@router.post(
    "/policy-claims/{claim_id}/disburse",
    response={200: ClaimOut, **ERRORS},
    summary="登记兑付（不超过政策的单笔兑现上限）",
)
def claim_disburse(request: AuthedRequest, claim_id: int, payload: ClaimDisburseIn) -> ClaimOut:
    services.claim_disburse(
        actor=request.user, claim_id=claim_id, amount=payload.amount, paid_on=payload.paid_on, note=payload.note
    )
    return _claim_out(request, claim_id)


@router.post("/policy-claims/{claim_id}/withdraw", response={200: ClaimOut, **ERRORS}, summary="企业撤回申请")
def claim_withdraw(request: AuthedRequest, claim_id: int) -> ClaimOut:
    services.claim_withdraw(actor=request.user, claim_id=claim_id)
    return _claim_out(request, claim_id)


@router.post("/policy-claims/{claim_id}/rate", response={200: ClaimOut, **ERRORS}, summary="评价申兑服务")
def claim_rate(request: AuthedRequest, claim_id: int, payload: ClaimRateIn) -> ClaimOut:
    services.claim_rate(actor=request.user, claim_id=claim_id, rating=payload.rating, comment=payload.comment)
    return _claim_out(request, claim_id)


@router.post(
    "/policy-claims/{claim_id}/materials",
    response={200: ClaimOut, **ERRORS},
    summary="上传申报材料文件（按内容校验格式，≤20MB）",
)
def claim_material_upload(request: AuthedRequest, claim_id: int, name: Form[str], file: File[UploadedFile]) -> ClaimOut:
    services.claim_material_upload(
        actor=request.user, claim_id=claim_id, name=name, filename=file.name or "", content=file.read()
    )
    return _claim_out(request, claim_id)


@router.get(
    "/policy-claims/{claim_id}/materials/{material_id}/file",
    response={200: None, 404: ErrorOut},
    summary="下载申报材料（仅窗口、兑现部门和申报企业；每次下载留痕）",
)
def claim_material_download(request: AuthedRequest, claim_id: int, material_id: int) -> FileResponse:
    material = services.claim_material_download(actor=request.user, claim_id=claim_id, material_id=material_id)
    suffix = material.file.name[material.file.name.rfind(".") :]
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=f"{material.name}{suffix}")
