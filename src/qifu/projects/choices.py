"""A key project's stages and its milestones' statuses and default names."""

from django.db import models


class ProjectStage(models.TextChoices):
    PREPARING = "preparing", "前期谋划"
    SIGNED = "signed", "已签约"
    CONSTRUCTION = "construction", "在建"
    COMPLETED = "completed", "已竣工"
    PRODUCTION = "production", "已投产"


class MilestoneStatus(models.TextChoices):
    PLANNED = "planned", "未完成"
    DONE = "done", "已完成"


# The milestones every key project runs through (seed 001, 全流程帮办), offered when a project is created.
DEFAULT_MILESTONES = ("签约", "立项用地", "建设许可", "施工许可", "消防审验", "竣工验收", "投产")
