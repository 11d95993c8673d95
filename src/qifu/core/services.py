"""Writes of the core app: the holiday arrangement of a year, notifications, and the audit log's export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from qifu.core.access import require
from qifu.core.audit import audit_record
from qifu.core.choices import DayKind
from qifu.core.errors import FieldError, ValidationFailed
from qifu.core.models import CalendarDay, CalendarYear, Notification, OutboxMessage, TimelineEvent
from qifu.core.selectors import AuditFilter, audit_events, audit_rows
from qifu.core.tasks import enqueue
from qifu.core.workcalendar import FIRST_DAY, LAST_DAY, calendar_change_hooks, reset_calendar
from qifu.core.xlsx import table_xlsx

KIND_WORDS = {
    "holiday": DayKind.HOLIDAY,
    "放假": DayKind.HOLIDAY,
    "休": DayKind.HOLIDAY,
    "节假日": DayKind.HOLIDAY,
    "法定节假日": DayKind.HOLIDAY,
    "makeup_workday": DayKind.MAKEUP_WORKDAY,
    "上班": DayKind.MAKEUP_WORKDAY,
    "班": DayKind.MAKEUP_WORKDAY,
    "调休上班": DayKind.MAKEUP_WORKDAY,
}


def parse_arrangement(year: int, text: str) -> list[tuple[dt.date, str, str]]:
    """Lines "2027-01-01,放假,元旦" or "2027-02-07 上班 春节" (a range "2027-02-10~2027-02-16" is allowed)."""
    days: dict[dt.date, tuple[str, str]] = {}
    errors: list[FieldError] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = [p for p in line.replace("，", ",").replace("\t", ",").replace(" ", ",").split(",") if p]
        if len(parts) < 2:
            errors.append(FieldError("days", f"第{number}行应为“日期,放假或上班,名称”"))
            continue
        kind = KIND_WORDS.get(parts[1])
        if kind is None:
            errors.append(FieldError("days", f"第{number}行类型“{parts[1]}”应为“放假”或“上班”"))
            continue
        try:
            first, _, last = parts[0].partition("~")
            start = dt.date.fromisoformat(first)
            end = dt.date.fromisoformat(last) if last else start
        except ValueError:
            errors.append(FieldError("days", f"第{number}行日期“{parts[0]}”格式应为 2027-01-01"))
            continue
        if start.year != year or end.year != year or end < start:
            errors.append(FieldError("days", f"第{number}行日期不在{year}年内"))
            continue
        name = parts[2] if len(parts) > 2 else ""
        day = start
        while day <= end:
            days[day] = (str(kind), name[:50])
            day += dt.timedelta(days=1)
    if errors:
        raise ValidationFailed("节假日安排有误：" + "；".join(e.message for e in errors), errors)
    return [(d, k, n) for d, (k, n) in sorted(days.items())]


@transaction.atomic
def calendar_set_year(
    *, actor: Any, year: int, days: list[tuple[dt.date, str, str]], confirmed: bool, notice: str = ""
) -> CalendarYear:
    """Replace a year's holidays and make-up working days; confirming makes them count."""
    require(actor, "calendar.manage")
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise ValidationFailed.field("year", f"年份应在{FIRST_DAY.year}到{LAST_DAY.year}之间")
    for day, kind, _ in days:
        if day.year != year:
            raise ValidationFailed.field("days", f"{day} 不在{year}年内")
        if kind == DayKind.MAKEUP_WORKDAY and day.weekday() < 5:
            raise ValidationFailed.field("days", f"{day} 是周一至周五，本就是工作日，不能设为调休上班")
    if confirmed and not any(kind == DayKind.HOLIDAY for _, kind, _ in days):
        raise ValidationFailed.field("confirmed", "确认的年度安排至少应有一个法定节假日")
    record, _ = CalendarYear.objects.select_for_update().get_or_create(year=year)
    before = list(record.days.values_list("date", "kind", "name"))
    record.days.all().delete()
    CalendarDay.objects.bulk_create([CalendarDay(date=d, year=record, kind=k, name=n) for d, k, n in days])
    record.confirmed = confirmed
    record.notice = notice.strip()[:200]
    record.confirmed_at = timezone.now() if confirmed else None
    record.save()
    audit_record(
        actor=actor,
        action="calendar.set_year",
        obj=record,
        summary=f"{'确认' if confirmed else '保存'}{year}年节假日安排（{len(days)}天）",
        data={
            "confirmed": confirmed,
            "notice": record.notice,
            "before": [[str(d), k, n] for d, k, n in before],
            "after": [[str(d), k, n] for d, k, n in days],
        },
    )
    transaction.on_commit(reset_calendar)
    for task in calendar_change_hooks():  # e.g. demands recompute their running deadlines
        enqueue(task)
    return record


def queue_email(*, addresses: list[str], subject: str, body: str) -> int:
    """Queue emails in the outbox when SMTP is configured (core.tasks.send_outbox sends and retries them)."""
    wanted = sorted({a.strip() for a in addresses if a and a.strip()})
    if not settings.EMAIL_HOST or not wanted:
        return 0
    now = timezone.now()
    OutboxMessage.objects.bulk_create(
        [OutboxMessage(recipient=a, subject=subject[:200], body=body, next_attempt_at=now) for a in wanted]
    )
    return len(wanted)


@transaction.atomic(savepoint=False)
def notify(*, recipients: list[Any], title: str, body: str = "", link: str = "") -> list[Notification]:
    """Put a message in each recipient's inbox and, when SMTP is configured, queue an email to those with an address.

    The email goes through the outbox so that a failed send is retried, never lost.
    """
    people = list({r.pk: r for r in recipients if r is not None}.values())
    page = f"{settings.QIFU_SITE_URL}{link}" if link.startswith("/") else link
    queue_email(addresses=[r.email for r in people], subject=title, body=f"{body}\n\n{page}".strip())
    return Notification.objects.bulk_create(
        [Notification(recipient=r, title=title[:200], body=body, link=link[:300]) for r in people]
    )


def timeline_add(
    *,
    subject_type: str,
    subject_id: int,
    actor: Any,
    action: str,
    note: str = "",
    public: str = "",
    internal: bool = False,
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
    actor_label: str = "",
) -> TimelineEvent:
    """One step in a case's timeline (written in the transaction of the change it records).

    Without an actor the step reads "系统" unless `actor_label` says who (e.g. the enterprise through a link).
    `note` is for staff, `public` what the enterprise reads (TimelineEvent).
    """
    label = actor.label if actor is not None and hasattr(actor, "label") else (actor_label or "系统")
    return TimelineEvent.objects.create(
        subject_type=subject_type,
        subject_id=subject_id,
        at=at or timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=label,
        action=action,
        note=note,
        public=public,
        internal=internal,
        data=data or {},
    )


def notification_mark_read(*, actor: Any, notification_id: int | None = None) -> int:
    """Mark one (or, without an id, all) of the actor's unread notifications read."""
    qs = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if notification_id is not None:
        qs = qs.filter(pk=notification_id)
    return qs.update(read_at=timezone.now())


AUDIT_EXPORT_HEADERS = ("序号", "时间", "操作人", "部门/单位", "动作", "动作代码", "对象类型", "对象ID", "摘要")


@transaction.atomic
def audit_export(*, actor: Any, filters: AuditFilter) -> tuple[bytes, int]:
    """The filtered audit log as .xlsx, newest first, and how many rows it holds; the export is itself audited."""
    require(actor, "audit.view")
    count = 0

    def rows() -> Iterator[list[Any]]:
        nonlocal count
        events = audit_events(filters).order_by("-id").iterator(chunk_size=2000)
        while chunk := list(islice(events, 2000)):
            for row in audit_rows(chunk):
                count += 1
                event = row.event
                yield [
                    event.pk,
                    event.at,
                    row.actor_name,
                    row.actor_unit,
                    row.action_label,
                    event.action,
                    row.object_label,
                    event.object_id,
                    event.summary,
                ]

    content = table_xlsx("审计日志", AUDIT_EXPORT_HEADERS, rows())
    audit_record(
        actor=actor,
        action="audit.export",
        summary=f"导出审计日志 {count} 条",
        data={"filters": filters.as_query(), "rows": count},
    )
    return content, count
