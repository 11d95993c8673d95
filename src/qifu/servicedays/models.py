"""Enterprise service days (企业服务日, seed 000): the weekly schedule of each park, the sessions generated from it,
the enterprises a park designates as service objects, the parks' demand lists, registrations and on-site records."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from qifu.servicedays.choices import WEEKDAYS, ListRowStatus, ServiceDayStatus, ServiceKind


class ServiceDaySchedule(models.Model):
    """The recurring rule: on this ISO weekday (1 Monday … 7 Sunday; seed 000: 3, Wednesday), at this time and
    place, the member units go to this park."""

    park = models.ForeignKey("orgs.Park", on_delete=models.PROTECT, related_name="service_day_schedules")
    weekday = models.PositiveSmallIntegerField("星期")
    start_time = models.TimeField("开始时间")
    place = models.CharField("地点", max_length=200)
    departments = models.ManyToManyField("orgs.Department", related_name="service_day_schedules")
    is_active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "企业服务日排期"
        verbose_name_plural = "企业服务日排期"
        ordering = ["weekday", "start_time", "pk"]

    def __str__(self) -> str:
        return f"{self.park} 每{self.weekday_label} {self.start_time:%H:%M}"

    @property
    def weekday_label(self) -> str:
        return WEEKDAYS.get(self.weekday, "")


class ServiceDay(models.Model):
    """One session on one date, copied from its schedule when generated (a later change of the schedule does not
    rewrite sessions already planned). `held` once closed with a summary; `cancelled` by the centre or, for a
    statutory holiday, by the calendar (`holiday` names it, so that a calendar change can restore the session)."""

    schedule = models.ForeignKey(ServiceDaySchedule, on_delete=models.PROTECT, related_name="sessions")
    park = models.ForeignKey("orgs.Park", on_delete=models.PROTECT, related_name="service_days")
    date = models.DateField("日期")
    starts_at = models.DateTimeField("开始时间")
    place = models.CharField("地点", max_length=200)
    departments = models.ManyToManyField("orgs.Department", related_name="service_days")
    status = models.CharField("状态", max_length=12, choices=ServiceDayStatus.choices, default=ServiceDayStatus.PLANNED)
    note = models.CharField("说明", max_length=200, blank=True)
    holiday = models.CharField("节假日", max_length=50, blank=True)
    summary = models.TextField("活动小结", blank=True)
    enterprises_served = models.PositiveIntegerField("服务企业数", default=0)
    records_count = models.PositiveIntegerField("服务记录数", default=0)
    demands_raised = models.PositiveIntegerField("形成诉求数", default=0)
    closed_at = models.DateTimeField("结束时间", null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "企业服务日"
        verbose_name_plural = "企业服务日"
        ordering = ["date", "starts_at"]
        constraints = [models.UniqueConstraint(fields=["schedule", "date"], name="service_day_once_per_schedule")]
        indexes = [
            # the calendar list and the figures: sessions of a park between two dates
            models.Index(fields=["park", "date"], name="service_day_park_date"),
            models.Index(fields=["date"], name="service_day_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.park}企业服务日"

    @property
    def number(self) -> str:
        """How timelines and notifications name a session."""
        return f"{self.date:%Y-%m-%d}{self.park.name}"


class Designation(models.Model):
    """服务对象认定: the park committee names an enterprise (or one of its projects) as a service object, with the
    park's fixed liaison who keeps in touch with it."""

    park = models.ForeignKey("orgs.Park", on_delete=models.PROTECT, related_name="designations")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="designations")
    project_name = models.CharField("项目名称", max_length=200, blank=True)
    liaison = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="designations", verbose_name="固定联络员"
    )
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    designated_on = models.DateField("认定日期")

    class Meta:
        verbose_name = "服务对象认定"
        verbose_name_plural = "服务对象认定"
        ordering = ["-designated_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "project_name"], name="designation_once_per_project")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.project_name}".strip()


class DemandList(models.Model):
    """企业需求清单: one park's list of its enterprises' needs, pushed by its liaison before a session."""

    service_day = models.ForeignKey(ServiceDay, on_delete=models.PROTECT, related_name="demand_lists")
    park = models.ForeignKey("orgs.Park", on_delete=models.PROTECT, related_name="demand_lists")
    note = models.CharField("说明", max_length=500, blank=True)
    pushed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pushed_at = models.DateTimeField("推送时间", auto_now_add=True)

    class Meta:
        verbose_name = "企业需求清单"
        verbose_name_plural = "企业需求清单"
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"{self.park}需求清单（{self.service_day.date}）"


class DemandListRow(models.Model):
    """One need on a list. The centre classifies it (window, requirement, time limit) and it becomes a demand
    with channel `service_day`."""

    demand_list = models.ForeignKey(DemandList, on_delete=models.CASCADE, related_name="rows")
    position = models.PositiveIntegerField("序号")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("需求", max_length=200)
    content = models.TextField("具体情况")
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    status = models.CharField("状态", max_length=12, choices=ListRowStatus.choices, default=ListRowStatus.PENDING)
    department = models.ForeignKey(
        "orgs.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="办理窗口"
    )
    requirement = models.TextField("办理要求", blank=True)
    days = models.PositiveSmallIntegerField("落实时限(工作日)", null=True, blank=True)
    demand = models.OneToOneField(
        "demands.Demand", null=True, blank=True, on_delete=models.PROTECT, related_name="demand_list_row"
    )
    classified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    classified_at = models.DateTimeField("分类时间", null=True, blank=True)

    class Meta:
        verbose_name = "需求清单条目"
        verbose_name_plural = "需求清单条目"
        ordering = ["demand_list", "position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class ServiceDayRegistration(models.Model):
    """报名: an enterprise signs up for a session with its topic and needs, once per session."""

    service_day = models.ForeignKey(ServiceDay, on_delete=models.PROTECT, related_name="registrations")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="+")
    topic = models.CharField("咨询主题", max_length=200)
    needs = models.TextField("需求", blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("报名时间", auto_now_add=True)

    class Meta:
        verbose_name = "企业服务日报名"
        verbose_name_plural = "企业服务日报名"
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["service_day", "enterprise"], name="registration_once_per_session")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise}：{self.topic}"


class ServiceDayRecord(models.Model):
    """现场服务记录: a service given on site to one enterprise by one member unit; a need that could not be
    settled there is raised as a demand (`demand`)."""

    service_day = models.ForeignKey(ServiceDay, on_delete=models.PROTECT, related_name="records")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.PROTECT, related_name="+")
    service = models.CharField("服务方式", max_length=12, choices=ServiceKind.choices)
    department = models.ForeignKey(
        "orgs.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="服务单位"
    )
    content = models.TextField("服务内容")
    demand = models.OneToOneField(
        "demands.Demand", null=True, blank=True, on_delete=models.PROTECT, related_name="service_day_record"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "现场服务记录"
        verbose_name_plural = "现场服务记录"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.enterprise} {self.get_service_display()}"
