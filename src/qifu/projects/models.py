"""Key projects (重点项目, "三个一": one district leader, one responsible department, one project specialist), their
milestones and the applications and demands linked to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from qifu.projects.choices import MilestoneStatus, ProjectStage


class Project(models.Model):
    """A key project of one enterprise, followed by its specialist from signing to production."""

    name = models.CharField("项目名称", max_length=200)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="projects", verbose_name="项目企业"
    )
    leader_name = models.CharField("挂点区领导", max_length=50)
    department = models.ForeignKey(
        "orgs.Department", on_delete=models.PROTECT, related_name="projects", verbose_name="责任部门"
    )
    specialist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="projects", verbose_name="项目专员"
    )
    investment = models.DecimalField("总投资(万元)", max_digits=14, decimal_places=2)
    stage = models.CharField("项目阶段", max_length=20, choices=ProjectStage.choices)
    # Applications and demands of the project's enterprise that serve this project (linked from the project).
    applications = models.ManyToManyField(
        "applications.Application", blank=True, related_name="projects", verbose_name="关联办件"
    )
    demands = models.ManyToManyField("demands.Demand", blank=True, related_name="projects", verbose_name="关联诉求")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "重点项目"
        verbose_name_plural = "重点项目"
        ordering = ["-id"]
        indexes = [
            # The department staff's list (permissions.projects_visible_to) in id order.
            models.Index(fields=["department", "id"], name="project_dept_idx"),
            # The specialist's list and workbench in id order.
            models.Index(fields=["specialist", "id"], name="project_specialist_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Milestone(models.Model):
    """项目节点: one step of a project (签约 … 投产, or a custom one) with its planned and done dates. Its deadline
    (`due_at`, the end of the planned day) runs while it is planned; past it, the project is 滞后 (stalled)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones", verbose_name="项目")
    name = models.CharField("节点名称", max_length=50)
    planned_on = models.DateField("计划完成日期")
    done_on = models.DateField("实际完成日期", null=True, blank=True)
    status = models.CharField("状态", max_length=20, choices=MilestoneStatus.choices, default=MilestoneStatus.PLANNED)
    due_at = models.DateTimeField("完成期限")
    warning_at = models.DateTimeField("预警时间")
    note = models.CharField("完成情况", max_length=500, blank=True)
    reminded_at = models.DateTimeField("已提醒滞后", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "项目节点"
        verbose_name_plural = "项目节点"
        ordering = ["planned_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="one_milestone_name_per_project"),
        ]
        indexes = [
            # Planned milestones by deadline: the stalled filter (selectors.stalled_q), the workbench counts and
            # the reminder job (services.remind_stalled).
            models.Index(
                fields=["due_at"], condition=Q(status=MilestoneStatus.PLANNED), name="milestone_planned_due_idx"
            ),
            # Planned milestones by warning time: supervision's view and watcher (core.supervised.late_q).
            models.Index(
                fields=["warning_at"], condition=Q(status=MilestoneStatus.PLANNED), name="milestone_planned_warn_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.name}·{self.name}"
