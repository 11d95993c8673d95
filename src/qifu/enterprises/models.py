"""The enterprise register, its ledger, stewardship by officers, and spreadsheet imports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from qifu.enterprises.choices import ImportStatus, LedgerCategory, LifecycleStage, Scale


class Tag(models.Model):
    """A label such as 高新技术企业 or 专精特新; policies match on them."""

    name = models.CharField("名称", max_length=30, unique=True)
    sort_order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "企业标签"
        verbose_name_plural = "企业标签"
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class Enterprise(models.Model):
    """A registered business, identified by its 统一社会信用代码. Money is in 万元."""

    uscc = models.CharField("统一社会信用代码", max_length=18, unique=True)
    name = models.CharField("企业名称", max_length=200, db_index=True)
    legal_representative = models.CharField("法定代表人", max_length=50, blank=True)
    registered_capital = models.DecimalField("注册资本(万元)", max_digits=14, decimal_places=2, null=True, blank=True)
    established_on = models.DateField("成立日期", null=True, blank=True)
    industry_code = models.CharField("行业代码", max_length=5)
    scale = models.CharField("企业规模", max_length=10, choices=Scale.choices)
    park = models.ForeignKey(
        "orgs.Park",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name="所属园区",
    )
    town = models.ForeignKey(
        "orgs.Town",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enterprises",
        verbose_name="所属镇街",
    )
    grid = models.ForeignKey(
        "orgs.Grid",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="enterprises",
        verbose_name="所属网格",
    )
    lifecycle_stage = models.CharField(
        "生命周期阶段", max_length=20, choices=LifecycleStage.choices, default=LifecycleStage.OPERATION
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="enterprises", verbose_name="标签")
    employees = models.PositiveIntegerField("从业人数", null=True, blank=True)
    annual_revenue = models.DecimalField("年营业收入(万元)", max_digits=16, decimal_places=2, null=True, blank=True)
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    contact_email = models.EmailField("联系邮箱", blank=True)
    address = models.CharField("地址", max_length=200, blank=True)
    # 失信或信用受限: such an enterprise cannot use acceptance with deferred materials (容缺受理).
    credit_restricted = models.BooleanField("信用受限", default=False)
    # Bumped by every update; a PATCH or form that carries an older version gets 409.
    version = models.PositiveIntegerField("版本", default=1)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "企业"
        verbose_name_plural = "企业"
        indexes = [
            # Enterprise list filtered by park / scale / stage / industry, keyset-paged by id.
            models.Index(fields=["park", "id"], name="enterprise_park_idx"),
            models.Index(fields=["scale", "id"], name="enterprise_scale_idx"),
            models.Index(fields=["lifecycle_stage", "id"], name="enterprise_stage_idx"),
            models.Index(fields=["industry_code", "id"], name="enterprise_industry_idx"),
            models.Index(fields=["town", "id"], name="enterprise_town_idx"),
        ]

    def __str__(self) -> str:
        return self.name


class Stewardship(models.Model):
    """An officer assigned to an enterprise (包联) from one day to another; open while ended_on is empty."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="stewardships", verbose_name="企业"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="stewardships", verbose_name="助企干部"
    )
    started_on = models.DateField("开始日期")
    ended_on = models.DateField("结束日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name="指派人"
    )

    class Meta:
        verbose_name = "包联关系"
        verbose_name_plural = "包联关系"
        ordering = ["-started_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"], condition=Q(ended_on__isnull=True), name="one_open_stewardship_per_enterprise"
            ),
        ]
        indexes = [
            # The officer's scope: its current enterprises (core.access.restrict).
            models.Index(fields=["officer", "ended_on"], name="stewardship_officer_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.officer} → {self.enterprise}"


class LedgerEntry(models.Model):
    """A dated ledger (台账) entry on an enterprise's operations, difficulties or plans."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.CASCADE, related_name="ledger_entries", verbose_name="企业"
    )
    entry_date = models.DateField("日期")
    category = models.CharField("类别", max_length=20, choices=LedgerCategory.choices)
    content = models.TextField("内容")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="ledger_entries", verbose_name="记录人"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "企业台账"
        verbose_name_plural = "企业台账"
        ordering = ["-entry_date", "-id"]
        indexes = [
            # The ledger on the enterprise page, newest first.
            models.Index(fields=["enterprise", "-entry_date"], name="ledger_enterprise_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.entry_date}"


class ImportJob(models.Model):
    """One upload of an enterprise ledger spreadsheet, with its progress and row errors."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="导入人"
    )
    file = models.FileField("文件", upload_to="imports/%Y/%m/")
    filename = models.CharField("文件名", max_length=200)
    status = models.CharField("状态", max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    total_rows = models.PositiveIntegerField("总行数", default=0)
    processed_rows = models.PositiveIntegerField("已处理", default=0)
    created_count = models.PositiveIntegerField("新增企业", default=0)
    errors = models.JSONField("错误", default=list)
    message = models.CharField("说明", max_length=300, blank=True)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "企业导入"
        verbose_name_plural = "企业导入"
        ordering = ["-id"]

    def __str__(self) -> str:
        return self.filename

    @property
    def finished(self) -> bool:
        return self.status in (ImportStatus.SUCCEEDED, ImportStatus.FAILED)

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else (100 if self.finished else 0)
