"""Officers' service API (API.md "Officers' service"): visits, enterprises due a visit, service plans and their
termination for a reason of DB4106/T 98-2023 §6."""

from __future__ import annotations

from typing import Any

from ninja import Router, Status

from qifu.core.access import require
from qifu.core.api_support import ErrorOut, idempotent
from qifu.core.http import AuthedRequest
from qifu.core.pagination import keyset_page
from qifu.lifecycle import selectors, services
from qifu.lifecycle.models import ServicePlan
from qifu.lifecycle.schemas import (
    PlanIn,
    PlanOut,
    PlanTerminateIn,
    TaskOut,
    VisitCreatedOut,
    VisitDueOut,
    VisitDuePageOut,
    VisitIn,
)
from qifu.lifecycle.transitions import TASK_WORKFLOW

router = Router(tags=["助企干部服务"])
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def plan_out(plan: ServicePlan) -> PlanOut:
    return PlanOut(
        id=plan.pk,
        enterprise_id=plan.enterprise_id,
        stage=plan.stage,
        goals=plan.goals,
        deregistration_reason=plan.deregistration_reason,
        status=plan.status,
        termination_reason=plan.termination_reason,
        termination_note=plan.termination_note,
        tasks=[
            TaskOut(
                id=t.pk,
                title=t.title,
                due_on=t.due_on,
                due_at=t.due_at,
                progress=t.progress,
                status=t.status,
                light=TASK_WORKFLOW.light(t),
            )
            for t in plan.tasks.all()
        ],
    )


@router.post(
    "/enterprises/{enterprise_id}/visits",
    response={201: VisitCreatedOut, **ERRORS},
    summary="记录走访（包联干部或园区联络员），困难问题可转为诉求",
)
def visit_create(request: AuthedRequest, enterprise_id: int, payload: VisitIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        visit = services.visit_record(
            actor=request.user,
            enterprise_id=enterprise_id,
            **payload.model_dump(exclude={"demands"}),
            demands=payload.demands,
        )
        return 201, {"id": visit.pk, "demand_ids": sorted(d.pk for d in visit.demands.all())}

    return Status(*idempotent(request, f"visits.create.{enterprise_id}", create))


@router.get(
    "/visits/due",
    response={200: VisitDuePageOut, 403: ErrorOut, 422: ErrorOut},
    summary="超过走访周期（QIFU_VISIT_CADENCE_DAYS）未走访的企业",
)
def visits_due(request: AuthedRequest, cursor: str = "", limit: int = 50) -> dict[str, Any]:
    require(request.user, "lifecycle.view")
    rows, next_cursor = keyset_page(selectors.visits_due(request.user), cursor=cursor, limit=limit)
    return {
        "items": [
            VisitDueOut(
                enterprise_id=e.pk,
                name=e.name,
                last_visit_on=e.last_visit_on,  # type: ignore[attr-defined]
                days_since=selectors.days_since(e.last_visit_on),  # type: ignore[attr-defined]
            )
            for e in rows
        ],
        "next_cursor": next_cursor,
    }


@router.post(
    "/enterprises/{enterprise_id}/service-plans",
    response={201: PlanOut, **ERRORS},
    summary="制定服务方案（按企业生命周期阶段）",
)
def plan_create(request: AuthedRequest, enterprise_id: int, payload: PlanIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        plan = services.plan_create(
            actor=request.user,
            enterprise_id=enterprise_id,
            stage=payload.stage,
            goals=payload.goals,
            tasks=payload.tasks,
            deregistration_reason=payload.deregistration_reason,
        )
        return 201, plan_out(plan).model_dump(mode="json")

    return Status(*idempotent(request, f"service_plans.create.{enterprise_id}", create))


@router.post(
    "/service-plans/{plan_id}/terminate",
    response={200: PlanOut, **ERRORS},
    summary="终止服务（DB4106/T 98—2023 第6章 a)–e)）",
)
def plan_terminate(request: AuthedRequest, plan_id: int, payload: PlanTerminateIn) -> PlanOut:
    plan = services.plan_terminate(
        actor=request.user, plan_id=plan_id, reason_code=payload.reason_code, note=payload.note
    )
    return plan_out(plan)
