"""The reform task list's pages: the list with its lights, a task with its reports and the report form, the
centre's registration form, the printed progress table (任务清单进展表, A4 landscape) and its .xlsx export."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from qifu.core.errors import DomainError
from qifu.core.http import AuthedRequest, xlsx_download
from qifu.core.inputs import parse, uploaded
from qifu.core.ui import page
from qifu.core.xlsx import table_xlsx
from qifu.orgs.models import Department
from qifu.supervision import reform_services as services
from qifu.supervision.models import ReformTask, ReformTaskStatus, ReportCycle
from qifu.supervision.reform_schemas import ReformProgressIn, ReformTaskIn
from qifu.supervision.reform_selectors import (
    LIGHT_CHOICES,
    access_reform_task_for,
    may_manage,
    may_report,
    reform_task_list_for,
    row_light,
)

LIGHT_LABELS = {"normal": "正常", "warning": "即将到期", "overdue": "已逾期"}


def _filters(request: AuthedRequest) -> dict[str, Any]:
    department = request.GET.get("department_id", "")
    light = request.GET.get("light", "")
    return {
        "department_id": int(department) if department.isdigit() and len(department) < 10 else None,
        "light": light if light in LIGHT_LABELS else "",
    }


def _rows(request: AuthedRequest) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    chosen = _filters(request)
    tasks = (
        reform_task_list_for(request.user, **chosen)
        .select_related("department")
        .prefetch_related("lead_departments")
        .order_by("number")
    )
    now = timezone.now()
    rows = []
    for t in tasks:
        light = row_light(t, now)
        rows.append(
            {
                "t": t,
                "light": light,
                "light_label": _light_label(t, light),
            }
        )
    return rows, chosen


def _light_label(task: ReformTask, light: str | None) -> str:
    if task.status == ReformTaskStatus.DONE:
        return "已完成"
    if light is None:
        return ""
    if task.long_term:
        return {"normal": "按期报送", "warning": "即将到报送期", "overdue": "逾期未报送"}[light]
    return LIGHT_LABELS[light]


@page("reform.view")
def reform_list(request: AuthedRequest) -> HttpResponse:
    rows, chosen = _rows(request)
    return render(
        request,
        "supervision/reform/list.html",
        {
            "rows": rows,
            "chosen": chosen,
            "lights": LIGHT_CHOICES,
            "departments": Department.objects.filter(is_active=True),
            "can_create": may_manage(request.user),
            "query": request.GET.urlencode(),
            "counts": {
                "total": len(rows),
                "done": sum(1 for r in rows if r["t"].status == ReformTaskStatus.DONE),
                "late": sum(1 for r in rows if r["light"] == "overdue"),
            },
        },
    )


@page("reform.view")
def reform_detail(request: AuthedRequest, task_id: int) -> HttpResponse:
    task = access_reform_task_for(request.user, task_id)
    errors: dict[str, str] = {}
    values: dict[str, str] = {"percent": str(task.percent), "note": ""}
    if request.method == "POST":
        values = {"percent": request.POST.get("percent", "").strip(), "note": request.POST.get("note", "").strip()}
        try:
            fields = parse(ReformProgressIn, request.POST)
            task = services.reform_progress_report(
                actor=request.user,
                task_id=task.pk,
                percent=fields.percent,
                note=fields.note,
                files=uploaded(request, "files"),
            )
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors = {e.field: e.message for e in exc.errors}
            messages.error(request, "请按提示修改标红的项目后再报送" if errors else exc.detail)
        else:
            done = "，任务已完成" if task.status == ReformTaskStatus.DONE else ""
            messages.success(request, f"已报送进展：完成 {task.percent}%{done}。")
            return redirect("reform:detail", task_id=task.pk)
    light = row_light(task)
    return render(
        request,
        "supervision/reform/detail.html",
        {
            "t": task,
            "light": light,
            "light_label": _light_label(task, light),
            "leads": list(task.lead_departments.all()),
            "responsibles": list(task.responsible_departments.all()),
            "reports": list(task.reports.select_related("reported_by", "department").prefetch_related("attachments")),
            "can_report": task.status == ReformTaskStatus.OPEN and may_report(request.user, task),
            "errors": errors,
            "v": values,
        },
    )


@page("reform.manage")
def reform_create(request: AuthedRequest) -> HttpResponse:
    values: dict[str, Any] = {"report_cycle": ReportCycle.MONTHLY, "lead": [], "responsible": []}
    errors: dict[str, str] = {}
    if request.method == "POST":
        values = {name: request.POST.get(name, "").strip() for name in ReformTaskIn.model_fields}
        values["lead"] = request.POST.getlist("lead_department_ids")
        values["responsible"] = request.POST.getlist("responsible_department_ids")
        values["long_term"] = bool(request.POST.get("long_term"))
        try:
            fields = parse(ReformTaskIn, request.POST)
            task = services.reform_task_create(actor=request.user, **fields.model_dump())
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors = {e.field: e.message for e in exc.errors}
            messages.error(request, "请按提示修改标红的项目后再保存" if errors else exc.detail)
        else:
            messages.success(request, f"改革任务 {task.number}“{task.title}”已登记。")
            return redirect("reform:detail", task_id=task.pk)
    return render(
        request,
        "supervision/reform/form.html",
        {
            "v": values,
            "errors": errors,
            "cycles": ReportCycle.choices,
            "departments": Department.objects.filter(is_active=True),
        },
    )


@page("reform.view")
def reform_print(request: AuthedRequest) -> HttpResponse:
    rows, chosen = _rows(request)
    department = Department.objects.filter(pk=chosen["department_id"]).first() if chosen["department_id"] else None
    return render(
        request,
        "supervision/reform/print.html",
        {
            "rows": rows,
            "department": department,
            "light": LIGHT_LABELS.get(chosen["light"], ""),
            "today": timezone.localdate(),
            "district_name": settings.QIFU_DISTRICT_NAME,
        },
    )


HEADERS = [
    "序号",
    "所属板块",
    "主要任务",
    "具体工作内容",
    "牵头单位",
    "责任单位",
    "完成时限",
    "期限日期",
    "完成进度(%)",
    "最新进展",
    "最近报送",
    "状态",
]


def _xlsx_row(row: dict[str, Any]) -> list[Any]:
    t: ReformTask = row["t"]
    due: dt.date | None = t.due_on or t.next_report_on
    return [
        t.number,
        t.area,
        t.title,
        t.content,
        t.lead_units,
        t.responsible_units,
        t.deadline_text,
        due,
        t.percent,
        t.last_note,
        timezone.localtime(t.last_reported_at) if t.last_reported_at else None,
        row["light_label"] or t.get_status_display(),
    ]


@page("reform.view")
def reform_export(request: AuthedRequest) -> HttpResponse:
    rows, _ = _rows(request)
    return xlsx_download(table_xlsx("任务清单进展表", HEADERS, [_xlsx_row(r) for r in rows]), "改革任务清单进展表")


@page("reform.view")
def reform_attachment(request: AuthedRequest, task_id: int, attachment_id: int) -> FileResponse:
    attachment = services.reform_attachment_download(actor=request.user, task_id=task_id, attachment_id=attachment_id)
    if not attachment.file:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)
