"""Departments, parks, towns and grids: the organisations that serve enterprises."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from qifu.orgs.choices import DepartmentKind


class Department(models.Model):
    """A government unit (or a utility) that handles items and demands; the centre is one too."""

    code = models.CharField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=100, unique=True)
    short_name = models.CharField("简称", max_length=30, blank=True)
    kind = models.CharField("类型", max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.DEPARTMENT)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    # What the unit does for enterprises, in a few plain sentences; routing suggestions read it (issue 14).
    duties = models.TextField("对企服务职责", blank=True)
    is_active = models.BooleanField("启用", default=True)
    sort_order = models.PositiveIntegerField("排序", default=100)

    class Meta:
        verbose_name = "部门"
        verbose_name_plural = "部门"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class Park(models.Model):
    """An industrial park (产业功能区) with its management committee."""

    code = models.CharField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=100, unique=True)
    committee = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.SET_NULL, related_name="parks", verbose_name="管委会"
    )
    address = models.CharField("地址", max_length=200, blank=True)

    class Meta:
        verbose_name = "园区"
        verbose_name_plural = "园区"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Town(models.Model):
    """A town or street office (镇街)."""

    code = models.CharField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=100, unique=True)

    class Meta:
        verbose_name = "镇街"
        verbose_name_plural = "镇街"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Grid(models.Model):
    """A service grid: a set of enterprises in a town or park, with its grid officer ("1+1+X")."""

    code = models.CharField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=100)
    town = models.ForeignKey(
        Town, null=True, blank=True, on_delete=models.PROTECT, related_name="grids", verbose_name="镇街"
    )
    park = models.ForeignKey(
        Park, null=True, blank=True, on_delete=models.PROTECT, related_name="grids", verbose_name="园区"
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grids",
        verbose_name="网格员",
    )

    class Meta:
        verbose_name = "网格"
        verbose_name_plural = "网格"
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ServiceGroupMember(models.Model):
    """A member unit of the district service group (区级政务服务小组, seed 000): its liaison (分管负责同志) and its
    key staff member (业务骨干), who go to the parks on each enterprise service day. One row per unit."""

    department = models.OneToOneField(
        Department, on_delete=models.CASCADE, related_name="service_group_member", verbose_name="成员单位"
    )
    liaison_name = models.CharField("联络员（分管负责同志）", max_length=50)
    liaison_phone = models.CharField("联络员电话", max_length=30, blank=True)
    key_staff_name = models.CharField("业务骨干", max_length=50)
    key_staff_phone = models.CharField("业务骨干电话", max_length=30, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "区级政务服务小组成员单位"
        verbose_name_plural = "区级政务服务小组成员单位"
        ordering = ["department__sort_order", "department__code"]

    def __str__(self) -> str:
        return f"{self.department.name}：{self.liaison_name}、{self.key_staff_name}"
