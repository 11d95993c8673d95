"""Infrastructure records: the working-day calendar, the audit chain, notifications."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from qifu.core.choices import DayKind


class CalendarYear(models.Model):
    """One year's holiday arrangement; only a confirmed year's days change the Monday-Friday rule."""

    year = models.PositiveSmallIntegerField("年份", primary_key=True)
    confirmed = models.BooleanField("已确认", default=False)
    notice = models.CharField("依据(国务院办公厅通知)", max_length=200, blank=True)
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日年度安排"
        verbose_name_plural = "节假日年度安排"
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}年"


class CalendarDay(models.Model):
    """A day that differs from Monday-Friday: a statutory holiday or a make-up working day (调休上班)."""

    date = models.DateField("日期", unique=True)
    year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days", verbose_name="年份")
    kind = models.CharField("类型", max_length=20, choices=DayKind.choices)
    name = models.CharField("名称", max_length=50, blank=True)

    class Meta:
        verbose_name = "节假日/调休日"
        verbose_name_plural = "节假日/调休日"
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()} {self.name}"


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise TypeError("审计日志只能追加，不能修改")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise TypeError("审计日志只能追加，不能删除")


class AuditEvent(models.Model):
    """Append-only, hash-chained record of a change; written by core.audit.audit_record only.

    `hash` is SHA-256 over the previous row's hash and this row's content, so an edited or
    deleted row breaks the chain (manage.py verify_audit). The actor is kept as a plain id
    and label, not a foreign key, so that nothing can cascade into the chain.
    """

    at = models.DateTimeField("时间")
    actor_id = models.BigIntegerField("操作人ID", null=True)
    actor_label = models.CharField("操作人", max_length=150)
    action = models.CharField("动作", max_length=60)
    object_type = models.CharField("对象类型", max_length=60)
    object_id = models.CharField("对象ID", max_length=60)
    summary = models.CharField("摘要", max_length=500)
    data = models.JSONField("内容", default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "审计日志"
        verbose_name_plural = "审计日志"
        ordering = ["id"]
        indexes = [
            # The audit trail of one record (enterprise page, admin history, the audit log's object filter).
            models.Index(fields=["object_type", "object_id", "id"], name="audit_object_idx"),
            # The audit log filtered by person, by action, by period.
            models.Index(fields=["actor_id", "id"], name="audit_actor_idx"),
            models.Index(fields=["action", "id"], name="audit_action_idx"),
            models.Index(fields=["at"], name="audit_at_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.object_type}:{self.object_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise TypeError("审计日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise TypeError("审计日志只能追加，不能删除")


class AuditHead(models.Model):
    """The single row that holds the chain's tip; locked while appending so writers queue."""

    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = "审计链头"
        verbose_name_plural = "审计链头"

    def __str__(self) -> str:
        return f"#{self.last_id}"


class Notification(models.Model):
    """An in-app message to one user (the inbox)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", verbose_name="接收人"
    )
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    link = models.CharField("链接", max_length=300, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("已读时间", null=True, blank=True)

    class Meta:
        verbose_name = "通知"
        verbose_name_plural = "通知"
        ordering = ["-id"]
        indexes = [
            # The inbox and the unread badge: one user's newest messages, unread first.
            models.Index(fields=["recipient", "read_at", "-id"], name="notification_inbox_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class IdempotencyRecord(models.Model):
    """The first answer to a create request carrying an `Idempotency-Key`, replayed on repeats."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    endpoint = models.CharField(max_length=200)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "幂等请求"
        verbose_name_plural = "幂等请求"
        constraints = [models.UniqueConstraint(fields=["user", "key", "endpoint"], name="idempotency_once")]

    def __str__(self) -> str:
        return self.key


class TimelineEvent(models.Model):
    """One step in the life of a case (a demand, an application, a claim), in the order it happened.

    Each step carries two texts (DESIGN.md "Workflows": every note has a visibility): `note`, the staff's note
    (an assignment instruction, an approval note: internal), and `public`, the plain line the enterprise reads
    ("已交办至市场监督管理局，办理期限 12月07日"). The enterprise sees the step's label and `public` only, and
    not at all an `internal` step (a reminder, a consultation).
    """

    subject_type = models.CharField("对象类型", max_length=40)
    subject_id = models.BigIntegerField("对象ID")
    at = models.DateTimeField("时间")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="操作人",
    )
    actor_label = models.CharField("操作人", max_length=150)
    action = models.CharField("动作", max_length=40)
    note = models.TextField("内部说明", blank=True)
    public = models.TextField("企业可见说明", blank=True)
    internal = models.BooleanField("仅内部可见", default=False)
    data = models.JSONField("内容", default=dict, blank=True)

    class Meta:
        verbose_name = "办理过程"
        verbose_name_plural = "办理过程"
        ordering = ["at", "id"]
        indexes = [
            # A case's timeline on its page and in the API.
            models.Index(fields=["subject_type", "subject_id", "at"], name="timeline_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_type}:{self.subject_id} {self.action}"

    def text_for(self, staff: bool) -> str:
        """What a reader reads of the step: staff the note (or, without one, the public line); the enterprise
        the public line only."""
        return (self.note or self.public) if staff else self.public


class TrackingToken(models.Model):
    """The unguessable token of a case's public progress page (/t/<token>/, the QR code on its prints): one per
    case, made when the case is first recorded (core.workflow), keyed by the workflow's subject and the case id."""

    subject_type = models.CharField("对象类型", max_length=40)
    subject_id = models.BigIntegerField("对象ID")
    token = models.CharField("令牌", max_length=64, unique=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "进度查询码"
        verbose_name_plural = "进度查询码"
        constraints = [
            # One token per case; also the lookup of a case's token for its track_url.
            models.UniqueConstraint(fields=["subject_type", "subject_id"], name="tracking_token_once"),
        ]

    def __str__(self) -> str:
        return f"{self.subject_type}:{self.subject_id}"


class OutboxMessage(models.Model):
    """An email (later SMS) waiting to be sent; retried with back-off until sent, never dropped."""

    channel = models.CharField("渠道", max_length=10, default="email")
    recipient = models.CharField("收件人", max_length=254)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("内容")
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试")
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    last_error = models.CharField("最近错误", max_length=500, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "待发消息"
        verbose_name_plural = "待发消息"
        indexes = [
            # The sender's queue: unsent messages whose next attempt is due.
            models.Index(fields=["sent_at", "next_attempt_at"], name="outbox_due_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.recipient} {self.subject}"


class Job(models.Model):
    """A piece of background work queued in the database (core.tasks): the task's dotted path and its JSON
    arguments. `manage.py run_periodic` drains the queue; a failure is retried with back-off and, after the
    last attempt, kept with its error (failed_at), never dropped."""

    task = models.CharField("任务", max_length=200)
    args = models.JSONField("参数", default=list, blank=True)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    next_attempt_at = models.DateTimeField("下次尝试")
    done_at = models.DateTimeField("完成时间", null=True, blank=True)
    failed_at = models.DateTimeField("放弃时间", null=True, blank=True)
    last_error = models.TextField("最近错误", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "后台任务"
        verbose_name_plural = "后台任务"
        indexes = [
            # The drain's queue: open jobs whose next attempt is due.
            models.Index(
                fields=["next_attempt_at"],
                name="job_due_idx",
                condition=models.Q(done_at__isnull=True, failed_at__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task}{self.args}"


class PeriodicRun(models.Model):
    """When `manage.py run_periodic` last started a periodic job (core.periodic), so a restart does not run a
    nightly job again, and what its last failure was."""

    name = models.CharField("定时任务", max_length=100, primary_key=True)
    last_run_at = models.DateTimeField("最近运行")
    last_error = models.TextField("最近错误", blank=True)

    class Meta:
        verbose_name = "定时任务运行记录"
        verbose_name_plural = "定时任务运行记录"

    def __str__(self) -> str:
        return f"{self.name} {self.last_run_at}"


class DailyCount(models.Model):
    """The key of a dashboard's daily counter row (core.counters.bump_daily): a day, a dimension such as
    "department", and the id of the department (or category, item …). Subclasses add their counts."""

    day = models.DateField("日期")
    dimension = models.CharField("维度", max_length=12)
    key_id = models.BigIntegerField("统计对象ID")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.dimension} {self.key_id} {self.day}"


class DayNumberCounter(models.Model):
    """The last case number given out on a day (core.numbering.next_daily_number locks the row while numbering)."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.day} {self.last}"
