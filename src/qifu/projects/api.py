"""Key projects API (API.md "Key projects"): projects, their milestones and their linked applications and demands."""

from __future__ import annotations

from typing import Any

from ninja import Router, Status

from qifu.core.access import require
from qifu.core.api_support import ErrorOut, idempotent
from qifu.core.http import AuthedRequest
from qifu.core.pagination import keyset_page
from qifu.projects import selectors, services
from qifu.projects.permissions import access_project_for
from qifu.projects.schemas import (
    ApplicationLinkIn,
    DemandLinkIn,
    MilestoneDoneIn,
    MilestoneIn,
    MilestoneOut,
    ProjectIn,
    ProjectOut,
    ProjectPageOut,
)

router = Router(tags=["重点项目"])
ERRORS: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _project_out(request: AuthedRequest, project_id: int) -> ProjectOut:
    return ProjectOut.of(access_project_for(request.user, project_id))


@router.post("/projects", response={201: ProjectOut, **ERRORS}, summary="登记重点项目（三个一）")
def project_create(request: AuthedRequest, payload: ProjectIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        project = services.project_create(actor=request.user, **payload.model_dump())
        return 201, _project_out(request, project.pk).model_dump(mode="json")

    return Status(*idempotent(request, "projects.create", create))


@router.get(
    "/projects",
    response={200: ProjectPageOut, 403: ErrorOut, 422: ErrorOut},
    summary="重点项目（stalled=1 仅滞后项目）",
)
def project_list(request: AuthedRequest, stalled: bool = False, cursor: str = "", limit: int = 50) -> dict[str, Any]:
    require(request.user, "project.view")
    rows, next_cursor = keyset_page(
        selectors.project_list_for(request.user, stalled=stalled), cursor=cursor, limit=limit
    )
    return {"items": [ProjectOut.of(p) for p in rows], "next_cursor": next_cursor}


@router.get(
    "/projects/{project_id}", response={200: ProjectOut, 404: ErrorOut}, summary="重点项目详情（节点、关联办件和诉求）"
)
def project_detail(request: AuthedRequest, project_id: int) -> ProjectOut:
    return _project_out(request, project_id)


@router.post("/projects/{project_id}/milestones", response={201: MilestoneOut, **ERRORS}, summary="新增项目节点")
def milestone_add(request: AuthedRequest, project_id: int, payload: MilestoneIn) -> Status[Any]:
    milestone = services.milestone_add(
        actor=request.user, project_id=project_id, name=payload.name, planned_on=payload.planned_on
    )
    return Status(201, MilestoneOut.of(milestone))


@router.post(
    "/projects/{project_id}/milestones/{milestone_id}/done",
    response={200: MilestoneOut, **ERRORS},
    summary="节点完成（实际完成日期不晚于今天）",
)
def milestone_done(
    request: AuthedRequest, project_id: int, milestone_id: int, payload: MilestoneDoneIn
) -> MilestoneOut:
    milestone = services.milestone_done(
        actor=request.user,
        project_id=project_id,
        milestone_id=milestone_id,
        done_on=payload.done_on,
        note=payload.note,
    )
    return MilestoneOut.of(milestone)


@router.post("/projects/{project_id}/applications", response={200: ProjectOut, **ERRORS}, summary="关联本企业的办件")
def link_application(request: AuthedRequest, project_id: int, payload: ApplicationLinkIn) -> ProjectOut:
    services.project_link_application(actor=request.user, project_id=project_id, application_id=payload.application_id)
    return _project_out(request, project_id)


@router.post("/projects/{project_id}/demands", response={200: ProjectOut, **ERRORS}, summary="关联本企业的诉求")
def link_demand(request: AuthedRequest, project_id: int, payload: DemandLinkIn) -> ProjectOut:
    services.project_link_demand(actor=request.user, project_id=project_id, demand_id=payload.demand_id)
    return _project_out(request, project_id)
