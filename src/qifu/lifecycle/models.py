"""Officers' full-lifecycle service (DB4106/T 98-2023): visits, service plans by stage with their tasks, and
the in-person assistance of departments' leaders (seed 002, item 7)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from qifu.enterprises.choices import LifecycleStage
from qifu.lifecycle.choices import AssistanceMode, PlanStatus, PlanTerminationReason, TaskStatus, VisitMode


class Visit(models.Model):
    """An officer's (or the park liaison's) visit to an enterprise (走访): what was found, the difficulties and the
    plans. It enters the enterprise's ledger; each difficulty raised becomes a demand with channel `visit`."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="visits", verbose_name="企业"
    )
    visited_on = models.DateField("走访日期")
    mode = models.CharField("走访方式", max_length=10, choices=VisitMode.choices)
    situation = models.TextField("企业情况")
    difficulties = models.TextField("困难问题", blank=True)
    plans = models.TextField("发展计划", blank=True)
    visitor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="visits", verbose_name="走访人"
    )
    ledger_entry = models.OneToOneField(
        "enterprises.LedgerEntry", on_delete=models.PROTECT, related_name="visit", verbose_name="台账"
    )
    demands = models.ManyToManyField("demands.Demand", blank=True, related_name="visits", verbose_name="转办诉求")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "走访记录"
        verbose_name_plural = "走访记录"
        ordering = ["-visited_on", "-id"]
        indexes = [
            # An enterprise's visits, newest first (its file, its card on the enterprise page).
            models.Index(fields=["enterprise", "-visited_on"], name="visit_enterprise_idx"),
            # An officer's own visits (the 走访服务 page).
            models.Index(fields=["visitor", "-visited_on"], name="visit_visitor_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.visited_on}"


class ServicePlan(models.Model):
    """A service plan (服务方案) for one stage of an enterprise's life, its tasks taken from §5. It ends completed,
    or terminated for one of the reasons of §6."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="service_plans", verbose_name="企业"
    )
    stage = models.CharField("生命周期阶段", max_length=20, choices=LifecycleStage.choices)
    goals = models.TextField("服务目标")
    deregistration_reason = models.TextField("注销原因", blank=True)  # §5.5.1, for a 注销 plan
    status = models.CharField("状态", max_length=20, choices=PlanStatus.choices, default=PlanStatus.ACTIVE)
    termination_reason = models.CharField("终止原因", max_length=1, choices=PlanTerminationReason.choices, blank=True)
    termination_note = models.TextField("终止说明", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="制定人"
    )
    created_at = models.DateTimeField("制定时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "服务方案"
        verbose_name_plural = "服务方案"
        ordering = ["-id"]
        indexes = [
            # An enterprise's plans (its file, its card), and the plan list filtered by status.
            models.Index(fields=["enterprise", "-id"], name="plan_enterprise_idx"),
            models.Index(fields=["status", "-id"], name="plan_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_stage_display()}服务方案"


class PlanTask(models.Model):
    """One task of a plan (a §5 clause or the officer's own), with its due date, progress and deadline light."""

    plan = models.ForeignKey(ServicePlan, on_delete=models.CASCADE, related_name="tasks", verbose_name="服务方案")
    title = models.CharField("服务内容", max_length=300)
    due_on = models.DateField("完成期限")
    due_at = models.DateTimeField("到期时间")
    warning_at = models.DateTimeField("预警时间")
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    progress_note = models.CharField("进展说明", max_length=500, blank=True)
    status = models.CharField("状态", max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "服务任务"
        verbose_name_plural = "服务任务"
        ordering = ["due_on", "id"]
        indexes = [
            # Open tasks by deadline: the lights on the workbench and, later, supervision's late cases.
            models.Index(fields=["due_at"], condition=Q(status=TaskStatus.OPEN), name="plantask_open_due_idx"),
            # Open tasks by warning time: supervision's view and watcher (core.supervised.late_q).
            models.Index(fields=["warning_at"], condition=Q(status=TaskStatus.OPEN), name="plantask_open_warn_idx"),
        ]

    def __str__(self) -> str:
        return self.title[:40]


class LeaderAssistance(models.Model):
    """A department leader's in-person assistance (领导干部帮办): accompanying or experiencing a matter at a
    window, what they found, and the demand a finding was raised as."""

    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assistances", verbose_name="领导干部"
    )
    department = models.ForeignKey(
        "orgs.Department", on_delete=models.PROTECT, related_name="assistances", verbose_name="部门"
    )
    assisted_on = models.DateField("帮办日期")
    mode = models.CharField("帮办方式", max_length=20, choices=AssistanceMode.choices)
    matter = models.CharField("办理事项", max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistances",
        verbose_name="服务企业",
    )
    findings = models.TextField("发现的问题", blank=True)
    measures = models.TextField("解决措施", blank=True)
    demand = models.OneToOneField(
        "demands.Demand",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assistance",
        verbose_name="转为诉求",
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "领导帮办"
        verbose_name_plural = "领导帮办"
        ordering = ["-assisted_on", "-id"]
        indexes = [
            # A department's records by year (the list; who has none this year).
            models.Index(fields=["department", "-assisted_on"], name="assist_department_idx"),
            models.Index(fields=["leader", "-assisted_on"], name="assist_leader_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.leader} {self.assisted_on} {self.matter}"
