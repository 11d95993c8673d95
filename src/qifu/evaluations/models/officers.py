"""Officers' evaluation (003 §7.1): questionnaires to an officer's enterprises and a third party's results. The
self-evaluation is computed from the officer's own records (officer_selectors), not stored."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from qifu.evaluations.complaint_choices import AnswerVia


class Survey(models.Model):
    """A questionnaire about one officer's service in a period, sent to the enterprises the officer stewards."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="助企干部"
    )
    period_start = models.DateField("评价期间起")
    period_end = models.DateField("评价期间止")
    closes_on = models.DateField("截止日期")
    note = models.CharField("说明", max_length=500, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="发起人"
    )
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        verbose_name = "评价问卷"
        verbose_name_plural = "评价问卷"
        indexes = [
            # An officer's scorecard reads its questionnaires.
            models.Index(fields=["officer", "period_start"], name="eval_survey_officer_idx"),
        ]

    def __str__(self) -> str:
        return f"助企干部服务满意度调查 {self.period_start}至{self.period_end}"


class SurveyResponse(models.Model):
    """One enterprise's answer sheet: empty until answered, online or through its no-login link (`token`)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses", verbose_name="问卷")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="+", verbose_name="企业"
    )
    token = models.CharField("免登录链接令牌", max_length=40, unique=True)
    ability = models.PositiveSmallIntegerField("业务能力", null=True, blank=True)
    attitude = models.PositiveSmallIntegerField("服务态度", null=True, blank=True)
    efficiency = models.PositiveSmallIntegerField("服务效率", null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField("总体满意度", null=True, blank=True)
    plan = models.PositiveSmallIntegerField("服务方案", null=True, blank=True)
    process = models.PositiveSmallIntegerField("服务过程规范", null=True, blank=True)
    on_time = models.PositiveSmallIntegerField("按时办结", null=True, blank=True)
    complaint_handling = models.PositiveSmallIntegerField("投诉处理及时", null=True, blank=True)
    comment = models.TextField("意见建议", blank=True)
    answered_at = models.DateTimeField("填写时间", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="填写人",
    )
    via = models.CharField("填写方式", max_length=10, choices=AnswerVia.choices, blank=True)

    class Meta:
        verbose_name = "问卷答卷"
        verbose_name_plural = "问卷答卷"
        constraints = [models.UniqueConstraint(fields=["survey", "enterprise"], name="evaluations_one_answer_sheet")]

    def __str__(self) -> str:
        return f"{self.enterprise} 的答卷"


class ThirdPartyResult(models.Model):
    """A third party's evaluation of one officer for a period, imported from its .xlsx (scores 0-100)."""

    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="助企干部"
    )
    agency = models.CharField("评价机构", max_length=100)
    period_start = models.DateField("评价期间起")
    period_end = models.DateField("评价期间止")
    score_a = models.DecimalField("业务能力与服务", max_digits=5, decimal_places=1)
    score_b = models.DecimalField("服务方案", max_digits=5, decimal_places=1)
    score_c = models.DecimalField("服务过程", max_digits=5, decimal_places=1)
    score_d = models.DecimalField("按时办结", max_digits=5, decimal_places=1)
    score_e = models.DecimalField("投诉处理", max_digits=5, decimal_places=1)
    overall = models.DecimalField("综合得分", max_digits=5, decimal_places=1)
    note = models.CharField("备注", max_length=500, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="导入人"
    )
    imported_at = models.DateTimeField("导入时间", auto_now_add=True)
    source_name = models.CharField("来源文件", max_length=200)

    class Meta:
        verbose_name = "第三方评价结果"
        verbose_name_plural = "第三方评价结果"
        constraints = [
            # Importing the same file twice replaces nothing silently: the second time is refused per row.
            models.UniqueConstraint(
                fields=["officer", "agency", "period_start", "period_end"], name="evaluations_one_third_party_result"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency} 评价 {self.officer} {self.period_start}至{self.period_end}"
