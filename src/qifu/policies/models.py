"""Policies (惠企政策) with structured eligibility, their stored match sets, pushes, opt-outs and claims (申兑)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from qifu.core.models import DayNumberCounter
from qifu.policies.choices import OPEN_CLAIM_STATUSES, BenefitType, ClaimStatus, PolicyStatus


class Policy(models.Model):
    """A policy issued by a department, with its redemption guide (申兑指南) and eligibility criteria.

    `criteria` holds the structured form of API.md ("Policies"), validated by policies.criteria before saving."""

    title = models.CharField("政策名称", max_length=200)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    department = models.ForeignKey(
        "orgs.Department", on_delete=models.PROTECT, related_name="policies", verbose_name="出台部门"
    )
    interpreting_department = models.ForeignKey(
        "orgs.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="解读部门"
    )
    effective_from = models.DateField("生效日期")
    effective_to = models.DateField("失效日期", null=True, blank=True)
    summary = models.TextField("政策摘要")
    benefit_type = models.CharField("兑现方式", max_length=20, choices=BenefitType.choices, default=BenefitType.SUBSIDY)
    amount_rule = models.CharField("支持标准", max_length=500, blank=True)
    # The most one claim may ask for or be paid; no cap when empty.
    max_amount = models.DecimalField("单笔兑现上限(万元)", max_digits=14, decimal_places=2, null=True, blank=True)
    apply_from = models.DateField("申报开始", null=True, blank=True)
    apply_to = models.DateField("申报截止", null=True, blank=True)
    materials = models.TextField("申报材料（每行一项）", blank=True)
    contact = models.CharField("咨询电话", max_length=100, blank=True)
    # 申兑指南: who benefits, on what conditions, paid within how long, where to apply.
    guide_beneficiaries = models.TextField("申兑对象", blank=True)
    guide_conditions = models.TextField("申兑条件", blank=True)
    guide_where = models.CharField("申报地点", max_length=200, blank=True)
    payment_days = models.PositiveIntegerField("兑付时限（工作日）", default=60)
    interpretation = models.TextField("政策解读", blank=True)
    auto_grant = models.BooleanField("免申即享", default=False)
    criteria = models.JSONField("享受条件", default=dict, blank=True)
    status = models.CharField("状态", max_length=20, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="录入人"
    )
    created_at = models.DateTimeField("录入时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "惠企政策"
        verbose_name_plural = "惠企政策"
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["status", "department"], name="policy_status_dept_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def guide_complete(self) -> bool:
        return bool(self.guide_beneficiaries and self.guide_conditions and self.guide_where and self.contact)

    def material_names(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class PolicyMatchSet(models.Model):
    """The enterprises a policy fits and may fit, from its last full match (matching.encode_ids blobs).

    Later changes to single enterprises are in PolicyMatchChange until the next full match replaces both."""

    policy = models.OneToOneField(
        Policy, primary_key=True, on_delete=models.CASCADE, related_name="match_set", verbose_name="政策"
    )
    computed_at = models.DateTimeField("匹配时间")
    fit_count = models.PositiveIntegerField("符合", default=0)
    maybe_count = models.PositiveIntegerField("可能符合", default=0)
    fit = models.BinaryField("符合企业")
    maybe = models.BinaryField("可能符合企业")

    class Meta:
        verbose_name = "政策匹配结果"
        verbose_name_plural = "政策匹配结果"

    def __str__(self) -> str:
        return f"{self.policy_id}: {self.fit_count}+{self.maybe_count}"


class PolicyMatchChange(models.Model):
    """An enterprise's verdict on a policy after the enterprise changed, overriding the stored match set."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="match_changes")
    enterprise = models.ForeignKey("enterprises.Enterprise", on_delete=models.CASCADE, related_name="+")
    verdict = models.CharField("结论", max_length=10)  # matching.Verdict
    changed_at = models.DateTimeField("时间", auto_now=True)

    class Meta:
        verbose_name = "匹配变动"
        verbose_name_plural = "匹配变动"
        constraints = [models.UniqueConstraint(fields=["policy", "enterprise"], name="one_change_per_pair")]
        indexes = [models.Index(fields=["enterprise"], name="match_change_enterprise_idx")]

    def __str__(self) -> str:
        return f"{self.policy_id}/{self.enterprise_id}: {self.verdict}"


class PolicyPush(models.Model):
    """A policy pushed to one enterprise: at most once (the unique pair makes a re-run send nothing twice)."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="pushes", verbose_name="政策")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="policy_pushes", verbose_name="企业"
    )
    pushed_at = models.DateTimeField("推送时间", auto_now_add=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    class Meta:
        verbose_name = "政策推送"
        verbose_name_plural = "政策推送"
        constraints = [models.UniqueConstraint(fields=["policy", "enterprise"], name="one_push_per_pair")]
        indexes = [models.Index(fields=["enterprise", "-pushed_at"], name="push_enterprise_idx")]

    def __str__(self) -> str:
        return f"{self.policy_id} → {self.enterprise_id}"


class PushOptOut(models.Model):
    """An enterprise that asked not to receive policy pushes (it still sees its matches when it looks)."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="push_opt_out", verbose_name="企业"
    )
    created_at = models.DateTimeField("退订时间", auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "退订推送"
        verbose_name_plural = "退订推送"

    def __str__(self) -> str:
        return str(self.enterprise_id)


class PolicyClaimQuerySet(models.QuerySet["PolicyClaim"]):
    def live(self) -> PolicyClaimQuerySet:
        """Claims that still count: not denied, not withdrawn (at most one per enterprise and policy)."""
        return self.exclude(status__in=(ClaimStatus.DENIED, ClaimStatus.WITHDRAWN))


class PolicyClaim(models.Model):
    """申兑: an enterprise's claim of a policy, from submission to payment (or an auto-granted one, 免申即享)."""

    number = models.CharField("申兑编号", max_length=20, unique=True)
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="claims", verbose_name="政策")
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.PROTECT, related_name="policy_claims", verbose_name="企业"
    )
    department = models.ForeignKey(
        "orgs.Department", on_delete=models.PROTECT, related_name="policy_claims", verbose_name="兑现部门"
    )
    status = models.CharField("状态", max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.SUBMITTED)
    auto_granted = models.BooleanField("免申即享", default=False)
    amount_requested = models.DecimalField("申请金额(万元)", max_digits=14, decimal_places=2, null=True, blank=True)
    amount_paid = models.DecimalField("兑付金额(万元)", max_digits=14, decimal_places=2, null=True, blank=True)
    paid_on = models.DateField("兑付日期", null=True, blank=True)
    decision_note = models.TextField("审核意见", blank=True)
    # The time limit to payment, in working days from submission (快申快享; policy.payment_days).
    deadline_start = models.DateField("起算日")
    days_total = models.PositiveIntegerField("时限（工作日）")
    due_at = models.DateTimeField("兑付期限")
    warning_at = models.DateTimeField("预警时间")
    warned_at = models.DateTimeField("已预警", null=True, blank=True)
    overdue_notified_at = models.DateTimeField("已督办", null=True, blank=True)
    calendar_confirmed = models.BooleanField("节假日已确认", default=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="提交人"
    )
    submitted_at = models.DateTimeField("提交时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)
    rating = models.PositiveSmallIntegerField("服务评价", null=True, blank=True)  # 1 非常不满意 … 5 非常满意
    rating_comment = models.CharField("评价意见", max_length=300, blank=True)

    objects = PolicyClaimQuerySet.as_manager()

    class Meta:
        verbose_name = "政策申兑"
        verbose_name_plural = "政策申兑"
        ordering = ["-id"]
        constraints = [
            # One live claim per enterprise and policy: a re-run of an auto-grant grants nothing twice.
            models.UniqueConstraint(
                fields=["policy", "enterprise"],
                condition=~Q(status__in=["denied", "withdrawn"]),
                name="one_live_claim_per_pair",
            ),
        ]
        indexes = [
            models.Index(fields=["department", "status"], name="claim_dept_status_idx"),
            # Open claims by due time: lists by light (WORKFLOW.light_q), supervision's watcher (overdue), the
            # overdue figures.
            models.Index(fields=["due_at"], condition=Q(status__in=OPEN_CLAIM_STATUSES), name="claim_open_due_idx"),
            # Open claims by warning time: lists by light (WORKFLOW.light_q), supervision's watcher (warning).
            models.Index(
                fields=["warning_at"], condition=Q(status__in=OPEN_CLAIM_STATUSES), name="claim_open_warning_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.number


class ClaimMaterial(models.Model):
    """One material of a claim: a new file, or one the enterprise filed before under the same name (reused)."""

    claim = models.ForeignKey(PolicyClaim, on_delete=models.CASCADE, related_name="materials", verbose_name="申兑")
    name = models.CharField("材料名称", max_length=200)
    file = models.FileField("文件", upload_to="claims/%Y/%m/", blank=True)
    reused_from = models.CharField("复用来源", max_length=100, blank=True)  # e.g. 办件 BJ2026… 的材料

    class Meta:
        verbose_name = "申兑材料"
        verbose_name_plural = "申兑材料"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ClaimCounter(DayNumberCounter):
    """The last claim number of a day (SD + date + 5 digits)."""

    class Meta:
        verbose_name = "申兑编号计数"
        verbose_name_plural = "申兑编号计数"
