"""Every write of policies: the library, match refreshes, pushes, auto-grants (免申即享) and claims (申兑).

Each claim action checks the workflow (409) and the actor's right (403), moves the status with a compare-and-set
and writes the timeline and audit events in the same transaction. A push or an auto-grant is cut into batches,
each one transaction whose unique pairs make a re-run after an interruption send and grant nothing twice."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.core.access import DEPARTMENT_ROLES, HALL_ROLES, require, role_of
from qifu.core.audit import audit_record
from qifu.core.cleaning import clean_text
from qifu.core.errors import Conflict, FieldError, NotFound, PermissionDenied, ValidationFailed
from qifu.core.files import check_upload
from qifu.core.numbering import next_daily_number
from qifu.core.services import notify, timeline_add
from qifu.core.tasks import enqueue
from qifu.demands.deadlines import compute
from qifu.enterprises.models import Enterprise
from qifu.enterprises.permissions import access_enterprise_for
from qifu.orgs.models import Department
from qifu.policies import selectors
from qifu.policies.choices import BenefitType, ClaimStatus, PolicyStatus
from qifu.policies.criteria import clean_criteria, to_criteria
from qifu.policies.matching import CompiledPolicies, Facts, MatchSet, Verdict, explain, match_all
from qifu.policies.models import (
    ClaimCounter,
    ClaimMaterial,
    Policy,
    PolicyClaim,
    PolicyMatchChange,
    PolicyMatchSet,
    PolicyPush,
    PushOptOut,
)
from qifu.policies.permissions import access_claim_for, access_policy_for, may_manage
from qifu.policies.transitions import TRANSITIONS, WHO

BATCH = 500
SUBJECT = "policy_claim"
ACTION_LABELS = {
    "submit": "提交申兑",
    "auto_grant": "免申即享，自动核定",
    "accept": "受理",
    "handover": "流转至兑现部门",
    "approve": "审核通过",
    "deny": "审核未通过",
    "disburse": "兑付",
    "withdraw": "撤回申请",
    "rate": "评价",
    "upload": "上传材料",
}
TEXT_FIELDS = (
    ("title", "政策名称", 200, True),
    ("doc_number", "文号", 100, False),
    ("summary", "政策摘要", 5000, True),
    ("amount_rule", "支持标准", 500, False),
    ("materials", "申报材料", 3000, False),
    ("contact", "咨询电话", 100, False),
    ("guide_beneficiaries", "申兑对象", 3000, False),
    ("guide_conditions", "申兑条件", 3000, False),
    ("guide_where", "申报地点", 200, False),
    ("interpretation", "政策解读", 20000, False),
)
DATE_FIELDS = (
    ("effective_from", "生效日期", True),
    ("effective_to", "失效日期", False),
    ("apply_from", "申报开始", False),
    ("apply_to", "申报截止", False),
)


# ---------------------------------------------------------------- the library


def _date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _clean_policy(data: dict[str, Any], partial: bool) -> dict[str, Any]:
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    for field, label, length, required in TEXT_FIELDS:
        if partial and field not in data:
            continue
        raw = data.get(field)
        try:
            if required or (raw not in (None, "")):
                values[field] = clean_text(field, label, raw, max_length=length)
            else:
                values[field] = ""
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    for field, label, required in DATE_FIELDS:
        if partial and field not in data:
            continue
        try:
            values[field] = _date(data.get(field))
        except ValueError:
            errors.append(FieldError(field, f"{label}格式应为 YYYY-MM-DD"))
            continue
        if required and values[field] is None:
            errors.append(FieldError(field, f"{label}不能为空"))
    for first, last, label in (("effective_from", "effective_to", "失效日期"), ("apply_from", "apply_to", "申报截止")):
        if values.get(first) and values.get(last) and values[last] < values[first]:
            errors.append(FieldError(last, f"{label}不能早于开始日期"))
    if not partial or "benefit_type" in data:
        benefit = data.get("benefit_type") or BenefitType.SUBSIDY
        if benefit not in BenefitType.values:
            errors.append(FieldError("benefit_type", "没有这种兑现方式"))
        values["benefit_type"] = benefit
    if not partial or "payment_days" in data:
        raw_days = data.get("payment_days")
        days = "60" if raw_days in (None, "") else str(raw_days)
        if not days.isdigit() or not 1 <= int(days) <= 250:
            errors.append(FieldError("payment_days", "兑付时限应为1至250个工作日"))
        else:
            values["payment_days"] = int(days)
    if not partial or "auto_grant" in data:
        values["auto_grant"] = bool(data.get("auto_grant"))
    for field in ("department_id", "interpreting_department_id"):
        if field in data or (field == "department_id" and not partial):
            raw = data.get(field)
            if raw in (None, "") and field == "interpreting_department_id":
                values[field] = None
                continue
            if not str(raw).isdigit() or not Department.objects.filter(pk=int(str(raw))).exists():
                errors.append(FieldError(field, "出台部门不存在" if field == "department_id" else "解读部门不存在"))
            else:
                values[field] = int(str(raw))
    if not partial or "criteria" in data:
        try:
            values["criteria"] = clean_criteria(data.get("criteria"))
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    if errors:
        raise ValidationFailed("政策信息有误：" + "；".join(e.message for e in errors), errors)
    return values


@transaction.atomic
def policy_create(*, actor: User, data: dict[str, Any]) -> Policy:
    """Record a policy as a draft (or publish it at once with `publish`), for the actor's own department."""
    require(actor, "policy.manage")
    values = _clean_policy(data, partial=False)
    if not may_manage(actor, department_id=values["department_id"]):
        raise ValidationFailed.field("department_id", "只能录入本部门出台的政策")
    policy = Policy.objects.create(created_by=actor, **values)
    audit_record(actor=actor, action="policy.create", obj=policy, summary=f"录入政策：{policy.title}")
    if data.get("publish"):
        policy_publish(actor=actor, policy_id=policy.pk)
        policy.refresh_from_db()
    return policy


@transaction.atomic
def policy_update(*, actor: User, policy_id: int, data: dict[str, Any]) -> Policy:
    policy = access_policy_for(actor, policy_id)
    if not may_manage(actor, policy):
        raise PermissionDenied()
    values = _clean_policy(data, partial=True)
    if "department_id" in values and not may_manage(actor, department_id=values["department_id"]):
        raise ValidationFailed.field("department_id", "只能录入本部门出台的政策")
    criteria_changed = "criteria" in values and values["criteria"] != policy.criteria
    for field, value in values.items():
        setattr(policy, field, value)
    policy.save()
    audit_record(
        actor=actor,
        action="policy.update",
        obj=policy,
        summary=f"修改政策：{policy.title}",
        data={"fields": sorted(values)},
    )
    if criteria_changed and policy.status == PolicyStatus.PUBLISHED:
        enqueue_match(policy.pk)
    return policy


@transaction.atomic
def policy_publish(*, actor: User, policy_id: int) -> Policy:
    policy = access_policy_for(actor, policy_id)
    if not may_manage(actor, policy):
        raise PermissionDenied()
    if (
        not Policy.objects.filter(pk=policy.pk)
        .exclude(status=PolicyStatus.PUBLISHED)
        .update(status=PolicyStatus.PUBLISHED, published_at=timezone.now(), updated_at=timezone.now())
    ):
        raise Conflict("该政策已发布")
    policy.refresh_from_db()
    audit_record(actor=actor, action="policy.publish", obj=policy, summary=f"发布政策：{policy.title}")
    enqueue_match(policy.pk)
    return policy


@transaction.atomic
def policy_withdraw(*, actor: User, policy_id: int) -> Policy:
    policy = access_policy_for(actor, policy_id)
    if not may_manage(actor, policy):
        raise PermissionDenied()
    if not Policy.objects.filter(pk=policy.pk, status=PolicyStatus.PUBLISHED).update(
        status=PolicyStatus.WITHDRAWN, updated_at=timezone.now()
    ):
        raise Conflict("只有已发布的政策可以撤回")
    policy.refresh_from_db()
    audit_record(actor=actor, action="policy.withdraw", obj=policy, summary=f"撤回政策：{policy.title}")
    return policy


# ---------------------------------------------------------------- matching


@transaction.atomic
def policy_rematch(*, actor: User, policy_id: int) -> Policy:
    """Match one published policy against every enterprise again, on demand (in the background)."""
    policy = access_policy_for(actor, policy_id)
    if not may_manage(actor, policy):
        raise PermissionDenied()
    if policy.status != PolicyStatus.PUBLISHED:
        raise Conflict("政策发布后才能匹配企业")
    audit_record(actor=actor, action="policy.rematch", obj=policy, summary=f"重新匹配政策：{policy.title}")
    enqueue_match(policy.pk)
    return policy


def rematch_all(*, actor: User) -> int:
    """The admin's full match on demand (also run nightly as the periodic job policies.match_all)."""
    if role_of(actor) != Role.ADMIN:
        raise PermissionDenied()
    with transaction.atomic():
        audit_record(actor=actor, action="policy.rematch_all", obj=None, summary="全量重新匹配惠企政策")
    return match_policies()


def enqueue_match(policy_id: int) -> None:
    enqueue(match_policies, [policy_id])


def _store(results: dict[int, MatchSet], now: dt.datetime) -> None:
    PolicyMatchSet.objects.filter(policy_id__in=list(results)).delete()
    PolicyMatchSet.objects.bulk_create(
        [
            PolicyMatchSet(
                policy_id=pk,
                computed_at=now,
                fit_count=found.fit_count,
                maybe_count=found.maybe_count,
                fit=found.fit_blob,
                maybe=found.maybe_blob,
            )
            for pk, found in results.items()
        ],
        batch_size=100,
    )
    PolicyMatchChange.objects.filter(policy_id__in=list(results)).delete()


def match_policies(policy_ids: list[int] | None = None) -> int:
    """Match published policies (all of them, or those given) against every enterprise and store the sets.

    Enterprise changes made while the columns are read are kept: their change rows newer than the read stay."""
    policies = Policy.objects.filter(status=PolicyStatus.PUBLISHED)
    if policy_ids is not None:
        policies = policies.filter(pk__in=policy_ids)
    wanted = [(p.pk, to_criteria(p.criteria)) for p in policies.only("pk", "criteria")]
    if not wanted:
        return 0
    started = timezone.now()
    columns = selectors.enterprise_columns()
    results = match_all(wanted, columns, timezone.localdate())
    with transaction.atomic():
        newer = list(
            PolicyMatchChange.objects.filter(policy_id__in=list(results), changed_at__gt=started).values_list(
                "policy_id", "enterprise_id", "verdict"
            )
        )
        _store(results, started)
        PolicyMatchChange.objects.bulk_create(
            [PolicyMatchChange(policy_id=p, enterprise_id=e, verdict=v) for p, e, v in newer]
        )
    return len(results)


_compiled_lock = threading.Lock()
_compiled: dict[str, Any] = {}


def compiled_policies() -> CompiledPolicies:
    """The published policies compiled for one-enterprise re-matching, rebuilt when any policy changed."""
    # Publishing, withdrawing and editing all touch updated_at, so one aggregate tells whether anything changed.
    published = Policy.objects.filter(status=PolicyStatus.PUBLISHED)
    stamp = (*published.aggregate(n=Count("pk"), t=Max("updated_at")).values(), timezone.localdate())
    with _compiled_lock:
        if _compiled.get("stamp") != stamp:
            rows = Policy.objects.filter(status=PolicyStatus.PUBLISHED).only("pk", "criteria")
            _compiled["value"] = CompiledPolicies.compile(
                [(p.pk, to_criteria(p.criteria)) for p in rows], timezone.localdate()
            )
            _compiled["stamp"] = stamp
        compiled: CompiledPolicies = _compiled["value"]
        return compiled


def rematch_enterprise(enterprise_id: int, before: Facts | None) -> int:
    """After an enterprise changed: record its verdict on every policy whose verdict changed. A new enterprise
    (no `before`) is in no stored set, so only the policies it fits or may fit get a row. Returns the rows."""
    after = selectors.enterprise_facts([enterprise_id]).get(enterprise_id)
    if after is None:
        return 0
    compiled = compiled_policies()
    if before is not None:
        changed = {pk: new for pk, (_, new) in compiled.changes(before, after).items()}
    else:
        changed = {pk: v for pk, v in compiled.verdicts(after).items() if v != Verdict.NO}
    if not changed:
        return 0
    with transaction.atomic():
        PolicyMatchChange.objects.bulk_create(
            [PolicyMatchChange(policy_id=pk, enterprise_id=enterprise_id, verdict=v) for pk, v in changed.items()],
            update_conflicts=True,
            unique_fields=["policy", "enterprise"],
            update_fields=["verdict", "changed_at"],
        )
    return len(changed)


# ---------------------------------------------------------------- pushes and auto-grants


def _batches(ids: list[int]) -> list[list[int]]:
    return [ids[i : i + BATCH] for i in range(0, len(ids), BATCH)]


def _still_fits(policy: Policy, ids: list[int]) -> list[int]:
    """Re-check a batch against the enterprises' current data: a push never goes to one that does not fit."""
    criteria, today = to_criteria(policy.criteria), timezone.localdate()
    facts = selectors.enterprise_facts(ids)
    return [i for i in ids if i in facts and explain(criteria, facts[i], today).verdict == Verdict.FITS]


def policy_push(*, actor: User, policy_id: int) -> int:
    """Push a published policy to every enterprise it fits that has not had it and has not opted out."""
    policy = access_policy_for(actor, policy_id)
    if not may_manage(actor, policy):
        raise PermissionDenied()
    if policy.status != PolicyStatus.PUBLISHED:
        raise Conflict("政策发布后才能推送")
    fit, _ = selectors.match_ids(policy)
    done = set(PolicyPush.objects.filter(policy=policy).values_list("enterprise_id", flat=True))
    done |= set(PushOptOut.objects.values_list("enterprise_id", flat=True))
    todo = [int(i) for i in fit if int(i) not in done]
    pushed = 0
    for batch in _batches(todo):
        with transaction.atomic():
            Policy.objects.select_for_update().filter(pk=policy.pk).first()  # one push of a policy at a time
            batch = _still_fits(policy, batch)
            fresh = set(batch) - set(
                PolicyPush.objects.filter(policy=policy, enterprise_id__in=batch).values_list(
                    "enterprise_id", flat=True
                )
            )
            if not fresh:
                continue
            PolicyPush.objects.bulk_create([PolicyPush(policy=policy, enterprise_id=i) for i in sorted(fresh)])
            notify(
                recipients=list(User.objects.filter(enterprise_id__in=fresh, role=Role.ENTERPRISE, is_active=True)),
                title=f"为您推送惠企政策：{policy.title}"[:200],
                body=f"{policy.summary[:200]}\n根据贵企业的登记信息，初步判断符合本政策的享受条件。",
                link=f"/policies/{policy.pk}/",
            )
            audit_record(
                actor=actor,
                action="policy.push",
                obj=policy,
                summary=f"推送政策：{policy.title}，{len(fresh)} 家企业",
                data={"enterprise_ids": sorted(fresh)},
            )
            pushed += len(fresh)
    return pushed


def _clock(policy: Policy, start: dt.date) -> dict[str, Any]:
    deadline = compute(start, policy.payment_days)
    return {
        "deadline_start": start,
        "days_total": policy.payment_days,
        "due_at": deadline.due_at,
        "warning_at": deadline.warning_at,
        "calendar_confirmed": deadline.calendar_confirmed,
    }


def auto_grant(*, actor: User, policy_id: int) -> int:
    """免申即享: create an approved claim for every enterprise the policy fits that has no live claim yet.
    Running it again (after an interruption or later) grants nothing twice."""
    policy = access_policy_for(actor, policy_id)
    if not may_manage(actor, policy):
        raise PermissionDenied()
    if policy.status != PolicyStatus.PUBLISHED or not policy.auto_grant:
        raise Conflict("只有已发布的免申即享政策可以生成兑现名单")
    fit, _ = selectors.match_ids(policy)
    granted = 0
    today = timezone.localdate()
    for batch in _batches([int(i) for i in fit]):
        with transaction.atomic():
            Policy.objects.select_for_update().filter(pk=policy.pk).first()
            batch = _still_fits(policy, batch)
            live = set(
                PolicyClaim.objects.filter(policy=policy, enterprise_id__in=batch)
                .live()
                .values_list("enterprise_id", flat=True)
            )
            for enterprise_id in batch:
                if enterprise_id in live:
                    continue
                claim = PolicyClaim.objects.create(
                    number=next_daily_number(ClaimCounter, "SD", today),
                    policy=policy,
                    enterprise_id=enterprise_id,
                    department_id=policy.department_id,
                    status=ClaimStatus.APPROVED,
                    auto_granted=True,
                    submitted_by=actor,
                    **_clock(policy, today),
                )
                _record(claim, actor, "auto_grant", "符合条件，无需申请，直接核定")
                granted += 1
            fresh = set(batch) - live
            if fresh:
                notify(
                    recipients=list(User.objects.filter(enterprise_id__in=fresh, role=Role.ENTERPRISE, is_active=True)),
                    title=f"免申即享：贵企业符合“{policy.title}”，已直接核定，待兑付"[:200],
                    link="/policies/claims/",
                )
    return granted


@transaction.atomic
def push_opt_out(*, actor: User, enterprise_id: int, opted_out: bool) -> bool:
    """An enterprise (or its officer) stops or restarts policy pushes to it."""
    enterprise = access_enterprise_for(actor, enterprise_id, related=False)
    if role_of(actor) not in (Role.ENTERPRISE, Role.SERVICE_OFFICER, Role.ADMIN):
        raise PermissionDenied()
    if opted_out:
        PushOptOut.objects.get_or_create(enterprise=enterprise, defaults={"created_by": actor})
    else:
        PushOptOut.objects.filter(enterprise=enterprise).delete()
    audit_record(
        actor=actor,
        action="policy.opt_out" if opted_out else "policy.opt_in",
        obj=enterprise,
        summary=f"{enterprise.name} {'退订' if opted_out else '恢复'}政策推送",
    )
    return opted_out


def push_mark_read(*, actor: Any, policy: Policy) -> None:
    """The enterprise opened a policy pushed to it: counted as read once."""
    if role_of(actor) == Role.ENTERPRISE and actor.enterprise_id:
        PolicyPush.objects.filter(policy=policy, enterprise_id=actor.enterprise_id, read_at__isnull=True).update(
            read_at=timezone.now()
        )


# ---------------------------------------------------------------- claims


def _record(claim: PolicyClaim, actor: Any, action: str, note: str = "", *, data: dict[str, Any] | None = None) -> None:
    timeline_add(subject_type=SUBJECT, subject_id=claim.pk, actor=actor, action=action, note=note, data=data)
    audit_record(
        actor=actor,
        action=f"policy_claim.{action}",
        obj=claim,
        summary=f"{claim.number} {ACTION_LABELS.get(action, action)}" + (f"：{note}" if note else ""),
        data={"status": claim.status, **(data or {})},
    )


def _reuse(enterprise: Enterprise, name: str) -> tuple[Any, str] | None:
    """A file the enterprise already filed under the same material name (an application's or an earlier claim's)."""
    from qifu.applications.models import SubmittedMaterial

    earlier = (
        ClaimMaterial.objects.filter(claim__enterprise=enterprise, name=name).exclude(file="").order_by("-id").first()
    )
    if earlier is not None:
        return earlier.file, f"申兑 {earlier.claim.number}"
    filed = (
        SubmittedMaterial.objects.filter(application__enterprise=enterprise, requirement__name=name)
        .exclude(file="")
        .select_related("application")
        .order_by("-id")
        .first()
    )
    if filed is not None:
        return filed.file, f"办件 {filed.application.number}"
    return None


@transaction.atomic
def claim_submit(*, actor: User, data: dict[str, Any]) -> PolicyClaim:
    """File a claim (online by the enterprise, or at the hall / by its officer on its behalf)."""
    require(actor, "policy.claim")
    errors: list[FieldError] = []
    try:
        policy = access_policy_for(actor, int(data.get("policy_id") or 0))
    except (NotFound, TypeError, ValueError):
        raise ValidationFailed.field("policy_id", "政策不存在") from None
    try:
        enterprise = access_enterprise_for(actor, int(data.get("enterprise_id") or 0), related=False)
    except (NotFound, TypeError, ValueError):
        raise ValidationFailed.field("enterprise_id", "企业不存在") from None
    today = timezone.localdate()
    if policy.auto_grant:
        raise Conflict("该政策免申即享，无需申请：出台部门核定名单后直接兑现")
    if not Policy.objects.filter(selectors.open_q(today), pk=policy.pk).exists():
        raise Conflict("该政策不在申报期内或已失效")
    if policy.apply_from and policy.apply_from > today:
        raise Conflict(f"该政策 {policy.apply_from:%Y-%m-%d} 起开始申报")
    found = explain(to_criteria(policy.criteria), selectors.enterprise_facts([enterprise.pk])[enterprise.pk], today)
    if found.verdict == Verdict.NO:
        reasons = "；".join(found.reasons)
        raise ValidationFailed.field("enterprise_id", f"企业不符合该政策的享受条件：{reasons}")
    amount = data.get("amount")
    if amount not in (None, ""):
        try:
            amount = Decimal(str(amount))
            if amount <= 0:
                raise InvalidOperation
        except InvalidOperation:
            errors.append(FieldError("amount", "申请金额应为大于0的数字（万元）"))
    else:
        amount = None
    asked = policy.material_names()
    given = data.get("materials") or []
    if not isinstance(given, list) or any(name not in asked for name in given):
        errors.append(FieldError("materials", "材料应为该政策申报材料中的名称"))
    if errors:
        raise ValidationFailed("申兑信息有误：" + "；".join(e.message for e in errors), errors)
    try:
        with transaction.atomic():
            claim = PolicyClaim.objects.create(
                number=next_daily_number(ClaimCounter, "SD", today),
                policy=policy,
                enterprise=enterprise,
                department_id=policy.department_id,
                amount_requested=amount,
                submitted_by=actor,
                **_clock(policy, today),
            )
    except IntegrityError:
        raise Conflict("该企业已申报过该政策，请勿重复申报") from None
    reused = []
    for name in asked:  # every material asked gets a line; a file filed before under the same name is reused
        earlier = _reuse(enterprise, name)
        if earlier is not None:
            ClaimMaterial.objects.create(claim=claim, name=name, file=earlier[0].name, reused_from=earlier[1])
            reused.append(name)
        else:
            ClaimMaterial.objects.create(claim=claim, name=name)
    # `materials`: those the applicant says it hands over (on paper at the window, or uploads next).
    notes = [
        f"复用已提交材料：{'、'.join(reused)}" if reused else "",
        f"申报时提供：{'、'.join(given)}" if given else "",
    ]
    note = "；".join(n for n in notes if n)
    _record(claim, actor, "submit", note, data={"verdict": str(found.verdict), "missing": found.missing})
    notify(
        recipients=list(User.objects.filter(role__in=HALL_ROLES, is_active=True)),
        title=f"新的政策申兑：{claim.number} {enterprise.name} 申报“{policy.title}”"[:200],
        link=f"/policies/claims/{claim.pk}/",
    )
    return claim


def _move(claim: PolicyClaim, actor: Any, action: str, **updates: Any) -> PolicyClaim:
    if (claim.status, action) not in TRANSITIONS:
        raise Conflict(f"申兑当前状态为“{claim.get_status_display()}”，不能{ACTION_LABELS.get(action, action)}")
    if not WHO[action](actor, claim):
        raise PermissionDenied()
    new = TRANSITIONS[(claim.status, action)]
    if not PolicyClaim.objects.filter(pk=claim.pk, status=claim.status).update(status=new, **updates):
        raise Conflict("该申兑刚被他人处理，请刷新后重试")
    claim.refresh_from_db()
    return claim


def _enterprise_users(claim: PolicyClaim) -> list[User]:
    return list(User.objects.filter(enterprise_id=claim.enterprise_id, role=Role.ENTERPRISE, is_active=True))


@transaction.atomic
def claim_act(
    *,
    actor: User,
    claim_id: int,
    action: str,
    note: str = "",
    amount: Any = None,
    paid_on: dt.date | None = None,
) -> PolicyClaim:
    """accept, handover, approve, deny (with the reason), disburse (amount and date), withdraw."""
    claim = access_claim_for(actor, claim_id)
    if action not in WHO:
        raise NotFound()
    note = (note or "").strip()[:1000]
    now = timezone.now()
    updates: dict[str, Any] = {}
    if action == "deny" and not note:
        raise ValidationFailed.field("note", "审核未通过须写明理由")
    if action in ("approve", "deny"):
        updates["decision_note"] = note
    if action == "disburse":
        errors = []
        try:
            paid = Decimal(str(amount))
            if paid <= 0:
                raise InvalidOperation
        except InvalidOperation:
            errors.append(FieldError("amount", "兑付金额应为大于0的数字（万元）"))
            paid = Decimal("0")
        if paid_on is None or paid_on > timezone.localdate():
            errors.append(FieldError("paid_on", "兑付日期应为今天或之前的日期"))
        if errors:
            raise ValidationFailed("兑付信息有误：" + "；".join(e.message for e in errors), errors)
        updates.update(amount_paid=paid, paid_on=paid_on)
        note = note or f"兑付 {paid} 万元（{paid_on:%Y-%m-%d}）"
    if action in ("deny", "disburse", "withdraw"):
        updates["closed_at"] = now
    claim = _move(claim, actor, action, **updates)
    _record(claim, actor, action, note)
    if action in ("approve", "deny", "disburse"):
        notify(
            recipients=_enterprise_users(claim),
            title=f"政策申兑{ACTION_LABELS[action]}：{claim.number} {claim.policy.title}"[:200],
            body=note,
            link=f"/policies/claims/{claim.pk}/",
        )
    if action == "handover":
        notify(
            recipients=list(
                User.objects.filter(department_id=claim.department_id, role__in=DEPARTMENT_ROLES, is_active=True)
            ),
            title=f"待审核的政策申兑：{claim.number} {claim.enterprise.name}"[:200],
            link=f"/policies/claims/{claim.pk}/",
        )
    return claim


@transaction.atomic
def claim_rate(*, actor: User, claim_id: int, rating: int, comment: str = "") -> PolicyClaim:
    """The enterprise rates the service once the claim is closed (1 非常不满意 … 5 非常满意)."""
    claim = access_claim_for(actor, claim_id)
    if role_of(actor) != Role.ENTERPRISE:
        raise PermissionDenied()
    if claim.status not in (ClaimStatus.DISBURSED, ClaimStatus.DENIED):
        raise Conflict("兑付或审核结束后才能评价")
    if not isinstance(rating, int) or not 1 <= rating <= 5:
        raise ValidationFailed.field("rating", "评价应为1至5星")
    if not PolicyClaim.objects.filter(pk=claim.pk, rating__isnull=True).update(
        rating=rating, rating_comment=(comment or "").strip()[:300]
    ):
        raise Conflict("已评价过")
    claim.refresh_from_db()
    _record(claim, actor, "rate", f"{rating} 星" + (f"：{claim.rating_comment}" if claim.rating_comment else ""))
    return claim


UPLOAD_STATUSES = (ClaimStatus.SUBMITTED, ClaimStatus.ACCEPTED, ClaimStatus.IN_REVIEW)


def may_download(user: Any, claim: PolicyClaim) -> bool:
    """Materials are confidential (seed 000): the hall, the claim's department and the enterprise itself."""
    role = role_of(user)
    return (
        role in HALL_ROLES
        or role == Role.ADMIN
        or (role in DEPARTMENT_ROLES and user.department_id == claim.department_id)
        or (role == Role.ENTERPRISE and user.enterprise_id == claim.enterprise_id)
    )


@transaction.atomic
def claim_material_upload(*, actor: User, claim_id: int, name: str, filename: str, content: bytes) -> ClaimMaterial:
    """Attach the file of one of the policy's materials (checked by content and size, kept outside the web root);
    it replaces an earlier or reused file of the same material."""
    claim = access_claim_for(actor, claim_id)
    if not (role_of(actor) in HALL_ROLES or role_of(actor) == Role.ADMIN or WHO["withdraw"](actor, claim)):
        raise PermissionDenied("只有申报企业和窗口人员可以上传材料")
    if claim.status not in UPLOAD_STATUSES:
        raise Conflict(f"申兑当前状态为“{claim.get_status_display()}”，不能再上传材料")
    if name not in claim.policy.material_names():
        raise ValidationFailed.field("name", "该政策的申报材料中没有这一项")
    clean = check_upload(filename, content)
    material, _ = ClaimMaterial.objects.get_or_create(claim=claim, name=name)
    material.file.save(f"{claim.number}-{material.pk}{clean[clean.rfind('.') :]}", ContentFile(content), save=False)
    material.reused_from = ""
    material.save(update_fields=["file", "reused_from"])
    _record(claim, actor, "upload", f"上传材料：{name}（{clean}）")
    return material


@transaction.atomic
def claim_material_download(*, actor: User, claim_id: int, material_id: int) -> ClaimMaterial:
    """Check the right to the file and audit the download (the caller streams it)."""
    claim = access_claim_for(actor, claim_id)
    material = claim.materials.filter(pk=material_id).exclude(file="").first()
    if material is None or not may_download(actor, claim):
        raise NotFound()
    audit_record(
        actor=actor,
        action="policy_claim.material_download",
        obj=material,
        summary=f"{claim.number} 下载材料 {material.name}",
        data={"claim_id": claim.pk},
    )
    return material


def watch_claims(now: dt.datetime | None = None) -> dict[str, int]:
    """One warning to the department when a claim's time to payment runs low, one to the head when it is late."""
    now = now or timezone.now()
    open_statuses = (ClaimStatus.SUBMITTED, ClaimStatus.ACCEPTED, ClaimStatus.IN_REVIEW, ClaimStatus.APPROVED)
    counts = {"warned": 0, "overdue": 0}
    for field, moment, key in (("warned_at", "warning_at", "warned"), ("overdue_notified_at", "due_at", "overdue")):
        due = PolicyClaim.objects.filter(status__in=open_statuses, **{f"{field}__isnull": True, f"{moment}__lte": now})
        for claim in due.select_related("policy", "enterprise")[:1000]:
            with transaction.atomic():
                if not PolicyClaim.objects.filter(pk=claim.pk, **{f"{field}__isnull": True}).update(**{field: now}):
                    continue
                roles = (Role.DEPARTMENT_HEAD,) if key == "overdue" else tuple(DEPARTMENT_ROLES)
                notify(
                    recipients=list(
                        User.objects.filter(department_id=claim.department_id, role__in=roles, is_active=True)
                    ),
                    title=(
                        f"政策申兑{'已超期' if key == 'overdue' else '即将超期'}：{claim.number} "
                        f"{claim.enterprise.name}（{claim.policy.title}）"
                    )[:200],
                    link=f"/policies/claims/{claim.pk}/",
                )
                timeline_add(
                    subject_type=SUBJECT,
                    subject_id=claim.pk,
                    actor=None,
                    actor_label="系统",
                    action="overdue" if key == "overdue" else "warning",
                    note="兑付已超过时限，已督办部门负责人" if key == "overdue" else "兑付时限即将届满，已提醒兑现部门",
                    internal=True,
                )
                counts[key] += 1
    return counts
