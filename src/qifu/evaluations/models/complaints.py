"""Complaints (投诉) and special studies (专题研究, 003 §7.2.5).

A complaint is a demand: it comes in through the 办不成事反映窗口 or 诚信建设投诉窗口 (channels `fallback_window`,
`integrity_window`) or as a demand of kind `complaint` from any channel. `Complaint` adds what the demand does not
say: the unit complained of, the staff member when known, the matter, and whether it is major. Three complaints
about the same unit or matter within 90 days, or one major complaint, open a `SpecialStudy`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from qifu.evaluations.complaint_choices import StudyStatus, StudyTrigger


class SpecialStudy(models.Model):
    """A study of major or repeated complaints: its cause, its measures and a follow-up check of their effect.

    `key` is what the study is about ("unit:<department id>" or "subject:<matter>"); at most one study per key is
    open at a time (the partial unique constraint), so a new complaint joins the open study instead of opening
    another.
    """

    key = models.CharField("研究对象键", max_length=120)
    trigger = models.CharField("启动原因", max_length=20, choices=StudyTrigger.choices)
    department = models.ForeignKey(
        "orgs.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="被投诉单位",
    )
    subject = models.CharField("投诉事项", max_length=100, blank=True)
    title = models.CharField("研究题目", max_length=200)
    status = models.CharField("状态", max_length=20, choices=StudyStatus.choices, default=StudyStatus.OPEN)
    cause = models.TextField("原因分析", blank=True)
    measures = models.TextField("整改措施", blank=True)
    check_on = models.DateField("效果检查日期", null=True, blank=True)
    effect = models.TextField("效果检查情况", blank=True)
    effective = models.BooleanField("措施有效", null=True, blank=True)
    opened_at = models.DateTimeField("启动时间", auto_now_add=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "专题研究"
        verbose_name_plural = "专题研究"
        constraints = [
            # The service's "join the open study" rule, held by the database too (two intakes at once).
            models.UniqueConstraint(fields=["key"], condition=~Q(status="closed"), name="evaluations_one_open_study"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def number(self) -> str:
        return f"ZT{self.opened_at:%Y}{self.pk:04d}" if self.opened_at else f"ZT{self.pk:04d}"


class Complaint(models.Model):
    """What a complaint demand is about: the unit complained of, the staff member when known, the matter, and
    whether the centre judges it major. Set when the complaint is registered, or later by the centre."""

    demand = models.OneToOneField(
        "demands.Demand", on_delete=models.CASCADE, related_name="complaint", verbose_name="诉求"
    )
    department = models.ForeignKey(
        "orgs.Department", on_delete=models.PROTECT, related_name="+", verbose_name="被投诉单位"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="被投诉工作人员",
    )
    subject = models.CharField("投诉事项", max_length=100, blank=True)
    major = models.BooleanField("重大投诉", default=False)
    received_at = models.DateTimeField("投诉时间")
    studies = models.ManyToManyField(SpecialStudy, blank=True, related_name="complaints", verbose_name="专题研究")
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="认定人"
    )
    created_at = models.DateTimeField("认定时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "投诉对象"
        verbose_name_plural = "投诉对象"
        indexes = [
            # The 90-day repeat count per unit (complaint_services._repeats).
            models.Index(fields=["department", "received_at"], name="eval_complaint_unit_idx"),
            # The 90-day repeat count per matter.
            models.Index(fields=["subject", "received_at"], name="eval_complaint_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.demand.number} {self.department}"
