"""Ratings (好差评) of every service and the rectification case (差评整改) a bad review opens.

One rating per service (`subject_type`, `subject_id`): a demand, an application, a policy claim, an appointment
or a service-day record. The demand follow-up's satisfaction and the claim's stars are stored here too, so that
every satisfaction figure reads one table. An `excluded` rating (a mistaken or malicious one, excluded by the
centre on appeal) counts in no figure.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from qifu.evaluations.choices import Channel, Level, RectificationStatus, SubjectType


class Rating(models.Model):
    """One enterprise's rating of one service, naming the unit and the staff member who served."""

    subject_type = models.CharField("评价对象", max_length=30, choices=SubjectType.choices)
    subject_id = models.PositiveBigIntegerField("对象编号")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="ratings", verbose_name="评价企业"
    )
    department = models.ForeignKey(
        "orgs.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings",
        verbose_name="服务部门",
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings_received",
        verbose_name="服务人员",
    )
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ratings_given",
        verbose_name="评价人",
    )
    level = models.PositiveSmallIntegerField("评价等级", choices=Level.choices)
    reasons = models.JSONField("评价原因", default=list, blank=True)
    comment = models.CharField("评价内容", max_length=500, blank=True)
    channel = models.CharField("评价渠道", max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    created_at = models.DateTimeField("评价时间", auto_now_add=True)
    excluded = models.BooleanField("已剔除", default=False)

    class Meta:
        verbose_name = "服务评价"
        verbose_name_plural = "服务评价"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["subject_type", "subject_id"], name="one_rating_per_service"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="rating_level_1_to_5"),
        ]
        indexes = [
            # The summary of a period and of one department (selectors.rating_summary).
            models.Index(fields=["created_at"], name="rating_created_idx"),
            models.Index(fields=["department", "created_at"], name="rating_dept_created_idx"),
            models.Index(fields=["staff", "created_at"], name="rating_staff_created_idx"),
            models.Index(fields=["enterprise", "id"], name="rating_enterprise_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_type_display()}#{self.subject_id} {self.get_level_display()}"

    @property
    def is_bad(self) -> bool:
        return self.level <= Level.BAD


class Rectification(models.Model):
    """差评整改: the case a bad review opens for the unit that served. It runs 回访核实 (callback), 整改 (measures),
    and the report of the result to the enterprise (closes); the unit may appeal, and the centre decides whether
    the rating is excluded. Due QIFU_RECTIFY_DAYS working days after the rating."""

    number = models.CharField("编号", max_length=20, unique=True)
    rating = models.OneToOneField(Rating, on_delete=models.PROTECT, related_name="rectification", verbose_name="差评")
    department = models.ForeignKey(
        "orgs.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rectifications",
        verbose_name="整改部门",
    )
    title = models.CharField("事项", max_length=200)
    status = models.CharField(
        "状态", max_length=20, choices=RectificationStatus.choices, default=RectificationStatus.OPEN
    )
    due_at = models.DateTimeField("整改期限")
    warning_at = models.DateTimeField("预警时间")
    callback_note = models.CharField("回访核实情况", max_length=1000, blank=True)
    called_back_at = models.DateTimeField("回访时间", null=True, blank=True)
    measures = models.CharField("整改措施", max_length=2000, blank=True)
    rectified_at = models.DateTimeField("整改时间", null=True, blank=True)
    result = models.CharField("整改结果", max_length=2000, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    appeal_reason = models.CharField("申诉理由", max_length=1000, blank=True)
    decision_note = models.CharField("复核意见", max_length=1000, blank=True)
    created_at = models.DateTimeField("立案时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "差评整改"
        verbose_name_plural = "差评整改"
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["department", "id"], name="rectify_dept_idx"),
            # The running cases by deadline: lights, the supervision watcher.
            models.Index(
                fields=["due_at"],
                condition=Q(status__in=["open", "called_back", "rectified"]),
                name="rectify_open_due_idx",
            ),
            models.Index(
                fields=["warning_at"],
                condition=Q(status__in=["open", "called_back", "rectified"]),
                name="rectify_open_warning_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"
