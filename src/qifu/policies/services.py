"""Every write of policies: the library, match refreshes, pushes, auto-grants (免申即享) and claims (申兑).

A policy's publication and withdrawal, and every claim action, go through their workflow (transitions.py): one
function per action, which checks the input's business rules and calls `act`. A push or an auto-grant is cut
into batches, each one transaction whose unique pairs make a re-run after an interruption send and grant nothing
twice."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.utils import timezone

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.core import hooks
from qifu.core.access import DEPARTMENT_ROLES, HALL_ROLES, require, role_of
from qifu.core.audit import audit_record, register_action_labels
from qifu.core.deadlines import compute
from qifu.core.errors import Conflict, FieldError, NotFound, PermissionDenied, ValidationFailed
from qifu.core.files import check_upload, check_uploads
from qifu.core.numbering import next_daily_number
from qifu.core.services import notify
from qifu.core.tasks import enqueue
from qifu.core.workflow import Notice
from qifu.enterprises.models import Enterprise
from qifu.enterprises.permissions import access_enterprise_for
from qifu.orgs.models import Department
from qifu.policies import selectors
from qifu.policies.choices import ClaimStatus, PolicyStatus
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
from qifu.policies.permissions import access_claim_for, access_policy_for, may_download, may_manage
from qifu.policies.schemas import PolicyIn
from qifu.policies.transitions import POLICY_WORKFLOW, WORKFLOW

register_action_labels(
    {
        "policy.create": "政策 录入",
        "policy.update": "政策 修改",
        "policy.rematch": "政策 重新匹配",
        "policy.rematch_all": "政策 全量重新匹配",
        "policy.push": "政策 推送",
        "policy.opt_out": "政策 企业退订推送",
        "policy.opt_in": "政策 企业恢复推送",
        "policy_claim.material_download": "申兑 下载材料",
    }
)

BATCH = 500


# ---------------------------------------------------------------- the library


def _policy_values(fields: PolicyIn) -> dict[str, Any]:
    """The model's values of a policy's input, after the rules the schema cannot check: the order of its dates,
    the departments that exist and the criteria (the names of parks, towns and tags)."""
    errors: list[FieldError] = []
    for first, last, label in (("effective_from", "effective_to", "失效日期"), ("apply_from", "apply_to", "申报截止")):
        start, end = getattr(fields, first), getattr(fields, last)
        if start and end and end < start:
            errors.append(FieldError(last, f"{label}不能早于开始日期"))
    for name, message in (("department_id", "出台部门不存在"), ("interpreting_department_id", "解读部门不存在")):
        wanted = getattr(fields, name)
        if wanted is not None and not Department.objects.filter(pk=wanted).exists():
            errors.append(FieldError(name, message))
    try:
        criteria = clean_criteria(fields.criteria)
    except ValidationFailed as exc:
        errors.extend(exc.errors)
    if errors:
        raise ValidationFailed("政策信息有误：" + "；".join(e.message for e in errors), errors)
    return {**fields.model_dump(exclude={"criteria", "publish"}), "criteria": criteria}


@transaction.atomic
def policy_create(*, actor: User, fields: PolicyIn) -> Policy:
    """Record a policy as a draft (or publish it at once with `publish`), for the actor's own department."""
    require(actor, "policy.manage")
    values = _policy_values(fields)
    if not may_manage(actor, department_id=fields.department_id):
        raise ValidationFailed.field("department_id", "只能录入本部门出台的政策")
    policy = Policy.objects.create(created_by=actor, **values)
    audit_record(actor=actor, action="policy.create", obj=policy, summary=f"录入政策：{policy.title}")
    if fields.publish:
        policy = policy_publish(actor=actor, policy_id=policy.pk)
    return policy


@transaction.atomic
def policy_update(*, actor: User, policy_id: int, fields: PolicyIn) -> Policy:
    """Edit every field of a policy (`publish` is policy_publish's)."""
    policy = access_policy_for(actor, policy_id)
    if not may_manage(actor, policy):
        raise PermissionDenied()
    values = _policy_values(fields)
    if not may_manage(actor, department_id=fields.department_id):
        raise ValidationFailed.field("department_id", "只能录入本部门出台的政策")
    changed = sorted(name for name, value in values.items() if getattr(policy, name) != value)
    for name in changed:
        setattr(policy, name, values[name])
    policy.save()
    audit_record(
        actor=actor, action="policy.update", obj=policy, summary=f"修改政策：{policy.title}", data={"fields": changed}
    )
    if "criteria" in changed and policy.status == PolicyStatus.PUBLISHED:
        enqueue_match(policy.pk)
    return policy


@transaction.atomic
def policy_publish(*, actor: User, policy_id: int) -> Policy:
    policy = access_policy_for(actor, policy_id)
    policy = POLICY_WORKFLOW.act(policy, actor=actor, action="publish", updates={"published_at": timezone.now()})
    enqueue_match(policy.pk)
    return policy


@transaction.atomic
def policy_withdraw(*, actor: User, policy_id: int) -> Policy:
    policy = access_policy_for(actor, policy_id)
    return POLICY_WORKFLOW.act(policy, actor=actor, action="withdraw")


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
                    status=ClaimStatus.APPROVED,  # created approved: no application, nothing to move (免申即享)
                    auto_granted=True,
                    submitted_by=actor,
                    **_clock(policy, today),
                )
                WORKFLOW.record(claim, actor=actor, action="auto_grant", public="符合条件，无需申请，直接核定")
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


def _hall_users() -> list[User]:
    return list(User.objects.filter(role__in=HALL_ROLES, is_active=True))


def _enterprise_users(claim: PolicyClaim) -> list[User]:
    return list(User.objects.filter(enterprise_id=claim.enterprise_id, role=Role.ENTERPRISE, is_active=True))


def _department_users(claim: PolicyClaim, roles: Iterable[str] = DEPARTMENT_ROLES) -> list[User]:
    return list(User.objects.filter(department_id=claim.department_id, role__in=list(roles), is_active=True))


def _over_cap(policy: Policy, amount: Decimal | None, label: str) -> None:
    """A claim asks for, and is paid, at most the policy's cap (单笔兑现上限)."""
    if amount is not None and policy.max_amount is not None and amount > policy.max_amount:
        raise ValidationFailed.field("amount", f"{label}不能超过该政策的单笔兑现上限 {policy.max_amount} 万元")


@transaction.atomic
def claim_submit(
    *,
    actor: User,
    policy_id: int,
    enterprise_id: int,
    amount: Decimal | None = None,
    materials: Sequence[str] = (),
    files: Mapping[str, tuple[str, bytes]] | None = None,
) -> PolicyClaim:
    """File a claim (online by the enterprise, or at the hall / by its officer on its behalf); `materials` are
    those the applicant says it hands over (on paper at the window, or uploads next), `files` the files uploaded
    with it by material name: all checked first, and a bad one writes nothing."""
    require(actor, "policy.claim")
    files = dict(files or {})
    names = dict(zip(files, check_uploads([("files", n, c) for n, c in files.values()]), strict=True))
    try:
        policy = access_policy_for(actor, policy_id)
    except NotFound:
        raise ValidationFailed.field("policy_id", "政策不存在") from None
    try:
        enterprise = access_enterprise_for(actor, enterprise_id, related=False)
    except NotFound:
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
    _over_cap(policy, amount, "申请金额")
    asked = policy.material_names()
    if any(name not in asked for name in [*materials, *files]):
        raise ValidationFailed.field("materials", "材料应为该政策申报材料中的名称")
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
        earlier = None if name in files else _reuse(enterprise, name)
        if earlier is not None:
            ClaimMaterial.objects.create(claim=claim, name=name, file=earlier[0].name, reused_from=earlier[1])
            reused.append(name)
        else:
            ClaimMaterial.objects.create(claim=claim, name=name)
    notes = [
        f"复用已提交材料：{'、'.join(reused)}" if reused else "",
        f"申报时提供：{'、'.join(materials)}" if materials else "",
    ]
    WORKFLOW.record(
        claim,
        actor=actor,
        action="submit",
        public="；".join(n for n in notes if n),
        data={"verdict": str(found.verdict), "missing": found.missing},
        notices=[Notice(_hall_users(), f"新的政策申兑（{enterprise.name}）")],
    )
    for material in claim.materials.filter(name__in=files):
        _store_claim_file(claim, material, names[material.name], files[material.name][1], actor)
    return claim


@transaction.atomic
def claim_accept(*, actor: User, claim_id: int, note: str = "") -> PolicyClaim:
    """The hall accepts a claim whose materials are complete."""
    claim = access_claim_for(actor, claim_id)
    return WORKFLOW.act(claim, actor=actor, action="accept", note=note)


@transaction.atomic
def claim_handover(*, actor: User, claim_id: int, note: str = "") -> PolicyClaim:
    """The hall hands an accepted claim to the paying department for review."""
    claim = access_claim_for(actor, claim_id)
    return WORKFLOW.act(
        claim,
        actor=actor,
        action="handover",
        note=note,
        notices=[Notice(_department_users(claim), f"待审核的政策申兑（{claim.enterprise.name}）")],
    )


@transaction.atomic
def claim_approve(*, actor: User, claim_id: int, note: str = "") -> PolicyClaim:
    claim = access_claim_for(actor, claim_id)
    return WORKFLOW.act(
        claim,
        actor=actor,
        action="approve",
        note=note,  # the department's own; the enterprise reads that the claim passed
        public="审核通过，待兑付",
        notices=[Notice(_enterprise_users(claim), "政策申兑审核通过", note)],
    )


@transaction.atomic
def claim_deny(*, actor: User, claim_id: int, note: str) -> PolicyClaim:
    """Refuse a claim, with the reason the enterprise is told."""
    claim = access_claim_for(actor, claim_id)
    WORKFLOW.check(claim, actor, "deny")
    if not note:
        raise ValidationFailed.field("note", "审核未通过须写明理由")
    claim = WORKFLOW.act(
        claim,
        actor=actor,
        action="deny",
        public=note,
        checked=True,
        updates={"decision_note": note, "closed_at": timezone.now()},
        notices=[Notice(_enterprise_users(claim), "政策申兑审核未通过", note)],
    )
    hooks.service_result(subject_type="policy_claim", subject_id=claim.pk)  # the rating link (好差评)
    return claim


@transaction.atomic
def claim_disburse(*, actor: User, claim_id: int, amount: Decimal, paid_on: dt.date, note: str = "") -> PolicyClaim:
    """Record the payment of an approved claim: at most the policy's cap, on a day not in the future."""
    claim = access_claim_for(actor, claim_id)
    WORKFLOW.check(claim, actor, "disburse")
    errors = []
    if claim.policy.max_amount is not None and amount > claim.policy.max_amount:
        errors.append(FieldError("amount", f"兑付金额不能超过该政策的单笔兑现上限 {claim.policy.max_amount} 万元"))
    if paid_on > timezone.localdate():
        errors.append(FieldError("paid_on", "兑付日期应为今天或之前的日期"))
    if errors:
        raise ValidationFailed("兑付信息有误：" + "；".join(e.message for e in errors), errors)
    note = note or f"兑付 {amount} 万元（{paid_on:%Y-%m-%d}）"
    claim = WORKFLOW.act(
        claim,
        actor=actor,
        action="disburse",
        public=note,
        checked=True,
        updates={"amount_paid": amount, "paid_on": paid_on, "closed_at": timezone.now()},
        notices=[Notice(_enterprise_users(claim), "政策申兑已兑付", note)],
    )
    hooks.service_result(subject_type="policy_claim", subject_id=claim.pk)  # the rating link (好差评)
    return claim


@transaction.atomic
def claim_withdraw(*, actor: User, claim_id: int, note: str = "") -> PolicyClaim:
    """The enterprise withdraws its claim before the decision."""
    claim = access_claim_for(actor, claim_id)
    return WORKFLOW.act(claim, actor=actor, action="withdraw", public=note, updates={"closed_at": timezone.now()})


@transaction.atomic
def claim_rate(*, actor: User, claim_id: int, rating: int, comment: str = "") -> PolicyClaim:
    """The enterprise rates the service once the claim is closed (1 非常不满意 … 5 非常满意), once."""
    claim = access_claim_for(actor, claim_id)
    WORKFLOW.check(claim, actor, "rate")
    if not PolicyClaim.objects.filter(pk=claim.pk, rating__isnull=True).update(rating=rating, rating_comment=comment):
        raise Conflict("已评价过")
    claim.refresh_from_db()
    WORKFLOW.record(claim, actor=actor, action="rate", public=f"{rating} 星" + (f"：{comment}" if comment else ""))
    # The stars are the claim's rating (好差评), counted with every other service's.
    hooks.rating_given(subject_type="policy_claim", subject_id=claim.pk, level=rating, comment=comment, actor=actor)
    return claim


@transaction.atomic
def claim_material_upload(*, actor: User, claim_id: int, name: str, filename: str, content: bytes) -> ClaimMaterial:
    """Attach the file of one of the policy's materials (checked by content and size, kept outside the web root);
    it replaces an earlier or reused file of the same material."""
    claim = access_claim_for(actor, claim_id)
    WORKFLOW.check(claim, actor, "upload")
    if name not in claim.policy.material_names():
        raise ValidationFailed.field("name", "该政策的申报材料中没有这一项")
    clean = check_upload(filename, content)
    material, _ = ClaimMaterial.objects.get_or_create(claim=claim, name=name)
    return _store_claim_file(claim, material, clean, content, actor)


def _store_claim_file(
    claim: PolicyClaim, material: ClaimMaterial, clean: str, content: bytes, actor: User
) -> ClaimMaterial:
    """Keep a checked file as the material's (replacing a reused one) and note it on the timeline."""
    material.file.save(f"{claim.number}-{material.pk}{clean[clean.rfind('.') :]}", ContentFile(content), save=False)
    material.reused_from = ""
    material.save(update_fields=["file", "reused_from"])
    WORKFLOW.record(claim, actor=actor, action="upload", public=f"上传材料：{material.name}（{clean}）")
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


def _late_step(claim: PolicyClaim, *, mark: str, action: str, roles: tuple[str, ...], note: str) -> None:
    """A claim's own step when its time to payment runs low or out (supervision's watcher decides when, once
    per deadline): the mark on the claim, the internal step on its timeline, the notice to its department."""
    PolicyClaim.objects.filter(pk=claim.pk).update(**{mark: timezone.now()})
    WORKFLOW.record(
        claim,
        actor=None,
        actor_label="系统",
        action=action,
        note=note,
        internal=True,
        notices=[
            Notice(_department_users(claim, roles), f"政策申兑{WORKFLOW.label(action)}（{claim.enterprise.name}）")
        ],
    )


def warn_late(claim: PolicyClaim) -> None:
    _late_step(
        claim,
        mark="warned_at",
        action="warning",
        roles=tuple(DEPARTMENT_ROLES),
        note="兑付时限即将届满，已提醒兑现部门",
    )


def supervise_late(claim: PolicyClaim) -> None:
    _late_step(
        claim,
        mark="overdue_notified_at",
        action="overdue",
        roles=(Role.DEPARTMENT_HEAD,),
        note="兑付已超过时限，已督办部门负责人",
    )
