"""The service catalogue (清单): items with versioned guides, materials and review checkpoints, bundles
(一件事) and value-added services (增值化服务清单)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from qifu.catalog.choices import ItemChannel, ValueAddedKind, VersionStatus


class ServiceItem(models.Model):
    """An administrative item (政务服务事项) of a department. Its content lives in versions: an application
    keeps the version it was filed under; `current` is the published one."""

    code = models.CharField("事项编码", max_length=40, unique=True)
    department = models.ForeignKey(
        "orgs.Department", on_delete=models.PROTECT, related_name="service_items", verbose_name="实施部门"
    )
    current = models.ForeignKey(
        "ItemVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="现行版本"
    )
    is_listed = models.BooleanField("已发布（对外公开）", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "政务服务事项"
        verbose_name_plural = "政务服务事项"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.current.name if self.current else ''}".strip()


class ItemVersion(models.Model):
    """One version of an item's guide (办事指南), time limits, fees and materials. Frozen once published."""

    item = models.ForeignKey(ServiceItem, on_delete=models.CASCADE, related_name="versions", verbose_name="事项")
    number = models.PositiveIntegerField("版本号")
    status = models.CharField("状态", max_length=12, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    name = models.CharField("事项名称", max_length=200)
    legal_days = models.PositiveSmallIntegerField("法定办结时限(工作日)", default=20)
    promised_days = models.PositiveSmallIntegerField("承诺办结时限(工作日)", default=10)
    joint = models.BooleanField("联合办理（法定45个工作日）", default=False)
    fees = models.CharField("收费标准", max_length=200, default="不收费")
    channel = models.CharField("办理渠道", max_length=10, choices=ItemChannel.choices, default=ItemChannel.BOTH)
    basis = models.TextField("设定依据", blank=True)
    conditions = models.TextField("受理条件", blank=True)
    process = models.TextField("办理流程", blank=True)
    location = models.CharField("办理地点", max_length=200, blank=True)
    phone = models.CharField("咨询电话", max_length=50, blank=True)
    deferral_allowed = models.BooleanField("纳入容缺受理目录", default=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="发布人",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "事项版本"
        verbose_name_plural = "事项版本"
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="item_version_number_once"),
            models.UniqueConstraint(fields=["item"], condition=Q(status="draft"), name="one_draft_per_item"),
        ]

    def __str__(self) -> str:
        return f"{self.name}（第{self.number}版）"


class MaterialRequirement(models.Model):
    """One material an item asks for; deferrable ones may come later under a commitment (容缺)."""

    version = models.ForeignKey(
        ItemVersion, on_delete=models.CASCADE, related_name="materials", verbose_name="事项版本"
    )
    name = models.CharField("材料名称", max_length=200)
    required = models.BooleanField("必需", default=True)
    deferrable = models.BooleanField("可容缺（次要材料）", default=False)
    copies = models.CharField("份数与形式", max_length=100, default="原件1份")
    note = models.CharField("填写说明", max_length=300, blank=True)
    form_template = models.FileField("空白表格", upload_to="catalog/forms/", blank=True)
    sample = models.FileField("示范文本", upload_to="catalog/samples/", blank=True)
    sort_order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.name


class ReviewCheckpoint(models.Model):
    """What the window checks on a material (审查要点)."""

    material = models.ForeignKey(
        MaterialRequirement, on_delete=models.CASCADE, related_name="checkpoints", verbose_name="材料"
    )
    text = models.CharField("审查要点", max_length=300)
    sort_order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "审查要点"
        verbose_name_plural = "审查要点"
        ordering = ["sort_order", "id"]

    def __str__(self) -> str:
        return self.text


class Bundle(models.Model):
    """一件事: several items handled as one case with one notice, one form, one set of materials."""

    code = models.CharField("编码", max_length=40, unique=True)
    name = models.CharField("名称", max_length=200)
    description = models.TextField("说明", blank=True)
    items = models.ManyToManyField(ServiceItem, related_name="bundles", verbose_name="包含事项")
    is_listed = models.BooleanField("已发布", default=False)

    class Meta:
        verbose_name = "一件事"
        verbose_name_plural = "一件事"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ValueAddedService(models.Model):
    """A service beyond the statutory items (增值化服务清单), with its provider."""

    kind = models.CharField("类别", max_length=12, choices=ValueAddedKind.choices)
    name = models.CharField("服务名称", max_length=200)
    provider = models.ForeignKey("orgs.Department", on_delete=models.PROTECT, related_name="+", verbose_name="提供单位")
    description = models.TextField("服务内容")
    contact = models.CharField("联系方式", max_length=100, blank=True)
    is_listed = models.BooleanField("已发布", default=True)

    class Meta:
        verbose_name = "增值化服务"
        verbose_name_plural = "增值化服务"
        ordering = ["kind", "id"]

    def __str__(self) -> str:
        return self.name
