"""Classes of problems (一类问题): demands grouped by category and similar text, with the root cause the centre
found, the systemic measure taken (优化一类服务), and the demands it covers."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class MeasureKind(models.TextChoices):
    DEFERRABLE = "deferrable", "纳入容缺受理目录"
    POLICY = "policy", "调整政策"
    PROCESS = "process", "优化办事流程"
    OTHER = "other", "其他"


class ProblemClass(models.Model):
    """One class of problems found by the monthly analysis and recorded by the centre. `keywords` hold the
    words of its demands that new demands are compared with to follow the effect of the measure."""

    title = models.CharField("问题名称", max_length=100)
    category = models.ForeignKey(
        "demands.DemandCategory", on_delete=models.PROTECT, related_name="+", verbose_name="诉求类别"
    )
    department = models.ForeignKey(
        "orgs.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="problem_classes",
        verbose_name="主要承办部门",
    )
    month = models.DateField("分析月份")
    sample = models.TextField("代表诉求文本")
    root_cause = models.TextField("根源分析")
    measure_kind = models.CharField("系统性措施类型", max_length=12, choices=MeasureKind.choices)
    measure = models.TextField("系统性措施（优化一类服务）")
    measure_on = models.DateField("措施实施日期")
    demands = models.ManyToManyField("demands.Demand", related_name="problem_classes", verbose_name="关联诉求")
    candidate = models.BooleanField("推荐为容缺受理目录候选", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "一类问题"
        verbose_name_plural = "一类问题"
        ordering = ["-id"]
        indexes = [
            # A department's candidates for the 容缺 catalogue (the classes page as a department sees it).
            models.Index(fields=["department", "candidate"], name="problem_class_department_idx"),
        ]

    def __str__(self) -> str:
        return self.title
