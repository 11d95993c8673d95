"""The weights of the monthly department assessment (绩效考核): one row per measure the centre has weighed; a
measure without a row counts with the default weight its app declared (core.assessment.Measure.weight)."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AssessmentWeight(models.Model):
    """The weight of one measure (by its code) in every department's score, set on the weights page."""

    code = models.CharField("指标代码", max_length=50, unique=True)
    weight = models.DecimalField("权重", max_digits=5, decimal_places=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="设置人"
    )
    updated_at = models.DateTimeField("设置时间", auto_now=True)

    class Meta:
        verbose_name = "考核指标权重"
        verbose_name_plural = "考核指标权重"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.weight}"
