"""The reform task list (改革任务清单, seed 001 附件3): each task with its lead and responsible units, a deadline (a
date, or long-term with a reporting cycle), and the progress its lead units report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class ReformTaskStatus(models.TextChoices):
    OPEN = "open", "推进中"
    DONE = "done", "已完成"


class ReportCycle(models.TextChoices):
    MONTHLY = "monthly", "每月报送"
    QUARTERLY = "quarterly", "每季度报送"


class ReformTask(models.Model):
    """One task of the list. A dated task is due at the end of `due_on`; a long-term task (长期坚持) has no end but
    is due to report each cycle, so its `due_at` is the end of its next report day (`next_report_on`): the one
    deadline column supervision watches (core.supervised.LateSource kind "reform_task")."""

    number = models.PositiveIntegerField("序号", unique=True)
    area = models.CharField("所属板块", max_length=100)
    title = models.CharField("主要任务", max_length=100)
    content = models.TextField("具体工作内容")
    lead_units = models.CharField("牵头单位（原文）", max_length=300, blank=True)
    responsible_units = models.CharField("责任单位（原文）", max_length=500, blank=True)
    lead_departments = models.ManyToManyField(
        "orgs.Department", related_name="led_reform_tasks", verbose_name="牵头单位"
    )
    responsible_departments = models.ManyToManyField(
        "orgs.Department", blank=True, related_name="shared_reform_tasks", verbose_name="责任单位"
    )
    # The first lead unit: the one answerable to supervision (reminders, orders, cards) and the assessment.
    department = models.ForeignKey(
        "orgs.Department", on_delete=models.PROTECT, related_name="reform_tasks", verbose_name="第一牵头单位"
    )
    deadline_text = models.CharField("完成时限（原文）", max_length=30, blank=True)
    due_on = models.DateField("完成时限", null=True, blank=True)
    long_term = models.BooleanField("长期坚持", default=False)
    report_cycle = models.CharField(
        "报送周期", max_length=10, choices=ReportCycle.choices, default=ReportCycle.MONTHLY, blank=True
    )
    next_report_on = models.DateField("下次报送日", null=True, blank=True)
    status = models.CharField("状态", max_length=10, choices=ReformTaskStatus.choices, default=ReformTaskStatus.OPEN)
    percent = models.PositiveSmallIntegerField("完成进度(%)", default=0)
    last_note = models.CharField("最新进展", max_length=1000, blank=True)
    last_reported_at = models.DateTimeField("最近报送时间", null=True, blank=True)
    done_on = models.DateField("完成日期", null=True, blank=True)
    due_at = models.DateTimeField("期限（含报送期限）")
    warning_at = models.DateTimeField("预警时间")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "改革任务"
        verbose_name_plural = "改革任务"
        ordering = ["number"]
        indexes = [
            # Open tasks by deadline: the light filter of the list (reform_selectors) and supervision's view of
            # late cases with its reminders (LateSource "reform_task").
            models.Index(fields=["due_at"], condition=Q(status="open"), name="reform_open_due_idx"),
            models.Index(fields=["warning_at"], condition=Q(status="open"), name="reform_open_warning_idx"),
            # The assessment's reform measure: a department's lead tasks (first lead unit).
            models.Index(fields=["department", "status"], name="reform_department_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ReformProgress(models.Model):
    """One progress report (进展报送): the percent reached and what was done, by a lead unit's staff or the centre."""

    task = models.ForeignKey(ReformTask, on_delete=models.CASCADE, related_name="reports", verbose_name="改革任务")
    percent = models.PositiveSmallIntegerField("完成进度(%)")
    note = models.TextField("进展情况")
    department = models.ForeignKey(
        "orgs.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="报送单位"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="报送人"
    )
    reported_on = models.DateField("报送日期")
    created_at = models.DateTimeField("报送时间", auto_now_add=True)

    class Meta:
        verbose_name = "改革任务进展"
        verbose_name_plural = "改革任务进展"
        ordering = ["-id"]
        indexes = [
            # A task's reports of a period: the task page and the assessment's reform measure.
            models.Index(fields=["task", "reported_on"], name="reform_progress_task_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.task.number} {self.percent}%"


class ReformAttachment(models.Model):
    """A file handed in with a progress report (minutes, photos, documents); only staff who may see the task
    download it, and every download is audited."""

    progress = models.ForeignKey(
        ReformProgress, on_delete=models.CASCADE, related_name="attachments", verbose_name="进展报送"
    )
    file = models.FileField("文件", upload_to="reform/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小(字节)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "改革任务进展附件"
        verbose_name_plural = "改革任务进展附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
