"""Supervision orders (督办单) and 电子监察 cards (黄牌 / 红牌) on late cases of every kind.

A case is named by its source (`kind`, `step`: core.supervised.LateSource) and its id; its number, title and
department are copied when the row is written, so the lists and counts per unit and per person read these
tables alone. A card is issued once per deadline and colour (the unique constraint is the watcher's mark): a
deadline moved by an extension is a new deadline, and earns its own cards.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class CardColor(models.TextChoices):
    YELLOW = "yellow", "黄牌"
    RED = "red", "红牌"


class Card(models.Model):
    """One 电子监察 card: a 黄牌 when a case turned `warning`, a 红牌 when it turned `overdue`."""

    kind = models.CharField("案件类型", max_length=30)
    step = models.CharField("环节", max_length=30, blank=True)
    case_id = models.PositiveBigIntegerField("案件ID")
    number = models.CharField("编号", max_length=40, blank=True)
    title = models.CharField("标题", max_length=300, blank=True)
    department = models.ForeignKey(
        "orgs.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="责任单位"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="责任人",
    )
    due_at = models.DateTimeField("期限")
    color = models.CharField("牌色", max_length=10, choices=CardColor.choices)
    issued_at = models.DateTimeField("亮牌时间")
    note = models.CharField("监察批注", max_length=500, blank=True)
    annotated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="批注人",
    )
    annotated_at = models.DateTimeField("批注时间", null=True, blank=True)

    class Meta:
        verbose_name = "电子监察亮牌"
        verbose_name_plural = "电子监察亮牌"
        constraints = [
            # Once per deadline and colour: the watcher's mark (a second worker's insert fails and it skips).
            models.UniqueConstraint(fields=["kind", "step", "case_id", "due_at", "color"], name="card_once_idx"),
        ]
        indexes = [
            # The cards page, newest first, and the counts per unit (assessment: cards received per month).
            models.Index(fields=["department", "issued_at"], name="card_department_idx"),
            # The counts per person.
            models.Index(fields=["person", "issued_at"], name="card_person_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_color_display()} {self.number}"

    @property
    def key(self) -> str:
        """Its source's name (core.supervised.LateSource.key)."""
        return f"{self.kind}:{self.step}" if self.step else self.kind


class SupervisionOrder(models.Model):
    """A supervision order (督办单) to the department answerable for a late case: sent by the watcher when the
    case turned overdue (`auto`) or by the centre or the supervisor from the supervision view. The department
    head reads it on the workbench and answers it (`reply`)."""

    kind = models.CharField("案件类型", max_length=30)
    step = models.CharField("环节", max_length=30, blank=True)
    case_id = models.PositiveBigIntegerField("案件ID")
    number = models.CharField("编号", max_length=40, blank=True)
    title = models.CharField("标题", max_length=300, blank=True)
    link = models.CharField("案件页面", max_length=200, blank=True)
    department = models.ForeignKey(
        "orgs.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="督办单位"
    )
    due_at = models.DateTimeField("期限", null=True, blank=True)
    note = models.CharField("督办意见", max_length=500)
    auto = models.BooleanField("系统自动督办", default=False)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="督办人",
    )
    sent_at = models.DateTimeField("督办时间")
    reply = models.CharField("办理反馈", max_length=500, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="反馈人",
    )
    replied_at = models.DateTimeField("反馈时间", null=True, blank=True)

    class Meta:
        verbose_name = "督办单"
        verbose_name_plural = "督办单"
        indexes = [
            # A department's orders (its head's to-do: those not yet answered) and the assessment's monthly count.
            models.Index(fields=["department", "sent_at"], name="order_department_idx"),
            # One case's orders, on the supervision view.
            models.Index(fields=["kind", "case_id"], name="order_case_idx"),
        ]

    def __str__(self) -> str:
        return f"督办 {self.number}"
