"""Demands (诉求) and what happens to them: dispatch catalogue, reminders, supervision orders,
extension requests, consultations, follow-up visits, edits and one-time follow-up links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from qifu.core.models import DailyCount, DayNumberCounter
from qifu.demands.choices import (
    OPEN_STATUSES,
    Channel,
    Complexity,
    DemandKind,
    DemandStatus,
    ExtensionStatus,
    NoticeKind,
    Satisfaction,
    VisitMethod,
)


class DemandCategory(models.Model):
    """An entry of the dispatch catalogue (派单目录): suggested lead department, complexity and days."""

    code = models.CharField("代码", max_length=30, unique=True)
    name = models.CharField("名称", max_length=50)
    default_department = models.ForeignKey(
        "orgs.Department",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="默认主办部门",
    )
    default_complexity = models.CharField(
        "默认复杂程度", max_length=10, choices=Complexity.choices, default=Complexity.GENERAL
    )
    default_days = models.PositiveSmallIntegerField("默认办理时限(工作日)", default=10)
    sort_order = models.PositiveIntegerField("排序", default=100)
    is_active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "诉求类别（派单目录）"
        verbose_name_plural = "诉求类别（派单目录）"
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name


class DemandCounter(DayNumberCounter):
    """The last number given out on a day, locked while numbering (SQ + date + 5 digits)."""

    class Meta:
        verbose_name = "诉求编号计数"
        verbose_name_plural = "诉求编号计数"


class Demand(models.Model):
    """A need, complaint, suggestion or inquiry of an enterprise, from any channel, in one pool.

    The deadline is stored (`due_at`, `warning_at`) so that lists, lights and the watch task read
    columns, not arithmetic; `deadline_start` and `days_total` let it be recomputed when the calendar
    changes.
    """

    number = models.CharField("编号", max_length=20, unique=True)
    kind = models.CharField("类型", max_length=12, choices=DemandKind.choices, default=DemandKind.NEED)
    channel = models.CharField("来源渠道", max_length=20, choices=Channel.choices)
    category = models.ForeignKey(DemandCategory, on_delete=models.PROTECT, related_name="demands", verbose_name="类别")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="demands", verbose_name="企业"
    )
    title = models.CharField("标题", max_length=200)
    content = models.TextField("内容")
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_phone = models.CharField("联系电话", max_length=30, blank=True)
    status = models.CharField("状态", max_length=20, choices=DemandStatus.choices, default=DemandStatus.REGISTERED)
    complexity = models.CharField("复杂程度", max_length=10, choices=Complexity.choices, blank=True)
    lead_department = models.ForeignKey(
        "orgs.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_demands",
        verbose_name="主办部门",
    )
    co_departments = models.ManyToManyField(
        "orgs.Department", blank=True, related_name="co_demands", verbose_name="协办部门"
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="handled_demands",
        verbose_name="承办人",
    )
    first_responder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="first_responded_demands",
        verbose_name="首问负责人",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="登记人",
    )
    external_ref = models.CharField("外部编号(12345工单号)", max_length=60, blank=True)
    # Deadline: `days_total` working days (granted + approved extensions) counted from `deadline_start`.
    deadline_start = models.DateField("起算日", null=True, blank=True)
    days_total = models.PositiveSmallIntegerField("办理时限(工作日)", null=True, blank=True)
    due_at = models.DateTimeField("办结期限", null=True, blank=True)
    warning_at = models.DateTimeField("预警时间", null=True, blank=True)
    calendar_confirmed = models.BooleanField("日历已确认", default=True)
    reopen_count = models.PositiveSmallIntegerField("重办次数", default=0)
    return_count = models.PositiveSmallIntegerField("退回次数", default=0)
    satisfaction = models.CharField("满意度", max_length=20, choices=Satisfaction.choices, blank=True)
    resolved = models.BooleanField("问题已解决", null=True, blank=True)
    reply = models.TextField("答复内容", blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged", verbose_name="合并至"
    )
    escalated_at = models.DateTimeField("上报区政府时间", null=True, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    assigned_at = models.DateTimeField("交办时间", null=True, blank=True)
    accepted_at = models.DateTimeField("签收时间", null=True, blank=True)
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    archived_at = models.DateTimeField("归档时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "诉求"
        verbose_name_plural = "诉求"
        indexes = [
            # Lists by status (dispatcher's pool, supervisor), keyset-paged by id.
            models.Index(fields=["status", "id"], name="demand_status_idx"),
            # Department lists: its demands by status and due date.
            models.Index(fields=["lead_department", "status", "id"], name="demand_department_idx"),
            # An enterprise's demands; duplicate warning at intake.
            models.Index(fields=["enterprise", "status"], name="demand_enterprise_idx"),
            # The watch task and the lights: open demands by deadline.
            models.Index(
                fields=["due_at"], condition=Q(status__in=["assigned", "in_progress"]), name="demand_open_due_idx"
            ),
            models.Index(
                fields=["warning_at"],
                condition=Q(status__in=["assigned", "in_progress"]),
                name="demand_open_warning_idx",
            ),
        ]
        constraints = [
            # 12345 work orders arrive more than once: one demand per external number.
            models.UniqueConstraint(
                fields=["channel", "external_ref"], condition=~Q(external_ref=""), name="demand_external_ref_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class Reminder(models.Model):
    """A nudge (催办) to the handler; automatic ones are written once per deadline."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="reminders", verbose_name="诉求")
    kind = models.CharField("方式", max_length=10, choices=NoticeKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="催办人",
    )
    note = models.CharField("说明", max_length=500, blank=True)
    for_due_at = models.DateTimeField("针对的期限", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "催办"
        verbose_name_plural = "催办"
        constraints = [
            models.UniqueConstraint(
                fields=["demand", "for_due_at"], condition=Q(kind="auto"), name="auto_reminder_once_per_deadline"
            ),
        ]

    def __str__(self) -> str:
        return f"催办 {self.demand_id}"


class SupervisionOrder(models.Model):
    """A formal order (督办) to the lead department's head; automatic ones once per missed deadline."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="supervision_orders", verbose_name="诉求")
    kind = models.CharField("方式", max_length=10, choices=NoticeKind.choices)
    department = models.ForeignKey(
        "orgs.Department", on_delete=models.PROTECT, related_name="+", verbose_name="被督办部门"
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="督办人",
    )
    note = models.CharField("说明", max_length=500, blank=True)
    for_due_at = models.DateTimeField("针对的期限", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "督办单"
        verbose_name_plural = "督办单"
        constraints = [
            models.UniqueConstraint(
                fields=["demand", "for_due_at"], condition=Q(kind="auto"), name="auto_supervision_once_per_deadline"
            ),
        ]

    def __str__(self) -> str:
        return f"督办 {self.demand_id}"


class ExtensionRequest(models.Model):
    """A request for more working days, with the reason and progress the enterprise is told."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="extensions", verbose_name="诉求")
    days = models.PositiveSmallIntegerField("延期工作日")
    reason = models.TextField("延期原因")
    progress = models.TextField("办理进展")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="申请人"
    )
    status = models.CharField("状态", max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="审批人",
    )
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.CharField("审批意见", max_length=500, blank=True)
    created_at = models.DateTimeField("申请时间", auto_now_add=True)

    class Meta:
        verbose_name = "延期申请"
        verbose_name_plural = "延期申请"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["demand"], condition=Q(status="pending"), name="one_pending_extension"),
        ]

    def __str__(self) -> str:
        return f"延期 {self.demand_id} {self.days}天"


class Consultation(models.Model):
    """A joint meeting (会商) of departments on a hard case: participants, minutes, conclusion."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="consultations", verbose_name="诉求")
    held_on = models.DateField("会商日期")
    departments = models.ManyToManyField("orgs.Department", related_name="+", verbose_name="参会部门")
    participants = models.TextField("参会人员")
    minutes = models.TextField("会议纪要")
    conclusion = models.TextField("会商结论")
    convened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="召集人"
    )
    created_at = models.DateTimeField("记录时间", auto_now_add=True)

    class Meta:
        verbose_name = "会商"
        verbose_name_plural = "会商"

    def __str__(self) -> str:
        return f"会商 {self.demand_id} {self.held_on}"


class FollowUp(models.Model):
    """A follow-up visit (回访): is it solved, how satisfied is the enterprise."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="follow_ups", verbose_name="诉求")
    satisfaction = models.CharField("满意度", max_length=20, choices=Satisfaction.choices)
    resolved = models.BooleanField("问题已解决")
    comment = models.TextField("意见", blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="回访人",
    )
    via_link = models.BooleanField("企业通过回访链接答复", default=False)
    method = models.CharField("回访方式", max_length=10, choices=VisitMethod.choices, default=VisitMethod.PHONE)
    visited_on = models.DateField("回访日期", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "回访"
        verbose_name_plural = "回访"

    def __str__(self) -> str:
        return f"回访 {self.demand_id} {self.satisfaction}"


class DemandRevision(models.Model):
    """A staff correction of a demand's category, content or enterprise; the original stays here."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="revisions", verbose_name="诉求")
    field = models.CharField("字段", max_length=30)
    old_value = models.TextField("原值")
    new_value = models.TextField("新值")
    reason = models.CharField("原因", max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="修改人")
    created_at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "诉求修改记录"
        verbose_name_plural = "诉求修改记录"

    def __str__(self) -> str:
        return f"{self.demand_id} {self.field}"


class FollowUpLink(models.Model):
    """A one-time signed link for the enterprise to answer the follow-up without logging in."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="follow_up_links", verbose_name="诉求")
    digest = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField("有效期至")
    used_at = models.DateTimeField("使用时间", null=True, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "回访链接"
        verbose_name_plural = "回访链接"

    def __str__(self) -> str:
        return f"回访链接 {self.demand_id}"


class DemandDailyCount(DailyCount):
    """Daily counters of demand events per lead department and, separately, per category, bumped in the
    transaction of each event. The dashboard reads at most (days x departments) rows for a period, however
    many demands there are; keeping the two dimensions apart keeps that bound small.

    Rates: 响应率 = accepted_in_time / assigned; 按时办结率 = replied_on_time / replied;
    解决率 = resolved / visited; 满意率 = satisfied / visited; 重办率 = reopened / visited.
    """

    # dimension: "department" (key_id 0: no department yet, 待分拨) or "category"
    registered = models.PositiveIntegerField(default=0)
    assigned = models.PositiveIntegerField(default=0)
    accepted = models.PositiveIntegerField(default=0)
    accepted_in_time = models.PositiveIntegerField(default=0)
    replied = models.PositiveIntegerField(default=0)
    replied_on_time = models.PositiveIntegerField(default=0)
    visited = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    closed = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "诉求日统计"
        verbose_name_plural = "诉求日统计"
        constraints = [
            # One row per day and key; also the index the dashboard's period query uses.
            models.UniqueConstraint(fields=["dimension", "day", "key_id"], name="demand_daily_count_once"),
        ]


class DemandAttachment(models.Model):
    """A file attached to a demand (photos, letters, documents). Confidential (seed 000): only the
    enterprise itself and the staff handling the case download it, and every download is audited."""

    demand = models.ForeignKey(Demand, on_delete=models.CASCADE, related_name="attachments", verbose_name="诉求")
    file = models.FileField("文件", upload_to="demands/%Y/%m/")
    name = models.CharField("文件名", max_length=200)
    size = models.PositiveIntegerField("大小(字节)")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    created_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "诉求附件"
        verbose_name_plural = "诉求附件"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name
