"""Applications (办件) for catalogue items and bundles: materials, the one-time notice, commitments for
deferred materials, entrustments of agents, handovers, clock pauses and deliveries."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from qifu.applications.choices import (
    TIMED_STATUSES,
    ApplicationStatus,
    AppointmentStatus,
    DeliveryMethod,
    MaterialState,
    Mode,
    TerminationReason,
    Window,
)
from qifu.core.models import DailyCount, DayNumberCounter


class Entrustment(models.Model):
    """The enterprise's written authorisation (委托书) of an agent (代办员): who, for what, until when."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="entrustments", verbose_name="委托企业"
    )
    agent_name = models.CharField("代办人姓名", max_length=50)
    agent_phone = models.CharField("代办人电话", max_length=30)
    agent_id_number = models.CharField("代办人身份证号", max_length=18)
    scope = models.CharField("委托事项范围", max_length=300)
    valid_until = models.DateField("委托有效期至")
    revoked_at = models.DateTimeField("撤销时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="登记人"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "委托书"
        verbose_name_plural = "委托书"

    def __str__(self) -> str:
        return f"{self.agent_name}（{self.scope}）"


class ApplicationCounter(DayNumberCounter):
    """The last case number of a day (BJ + date + 5 digits)."""

    class Meta:
        verbose_name = "办件编号计数"
        verbose_name_plural = "办件编号计数"


class Application(models.Model):
    """One case of an item (or of a bundle: a parent with one child per item, reviewed in parallel).

    Clocks, all in working days, one running at a time and stored as `due_at` / `warning_at` (its light is
    `WORKFLOW.light`): while submitted, the Art. 32 limit for the one-time notice from submission (missed:
    deemed accepted); accepted and in review, the decision deadline from acceptance (the item's promised days,
    plus approved extensions, plus paused days; none while paused); approved or denied, the delivery of the
    result within 10 days of the decision.
    """

    number = models.CharField("受理编号", max_length=20, unique=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="applications", verbose_name="申请企业"
    )
    item_version = models.ForeignKey(
        "catalog.ItemVersion",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="事项版本",
    )
    bundle = models.ForeignKey(
        "catalog.Bundle",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="一件事",
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", verbose_name="所属一件事办件"
    )
    department = models.ForeignKey(
        "orgs.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name="审批部门",
    )
    mode = models.CharField("办理方式", max_length=10, choices=Mode.choices, default=Mode.SELF)
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="帮办人",
    )
    entrustment = models.ForeignKey(
        Entrustment, null=True, blank=True, on_delete=models.PROTECT, related_name="applications", verbose_name="委托书"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="提交人"
    )
    green_channel = models.BooleanField("绿色通道", default=False)
    status = models.CharField(
        "状态", max_length=24, choices=ApplicationStatus.choices, default=ApplicationStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField("提交时间")
    deemed_accepted = models.BooleanField("逾期未告知视为受理", default=False)
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    deadline_start = models.DateField("审批时限起算日", null=True, blank=True)
    days_total = models.PositiveSmallIntegerField("审批时限(工作日，含延长)", null=True, blank=True)
    paused_days = models.PositiveSmallIntegerField("暂停计时(工作日)", default=0)
    paused_since = models.DateField("暂停计时起", null=True, blank=True)
    pause_reason = models.CharField("暂停原因", max_length=300, blank=True)
    due_at = models.DateTimeField("当前期限", null=True, blank=True)
    warning_at = models.DateTimeField("预警时间", null=True, blank=True)
    calendar_confirmed = models.BooleanField("日历已确认", default=True)
    # The handover's own clock (流转): accepted, handed to the department within QIFU_HANDOVER_DAYS working days
    # (supervision watches it as the step "handover"; it runs while the status is accepted).
    handover_due_at = models.DateTimeField("流转期限", null=True, blank=True)
    handover_warning_at = models.DateTimeField("流转预警时间", null=True, blank=True)
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)
    delivered_at = models.DateTimeField("出件时间", null=True, blank=True)
    # The decision document (许可证、批准文件或不予许可决定书), downloaded by the enterprise after the decision.
    result_file = models.FileField("审批结果文件", upload_to="results/%Y/%m/", blank=True)
    termination_reason = models.CharField("终止原因", max_length=1, choices=TerminationReason.choices, blank=True)
    refusal_reason = models.TextField("不予受理理由", blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "办件"
        verbose_name_plural = "办件"
        indexes = [
            # Window and department lists by status, keyset-paged.
            models.Index(fields=["status", "id"], name="application_status_idx"),
            models.Index(fields=["department", "status", "id"], name="application_department_idx"),
            models.Index(fields=["enterprise", "status"], name="application_enterprise_idx"),
            # The running clocks: the list's `?light=` filter (WORKFLOW.light_q), the workbench counts and the
            # watch's deemed acceptance read these, never a scan.
            models.Index(fields=["due_at"], condition=Q(status__in=TIMED_STATUSES), name="application_due_idx"),
            models.Index(fields=["warning_at"], condition=Q(status__in=TIMED_STATUSES), name="application_warning_idx"),
            # Accepted and not yet handed over: supervision's watch of the handover step and its view.
            models.Index(
                fields=["handover_warning_at"],
                condition=Q(status=ApplicationStatus.ACCEPTED),
                name="application_handover_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(item_version__isnull=False) | Q(bundle__isnull=False), name="application_has_subject"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def title(self) -> str:
        if self.bundle_id and self.bundle:
            return self.bundle.name
        return self.item_version.name if self.item_version else ""


class SubmittedMaterial(models.Model):
    """One required material of the application and what happened to it at the window."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="materials", verbose_name="办件"
    )
    requirement = models.ForeignKey(
        "catalog.MaterialRequirement", on_delete=models.PROTECT, related_name="+", verbose_name="材料要求"
    )
    state = models.CharField("状态", max_length=10, choices=MaterialState.choices, default=MaterialState.MISSING)
    problem = models.CharField("问题", max_length=300, blank=True)
    deferred_due = models.DateField("容缺补交期限", null=True, blank=True)
    file = models.FileField("文件", upload_to="applications/%Y/%m/", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "申请材料"
        verbose_name_plural = "申请材料"
        ordering = ["requirement__sort_order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "requirement"], name="one_row_per_requirement"),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.requirement_id}"


class CorrectionNotice(models.Model):
    """The one-time notice (一次性告知单): every problem at once; printable."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notices", verbose_name="办件")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="告知人"
    )
    issued_at = models.DateTimeField("告知时间", auto_now_add=True)
    problems = models.JSONField("问题清单")  # [{"requirement_id", "material", "problem"}]
    corrected_at = models.DateTimeField("补正时间", null=True, blank=True)

    class Meta:
        verbose_name = "一次性告知单"
        verbose_name_plural = "一次性告知单"
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"告知单 {self.application_id}"


class Commitment(models.Model):
    """告知承诺书: the applicant promises to supply the deferred materials by `due_date`."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="commitment", verbose_name="办件"
    )
    due_date = models.DateField("补交期限")
    signed_by = models.CharField("承诺人", max_length=50)
    created_at = models.DateTimeField("签署时间", auto_now_add=True)
    fulfilled_at = models.DateTimeField("履行时间", null=True, blank=True)
    broken_at = models.DateTimeField("违诺时间", null=True, blank=True)

    class Meta:
        verbose_name = "告知承诺书"
        verbose_name_plural = "告知承诺书"

    def __str__(self) -> str:
        return f"承诺 {self.application_id} {self.due_date}"


class Handover(models.Model):
    """流转: who handed what to whom, when (window to department, department back to the output window)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="handovers", verbose_name="办件"
    )
    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="移交人"
    )
    to_department = models.ForeignKey(
        "orgs.Department", on_delete=models.PROTECT, related_name="+", verbose_name="接收部门"
    )
    note = models.CharField("交接说明", max_length=300, blank=True)
    at = models.DateTimeField("交接时间", auto_now_add=True)

    class Meta:
        verbose_name = "流转记录"
        verbose_name_plural = "流转记录"

    def __str__(self) -> str:
        return f"流转 {self.application_id}"


class Delivery(models.Model):
    """出件登记: the result handed over at the output window or sent by free express."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="delivery", verbose_name="办件"
    )
    method = models.CharField("出件方式", max_length=10, choices=DeliveryMethod.choices)
    collected_by = models.CharField("领取人", max_length=50, blank=True)
    tracking_number = models.CharField("快递单号", max_length=60, blank=True)
    delivered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="出件人"
    )
    at = models.DateTimeField("出件时间", auto_now_add=True)

    class Meta:
        verbose_name = "出件登记"
        verbose_name_plural = "出件登记"

    def __str__(self) -> str:
        return f"出件 {self.application_id}"


class AppointmentSlot(models.Model):
    """How many appointments a window holds for one half hour: booked with a compare-and-set below capacity."""

    window = models.CharField("窗口", max_length=20, choices=Window.choices)
    day = models.DateField("日期")
    slot = models.CharField("时段", max_length=5)
    booked = models.PositiveIntegerField("已预约", default=0)

    class Meta:
        verbose_name = "预约时段"
        verbose_name_plural = "预约时段"
        constraints = [models.UniqueConstraint(fields=["window", "day", "slot"], name="one_row_per_window_slot")]

    def __str__(self) -> str:
        return f"{self.get_window_display()} {self.day} {self.slot}"


class Appointment(models.Model):
    """An enterprise's booking of a half hour at a hall window (预约办事), for an item, a bundle or a case."""

    number = models.CharField("预约号", max_length=20, unique=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="appointments", verbose_name="企业"
    )
    window = models.CharField("窗口", max_length=20, choices=Window.choices)
    day = models.DateField("日期")
    slot = models.CharField("时段", max_length=5)
    item = models.ForeignKey(
        "catalog.ServiceItem", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="事项"
    )
    bundle = models.ForeignKey(
        "catalog.Bundle", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="一件事"
    )
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="appointments", verbose_name="办件"
    )
    purpose = models.CharField("办理事由", max_length=200)
    visitor_name = models.CharField("到场人", max_length=50)
    visitor_phone = models.CharField("联系电话", max_length=30)
    status = models.CharField(
        "状态", max_length=20, choices=AppointmentStatus.choices, default=AppointmentStatus.BOOKED
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="预约人"
    )
    created_at = models.DateTimeField("预约时间", auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="处理人",
    )
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "预约"
        verbose_name_plural = "预约"
        ordering = ["day", "slot", "id"]
        constraints = [
            # An enterprise holds one live booking per half hour.
            models.UniqueConstraint(
                fields=["enterprise", "day", "slot"],
                condition=Q(status="booked"),
                name="one_live_booking_per_enterprise_slot",
            ),
        ]
        indexes = [models.Index(fields=["day", "window", "slot"], name="appointment_day_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.day} {self.slot}"


class AppointmentCounter(DayNumberCounter):
    """The last appointment number of a day (YY + date + 5 digits)."""

    class Meta:
        verbose_name = "预约编号计数"
        verbose_name_plural = "预约编号计数"


class ApplicationDailyCount(DailyCount):
    """Daily counters of item-level applications (a bundle counts through its children) per department and,
    separately, per catalogue item, bumped in the transaction of each event (core.counters).

    按时办结率 = decided_on_time / decided."""

    # dimension: "department" or "item"
    accepted = models.PositiveIntegerField(default=0)
    decided = models.PositiveIntegerField(default=0)
    decided_on_time = models.PositiveIntegerField(default=0)
    delivered = models.PositiveIntegerField(default=0)
    terminated = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "办件日统计"
        verbose_name_plural = "办件日统计"
        constraints = [
            # One row per day and key; also the index the dashboard's period query uses.
            models.UniqueConstraint(fields=["dimension", "day", "key_id"], name="application_daily_count_once"),
        ]
