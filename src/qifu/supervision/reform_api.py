"""The reform task list API (API.md "Supervision"): register a task, report its progress, list and read tasks."""

from __future__ import annotations

from typing import Any, Literal

from ninja import Router, Status

from qifu.core.access import require
from qifu.core.api_support import ErrorOut, idempotent
from qifu.core.http import AuthedRequest
from qifu.core.pagination import keyset_page
from qifu.core.schema_types import Id
from qifu.supervision import reform_services as services
from qifu.supervision.reform_schemas import (
    ReformProgressIn,
    ReformReportOut,
    ReformTaskDetailOut,
    ReformTaskIn,
    ReformTaskOut,
    ReformTaskPageOut,
)
from qifu.supervision.reform_selectors import access_reform_task_for, reform_task_list_for

router = Router(tags=["改革任务清单"])
ERRORS: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


def _detail(request: AuthedRequest, task_id: int) -> ReformTaskDetailOut:
    task = access_reform_task_for(request.user, task_id)
    reports = task.reports.select_related("reported_by").prefetch_related("attachments")
    return ReformTaskDetailOut(**ReformTaskOut.of(task).model_dump(), reports=[ReformReportOut.of(r) for r in reports])


@router.post("/reform-tasks", response={201: ReformTaskDetailOut, **ERRORS}, summary="登记改革任务（专班办公室）")
def reform_task_create(request: AuthedRequest, payload: ReformTaskIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        task = services.reform_task_create(actor=request.user, **payload.model_dump())
        return 201, _detail(request, task.pk).model_dump(mode="json")

    return Status(*idempotent(request, "reform_tasks.create", create))


@router.get(
    "/reform-tasks",
    response={200: ReformTaskPageOut, 403: ErrorOut, 422: ErrorOut},
    summary="改革任务清单（light 按完成时限，长期任务无）",
)
def reform_task_list(
    request: AuthedRequest,
    department_id: Id | None = None,
    light: Literal["normal", "warning", "overdue"] | None = None,
    cursor: str = "",
    limit: int = 50,
) -> dict[str, Any]:
    require(request.user, "reform.view")
    qs = reform_task_list_for(request.user, department_id=department_id, light=light or "")
    rows, next_cursor = keyset_page(
        qs.select_related("department").prefetch_related("lead_departments", "responsible_departments"),
        cursor=cursor,
        limit=limit,
        ids_first=True,
    )
    return {"items": [ReformTaskOut.of(t) for t in rows], "next_cursor": next_cursor}


@router.get("/reform-tasks/{task_id}", response={200: ReformTaskDetailOut, 404: ErrorOut}, summary="改革任务及其进展")
def reform_task_detail(request: AuthedRequest, task_id: int) -> ReformTaskDetailOut:
    return _detail(request, task_id)


@router.post(
    "/reform-tasks/{task_id}/progress",
    response={200: ReformTaskDetailOut, **ERRORS},
    summary="报送进展（牵头单位或中心；完成时限任务报 100% 即完成）",
)
def reform_progress(request: AuthedRequest, task_id: int, payload: ReformProgressIn) -> ReformTaskDetailOut:
    services.reform_progress_report(actor=request.user, task_id=task_id, percent=payload.percent, note=payload.note)
    return _detail(request, task_id)
