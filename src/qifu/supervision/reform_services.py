"""Every write of the reform task list: registering a task, and a lead unit's progress report (with its files),
through the reform task workflow; the download of a report's file is audited."""

from __future__ import annotations

import calendar
import datetime as dt
import secrets
from collections.abc import Sequence

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from qifu.accounts.models import User
from qifu.core.audit import audit_record, register_action_labels
from qifu.core.errors import FieldError, NotFound, PermissionDenied, ValidationFailed
from qifu.core.files import check_uploads
from qifu.core.workcalendar import FIRST_DAY, LAST_DAY, SHANGHAI, end_of_day
from qifu.core.workflow import Notice
from qifu.orgs.models import Department
from qifu.supervision.models import ReformAttachment, ReformProgress, ReformTask, ReportCycle
from qifu.supervision.reform_selectors import access_reform_task_for, may_manage
from qifu.supervision.reform_transitions import WORKFLOW

register_action_labels({"reform_task.attachment_download": "改革任务 下载进展附件"})

# Days before a dated task's deadline (and before a long-term task's report day) that its light turns warning
# and supervision reminds the lead unit.
WARNING_DAYS = int(getattr(settings, "QIFU_REFORM_WARNING_DAYS", 10))
REPORT_WARNING_DAYS = int(getattr(settings, "QIFU_REFORM_REPORT_WARNING_DAYS", 5))


def period_end(day: dt.date, cycle: str) -> dt.date:
    """The last day of the reporting period (month or quarter) that contains `day`."""
    month = day.month if cycle != ReportCycle.QUARTERLY else ((day.month - 1) // 3) * 3 + 3
    return dt.date(day.year, month, calendar.monthrange(day.year, month)[1])


def next_report_day(reported_on: dt.date, cycle: str) -> dt.date:
    """After a report, the next one is due by the end of the following period."""
    return period_end(period_end(reported_on, cycle) + dt.timedelta(days=1), cycle)


def _deadline(day: dt.date, warn_days: int) -> dict[str, dt.datetime]:
    return {
        "due_at": end_of_day(day),
        "warning_at": dt.datetime.combine(day - dt.timedelta(days=warn_days), dt.time(0, 0), tzinfo=SHANGHAI),
    }


def _departments(ids: Sequence[int], field: str, noun: str) -> list[Department]:
    found = Department.objects.filter(pk__in=set(ids), is_active=True).in_bulk()
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationFailed.field(field, f"{noun}不存在或已停用")
    return [found[i] for i in dict.fromkeys(ids)]


@transaction.atomic
def reform_task_create(
    *,
    actor: User,
    number: int,
    area: str,
    title: str,
    content: str,
    lead_department_ids: Sequence[int],
    responsible_department_ids: Sequence[int] = (),
    due_on: dt.date | None = None,
    long_term: bool = False,
    report_cycle: str = ReportCycle.MONTHLY,
    lead_units: str = "",
    responsible_units: str = "",
    deadline_text: str = "",
    today: dt.date | None = None,
) -> ReformTask:
    """The 专班 office (the centre) registers one task of the list: a dated task or a long-term one that reports
    each cycle (monthly unless said otherwise)."""
    if not may_manage(actor):
        raise PermissionDenied()
    errors: list[FieldError] = []
    if long_term and due_on is not None:
        errors.append(FieldError("due_on", "长期坚持的任务不设完成时限，按报送周期报送进展"))
    if not long_term and due_on is None:
        errors.append(FieldError("due_on", "请填写完成时限，或勾选“长期坚持”"))
    if due_on is not None and not FIRST_DAY <= due_on <= LAST_DAY:
        errors.append(FieldError("due_on", f"完成时限应在工作日历范围内（{FIRST_DAY} 至 {LAST_DAY}）"))
    if ReformTask.objects.filter(number=number).exists():
        errors.append(FieldError("number", f"序号 {number} 已有任务"))
    for field, ids, noun in (
        ("lead_department_ids", lead_department_ids, "牵头单位"),
        ("responsible_department_ids", responsible_department_ids, "责任单位"),
    ):
        try:
            _departments(ids, field, noun)
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    if errors:
        raise ValidationFailed("改革任务信息有误：" + "；".join(e.message for e in errors), errors)
    leads = _departments(lead_department_ids, "lead_department_ids", "牵头单位")
    today = today or timezone.localdate()
    if long_term:
        next_report = period_end(today, report_cycle)
        timing = {"next_report_on": next_report, **_deadline(next_report, REPORT_WARNING_DAYS)}
    else:
        assert due_on is not None
        timing = {"due_on": due_on, **_deadline(due_on, WARNING_DAYS)}
    task = ReformTask.objects.create(
        number=number,
        area=area,
        title=title,
        content=content,
        lead_units=lead_units or "、".join(d.name for d in leads),
        responsible_units=responsible_units,
        department=leads[0],
        deadline_text=deadline_text or ("长期坚持" if long_term else f"{due_on:%Y-%m-%d}前"),
        long_term=long_term,
        report_cycle=report_cycle if long_term else "",
        created_by=actor,
        **timing,
    )
    task.lead_departments.set(leads)
    task.responsible_departments.set(_departments(responsible_department_ids, "responsible_department_ids", "责任单位"))
    when = "长期坚持，" + ReportCycle(report_cycle).label if long_term else f"{due_on:%Y-%m-%d} 前完成"
    WORKFLOW.record(task, actor=actor, action="create", note=f"牵头单位：{task.lead_units}；{when}", internal=True)
    return task


@transaction.atomic
def reform_progress_report(
    *,
    actor: User,
    task_id: int,
    percent: int,
    note: str,
    files: Sequence[tuple[str, bytes]] = (),
    today: dt.date | None = None,
) -> ReformTask:
    """A lead unit's staff (or the centre) report the progress of a task, with files. A dated task's progress
    never goes back; at 100% it is done. A long-term task's report moves its next report day to the end of the
    following period."""
    task = access_reform_task_for(actor, task_id)
    names = check_uploads([("files", name, content) for name, content in files]) if files else []
    today = today or timezone.localdate()
    done = not task.long_term and percent == 100
    action = "complete" if done else "report"
    WORKFLOW.check(task, actor, action)
    if not task.long_term and percent < task.percent:
        raise ValidationFailed.field("percent", f"完成进度不能低于上次报送的 {task.percent}%")
    department = actor.department if actor.department_id else None
    report = ReformProgress.objects.create(
        task=task, percent=percent, note=note, department=department, reported_by=actor, reported_on=today
    )
    updates: dict[str, object] = {
        "percent": percent,
        "last_note": note[:1000],
        "last_reported_at": timezone.now(),
    }
    if done:
        updates["done_on"] = today
    if task.long_term:
        next_report = next_report_day(today, task.report_cycle or ReportCycle.MONTHLY)
        updates |= {"next_report_on": next_report, **_deadline(next_report, REPORT_WARNING_DAYS)}
    centre = list(User.objects.filter(role__in=["admin", "dispatcher"], is_active=True)[:20])
    task = WORKFLOW.act(
        task,
        actor=actor,
        action=action,
        note=f"{percent}%：{note}",
        internal=True,
        data={"percent": percent, "progress_id": report.pk},
        updates=updates,
        checked=True,
        notices=[Notice(centre, "改革任务已完成" if done else "改革任务报送进展", f"{percent}%：{note}"[:500])]
        if done
        else [],
    )
    for clean_name, (_, content) in zip(names, files, strict=True):
        attachment = ReformAttachment(progress=report, name=clean_name, size=len(content), uploaded_by=actor)
        suffix = clean_name[clean_name.rfind(".") :]
        attachment.file.save(f"reform-{task.number}-{secrets.token_hex(4)}{suffix}", ContentFile(content), save=False)
        attachment.save()
        WORKFLOW.record(task, actor=actor, action="attach", note=clean_name, internal=True)
    return task


@transaction.atomic
def reform_attachment_download(*, actor: User, task_id: int, attachment_id: int) -> ReformAttachment:
    """A report's file for someone who may see the task; every download is audited."""
    task = access_reform_task_for(actor, task_id)
    attachment = ReformAttachment.objects.filter(pk=attachment_id, progress__task=task).first()
    if attachment is None:
        raise NotFound()
    audit_record(
        actor=actor,
        action="reform_task.attachment_download",
        obj=attachment,
        summary=f"改革任务{task.number} 下载进展附件 {attachment.name}",
    )
    return attachment
