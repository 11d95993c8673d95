"""Policy pages (惠企政策): the public library and policy page with its printable card (政策明白卡) and
interpretation, the form that records a policy and its eligibility criteria without JSON, the matched
enterprises, an enterprise's own matches, and claims (申兑) from filing to payment and rating. Rules live in the
services; these views parse, call and render."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.core.access import can, role_of
from qifu.core.choices import Light
from qifu.core.errors import DomainError, ValidationFailed
from qifu.core.http import AuthedRequest
from qifu.core.inputs import parse, uploaded
from qifu.core.pagination import keyset_page, total
from qifu.core.ui import flash_refusal, page
from qifu.enterprises.choices import LifecycleStage, Scale
from qifu.enterprises.models import Enterprise, Tag
from qifu.enterprises.permissions import access_enterprise_for
from qifu.enterprises.picker import as_id, picker_context, read_picker
from qifu.enterprises.selectors import enterprise_list_for
from qifu.orgs.models import Department, Park, Town
from qifu.policies import selectors, services
from qifu.policies.choices import BenefitType, ClaimStatus, PolicyStatus
from qifu.policies.criteria import clean_criteria, to_criteria
from qifu.policies.matching import SCALE_LABELS, STAGE_LABELS, Explanation, Verdict, explain
from qifu.policies.models import Policy, PolicyClaim, PushOptOut
from qifu.policies.permissions import access_claim_for, access_policy_for, may_download, may_manage, sees_internal
from qifu.policies.schemas import (
    ClaimDecideIn,
    ClaimDisburseIn,
    ClaimIn,
    ClaimNoteIn,
    ClaimRateIn,
    PolicyIn,
)
from qifu.policies.transitions import ACTION_LABELS, POLICY_WORKFLOW, WORKFLOW

PAGE_SIZE = 30
MATCH_PAGE = 50
MINE_ENTERPRISES = 100
INDUSTRY_SPLIT = re.compile(r"[\s,，、;；]+")
# The policy form's plain fields, as PolicyIn names them (the departments, auto_grant and criteria are built).
FORM_FIELDS = [
    name
    for name in PolicyIn.model_fields
    if name not in ("department_id", "interpreting_department_id", "auto_grant", "criteria", "publish")
]
DATE_FIELDS = ("effective_from", "effective_to", "apply_from", "apply_to")
NUMBER_CRITERIA = [f"{end}_{name}" for name in ("years", "employees", "revenue") for end in ("min", "max")]
STATUS_BADGE = {
    ClaimStatus.SUBMITTED: "bg-warning text-dark",
    ClaimStatus.ACCEPTED: "bg-info text-dark",
    ClaimStatus.IN_REVIEW: "bg-primary",
    ClaimStatus.APPROVED: "bg-success",
    ClaimStatus.DENIED: "bg-danger",
    ClaimStatus.DISBURSED: "bg-dark",
    ClaimStatus.WITHDRAWN: "bg-light text-dark border",
}
VERDICT_BADGE = {Verdict.FITS: "bg-success", Verdict.MAY_FIT: "bg-warning text-dark", Verdict.NO: "bg-secondary"}
STEPS = [
    ((ClaimStatus.SUBMITTED,), "提交申请"),
    ((ClaimStatus.ACCEPTED,), "窗口受理"),
    ((ClaimStatus.IN_REVIEW,), "部门审核"),
    ((ClaimStatus.APPROVED, ClaimStatus.DENIED), "审核结果"),
    ((ClaimStatus.DISBURSED,), "资金兑付"),
]
NEXT_STEP_STAFF = {
    ClaimStatus.SUBMITTED: "待政务服务中心窗口受理：核对申报材料，受理后流转至兑现部门。",
    ClaimStatus.ACCEPTED: "已受理，请即时流转至兑现部门审核。",
    ClaimStatus.IN_REVIEW: "兑现部门审核中：审核通过的登记兑付，不通过的写明理由。",
    ClaimStatus.APPROVED: "审核已通过，请在兑付期限前拨付资金并登记兑付。",
    ClaimStatus.DENIED: "审核未通过，理由已告知企业。",
    ClaimStatus.DISBURSED: "资金已兑付，申兑办结。",
    ClaimStatus.WITHDRAWN: "企业已撤回申请。",
}
NEXT_STEP_ENTERPRISE = {
    ClaimStatus.SUBMITTED: "申请已提交，等待政务服务中心窗口受理。",
    ClaimStatus.ACCEPTED: "申请已受理，正在转交兑现部门。",
    ClaimStatus.IN_REVIEW: "兑现部门正在审核，如需补充材料会电话联系您。",
    ClaimStatus.APPROVED: "审核已通过，资金将在兑付期限前拨付到企业账户。",
    ClaimStatus.DENIED: "审核未通过，理由见下方审核意见；如有疑问请拨打政策咨询电话。欢迎对本次服务作出评价。",
    ClaimStatus.DISBURSED: "资金已兑付到账，申兑办结。欢迎对本次服务作出评价。",
    ClaimStatus.WITHDRAWN: "申请已撤回。",
}


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """Public pages: the staff shell when logged in, the plain public layout otherwise."""
    base = "base.html" if request.user.is_authenticated else "catalog/public_base.html"
    return render(request, template, {"base_template": base, **context}, status=status)


def _errors(exc: DomainError) -> tuple[dict[str, str], dict[str, str]]:
    """Field messages of a refusal: the policy's own fields, and the criteria's (without "criteria.")."""
    fields: dict[str, str] = {}
    criteria: dict[str, str] = {}
    for e in exc.errors:
        target, name = (
            (criteria, e.field.removeprefix("criteria.")) if e.field.startswith("criteria.") else (fields, e.field)
        )
        target[name] = f"{target[name]}；{e.message}" if name in target else e.message
    return fields, criteria


def _enterprise_of(user: Any) -> Enterprise | None:
    if role_of(user) == Role.ENTERPRISE and user.enterprise_id:
        return Enterprise.objects.filter(pk=user.enterprise_id).first()
    return None


def _explain_for(policy: Policy, enterprise: Enterprise) -> Explanation:
    facts = selectors.enterprise_facts([enterprise.pk])[enterprise.pk]
    return explain(to_criteria(policy.criteria), facts, timezone.localdate(), selectors.load_names())


def _live_claim(policy: Policy, enterprise: Enterprise) -> PolicyClaim | None:
    return PolicyClaim.objects.filter(policy=policy, enterprise=enterprise).live().first()


def criteria_lines(criteria: dict[str, Any]) -> list[tuple[str, str]]:
    """The stored criteria in plain Chinese, one (label, text) per condition."""
    lines: list[tuple[str, str]] = []
    if criteria.get("industries"):
        lines.append(("行业", "国民经济行业代码以 " + "、".join(criteria["industries"]) + " 开头"))
    if criteria.get("scales"):
        lines.append(
            ("企业规模", "、".join(label for key, label in SCALE_LABELS.items() if key in criteria["scales"]) + "企业")
        )
    for key, label, model, prefix in (
        ("park_ids", "所属园区", Park, ""),
        ("town_ids", "所属镇街", Town, ""),
        ("lifecycle_stages", "生命周期阶段", None, ""),
        ("tags_all", "企业资质", Tag, "须同时具备："),
        ("tags_any", "企业资质", Tag, "具备其一即可："),
    ):
        if criteria.get(key):
            if model is None:
                names = [label for stage, label in STAGE_LABELS.items() if stage in criteria[key]]
            else:
                names = list(model.objects.filter(pk__in=criteria[key]).values_list("name", flat=True))
            lines.append((label, prefix + "、".join(names)))
    for name, label, unit in (
        ("years", "成立年限", "年"),
        ("employees", "从业人数", "人"),
        ("revenue", "年营业收入", "万元"),
    ):
        low, high = criteria.get(f"min_{name}"), criteria.get(f"max_{name}")
        if low is not None and high is not None:
            lines.append((label, f"{low}至{high}{unit}"))
        elif low is not None:
            lines.append((label, f"不少于{low}{unit}"))
        elif high is not None:
            lines.append((label, f"不超过{high}{unit}"))
    return lines


# ---------------------------------------------------------------- the library


@require_GET
def policy_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    keys = ("q", "department_id", "benefit_type", "industry", "open", "guide_missing")
    params = {k: request.GET.get(k, "").strip() for k in keys}
    published = selectors.policy_library(user, params).filter(status=PolicyStatus.PUBLISHED)
    policies = list(published[:200])
    manager = can(user, "policy.manage")
    drafts: list[Policy] = []
    if manager:
        drafts = [
            p
            for p in selectors.policy_library(user, {}).exclude(status=PolicyStatus.PUBLISHED).order_by("-id")[:50]
            if may_manage(user, p)
        ]
    return _render(
        request,
        "policies/list.html",
        {
            "policies": policies,
            "total": total(published),
            "params": params,
            "filtered": any(params.values()),
            "departments": Department.objects.filter(policies__status=PolicyStatus.PUBLISHED).distinct(),
            "benefit_types": BenefitType.choices,
            "can_manage": manager,
            "drafts": drafts,
            "enterprise": _enterprise_of(user),
            "today": timezone.localdate(),
        },
    )


@require_GET
def policy_detail(request: HttpRequest, policy_id: int) -> HttpResponse:
    user = request.user
    policy = access_policy_for(user, policy_id)
    enterprise = _enterprise_of(user)
    match = claim = None
    if enterprise is not None:
        services.push_mark_read(actor=user, policy=policy)
        match = _explain_for(policy, enterprise)
        claim = _live_claim(policy, enterprise)
    manager = may_manage(user, policy)
    today = timezone.localdate()
    is_open = Policy.objects.filter(selectors.open_q(today), pk=policy.pk).exists()
    return _render(
        request,
        "policies/detail.html",
        {
            "p": policy,
            "criteria": criteria_lines(policy.criteria),
            "materials": policy.material_names(),
            "enterprise": enterprise,
            "match": match,
            "verdict_badge": VERDICT_BADGE.get(match.verdict, "") if match else "",
            "claim": claim,
            "is_open": is_open,
            "can_claim": enterprise is not None
            and is_open
            and claim is None
            and match is not None
            and match.verdict != Verdict.NO,
            "can_claim_for": can(user, "policy.claim") and enterprise is None and is_open,
            "manager": manager,
            "can": {action: POLICY_WORKFLOW.may(user, policy, action) for action in POLICY_WORKFLOW.actions},
            "reach": selectors.reach(policy) if manager and policy.status == PolicyStatus.PUBLISHED else None,
        },
    )


def _print(request: HttpRequest, policy_id: int, template: str) -> HttpResponse:
    policy = access_policy_for(request.user, policy_id)
    return render(
        request,
        template,
        {
            "p": policy,
            "criteria": criteria_lines(policy.criteria),
            "materials": policy.material_names(),
            "printed_at": timezone.localtime(),
        },
    )


@require_GET
def policy_card(request: HttpRequest, policy_id: int) -> HttpResponse:
    return _print(request, policy_id, "policies/card.html")


@require_GET
def policy_interpretation(request: HttpRequest, policy_id: int) -> HttpResponse:
    return _print(request, policy_id, "policies/interpretation.html")


# ---------------------------------------------------------------- the policy form


def _criteria_from_post(post: QueryDict) -> dict[str, Any]:
    def ids(name: str) -> list[Any]:
        return [int(v) if v.isdigit() else v for v in post.getlist(name)]

    industries = [code for code in INDUSTRY_SPLIT.split(post.get("industries", "").strip()) if code]
    return {
        "industries": industries,
        "scales": post.getlist("scales"),
        "lifecycle_stages": post.getlist("lifecycle_stages"),
        "park_ids": ids("park_ids"),
        "town_ids": ids("town_ids"),
        "tags_all": ids("tags_all"),
        "tags_any": ids("tags_any"),
        **{name: post.get(name, "").strip() for name in NUMBER_CRITERIA},
    }


def _data_from_post(user: User, post: QueryDict) -> dict[str, Any]:
    """The form as PolicyIn takes it (the department is the user's own unless the admin picks one)."""
    data: dict[str, Any] = {name: post.get(name, "") for name in FORM_FIELDS}
    data.update(
        auto_grant=post.get("auto_grant") == "1",
        interpreting_department_id=post.get("interpreting_department_id", ""),
        department_id=post.get("department_id", "") if role_of(user) == Role.ADMIN else user.department_id,
        criteria=_criteria_from_post(post),
    )
    return data


def _policy_input(data: dict[str, Any]) -> PolicyIn:
    """The form as PolicyIn; when it is refused, the criteria's own errors are named with the others at once."""
    try:
        return parse(PolicyIn, data)
    except ValidationFailed as exc:
        try:
            clean_criteria(data["criteria"])
        except ValidationFailed as more:
            raise ValidationFailed(exc.detail, [*exc.errors, *more.errors]) from None
        raise


def _values_of(policy: Policy) -> dict[str, Any]:
    values: dict[str, Any] = {name: getattr(policy, name) for name in FORM_FIELDS}
    values.update({name: getattr(policy, name).isoformat() if getattr(policy, name) else "" for name in DATE_FIELDS})
    values.update(
        max_amount="" if policy.max_amount is None else policy.max_amount,
        auto_grant=policy.auto_grant,
        department_id=policy.department_id,
        interpreting_department_id=policy.interpreting_department_id or "",
    )
    return values


def _criteria_values(criteria: dict[str, Any]) -> dict[str, Any]:
    """What the form's criteria controls show: lists as sets of strings, numbers as text."""
    out: dict[str, Any] = {"industries": ", ".join(str(c) for c in criteria.get("industries", []))}
    for name in ("scales", "lifecycle_stages", "park_ids", "town_ids", "tags_all", "tags_any"):
        out[name] = {str(v) for v in criteria.get(name, [])}
    for name in NUMBER_CRITERIA:
        value = criteria.get(name)
        out[name] = "" if value is None else str(value)
    return out


def _form(
    request: HttpRequest,
    policy: Policy | None,
    values: dict[str, Any],
    criteria: dict[str, Any],
    errors: dict[str, str],
    criteria_errors: dict[str, str],
) -> HttpResponse:
    user = request.user
    return render(
        request,
        "policies/form.html",
        {
            "p": policy,
            "v": values,
            "c": criteria,
            "errors": errors,
            "cerr": criteria_errors,
            "benefit_types": BenefitType.choices,
            "scales": Scale.choices,
            "stages": LifecycleStage.choices,
            "parks": Park.objects.order_by("code"),
            "towns": Town.objects.order_by("code"),
            "tags": Tag.objects.order_by("pk"),
            "departments": Department.objects.filter(is_active=True),
            "is_admin": role_of(user) == Role.ADMIN,
            "own_department": getattr(user, "department", None),
        },
    )


@page("policy.manage")
def policy_create(request: AuthedRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        data = _data_from_post(user, request.POST)
        publish = request.POST.get("publish") == "1"
        try:
            policy = services.policy_create(actor=user, fields=_policy_input({**data, "publish": publish}))
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors, criteria_errors = _errors(exc)
            messages.error(request, "请按提示修改标红的项目后再保存" if errors or criteria_errors else exc.detail)
            values = {**data, "auto_grant": data["auto_grant"]}
            return _form(request, None, values, _criteria_values(data["criteria"]), errors, criteria_errors)
        if publish:
            messages.success(request, f"政策“{policy.title}”已发布，系统正在匹配符合条件的企业。")
        else:
            messages.success(request, f"政策“{policy.title}”已保存为草稿，核对无误后请发布。")
        return redirect("policies:detail", policy_id=policy.pk)
    values = {"department_id": user.department_id or "", "payment_days": 60, "benefit_type": BenefitType.SUBSIDY}
    return _form(request, None, values, _criteria_values({}), {}, {})


@page("policy.manage")
def policy_edit(request: AuthedRequest, policy_id: int) -> HttpResponse:
    user = request.user
    policy = access_policy_for(user, policy_id)
    if not may_manage(user, policy):
        raise Http404
    if request.method == "POST":
        data = _data_from_post(user, request.POST)
        publish = request.POST.get("publish") == "1" and policy.status != PolicyStatus.PUBLISHED
        try:
            policy = services.policy_update(actor=user, policy_id=policy.pk, fields=_policy_input(data))
            if publish:
                policy = services.policy_publish(actor=user, policy_id=policy.pk)
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors, criteria_errors = _errors(exc)
            messages.error(request, "请按提示修改标红的项目后再保存" if errors or criteria_errors else exc.detail)
            return _form(request, policy, data, _criteria_values(data["criteria"]), errors, criteria_errors)
        messages.success(request, "已发布，系统正在匹配符合条件的企业。" if publish else "已保存修改。")
        return redirect("policies:detail", policy_id=policy.pk)
    return _form(request, policy, _values_of(policy), _criteria_values(policy.criteria), {}, {})


@page("policy.manage")
@require_POST
def policy_action(request: AuthedRequest, policy_id: int, action: str) -> HttpResponse:
    user = request.user
    with flash_refusal(request):
        if action == "publish":
            services.policy_publish(actor=user, policy_id=policy_id)
            messages.success(request, "政策已发布，系统正在匹配符合条件的企业；匹配完成后可推送。")
        elif action == "withdraw":
            services.policy_withdraw(actor=user, policy_id=policy_id)
            messages.success(request, "政策已撤回，不再对外公布。")
        elif action == "push":
            count = services.policy_push(actor=user, policy_id=policy_id)
            if count:
                messages.success(request, f"已推送给 {count} 家符合条件的企业。")
            else:
                messages.info(request, "没有新的企业需要推送：符合条件的企业都已推送过，或已退订推送。")
        elif action == "rematch":
            services.policy_rematch(actor=user, policy_id=policy_id)
            messages.success(request, "正在按企业最新登记信息重新匹配，稍后刷新即可看到结果。")
        elif action == "auto_grant":
            count = services.auto_grant(actor=user, policy_id=policy_id)
            messages.success(request, f"免申即享：已为 {count} 家符合条件的企业直接核定，待兑付。")
        else:
            raise Http404
    return redirect("policies:detail", policy_id=policy_id)


@page("policy.manage")
def policy_matches(request: AuthedRequest, policy_id: int) -> HttpResponse:
    user = request.user
    policy = access_policy_for(user, policy_id)
    if not may_manage(user, policy):
        raise Http404
    verdict = request.GET.get("verdict", "")
    if verdict not in (Verdict.FITS, Verdict.MAY_FIT):
        verdict = ""
    cursor = request.GET.get("cursor", "")
    rows, next_cursor, fit_count, maybe_count = selectors.policy_matches_page(
        policy, cursor=int(cursor) if cursor.isdigit() else 0, limit=MATCH_PAGE, verdict=verdict
    )
    return render(
        request,
        "policies/matches.html",
        {
            "p": policy,
            "rows": [
                {"e": r.enterprise, "x": r.explanation, "badge": VERDICT_BADGE[r.explanation.verdict]} for r in rows
            ],
            "verdict": verdict,
            "fit_count": fit_count,
            "maybe_count": maybe_count,
            "next_url": "?" + urlencode({"verdict": verdict, "cursor": next_cursor}) if next_cursor else "",
            "first_page": not cursor,
        },
    )


# ---------------------------------------------------------------- matches of one's own enterprises


@page("policy.view")
def my_policies(request: AuthedRequest) -> HttpResponse:
    user = request.user
    enterprise = _enterprise_of(user)
    # Staff look at one enterprise's matches from its page (一企一档) with ?enterprise_id=.
    chosen = as_id(request.GET.get("enterprise_id", "")) if enterprise is None else None
    staff_view = chosen is not None
    if chosen is not None:
        enterprise = access_enterprise_for(user, chosen, related=False)
    if enterprise is not None:
        matches = selectors.enterprise_policy_matches(enterprise)
        return render(
            request,
            "policies/mine.html",
            {
                "enterprise": enterprise,
                "staff_view": staff_view,
                "matches": [{"m": m, "badge": VERDICT_BADGE[m.explanation.verdict]} for m in matches],
                "opted_out": PushOptOut.objects.filter(enterprise=enterprise).exists(),
                "can_edit_enterprise": can(user, "enterprise.edit"),
            },
        )
    groups = []
    steward = role_of(user) == Role.SERVICE_OFFICER
    if steward:
        mine = list(enterprise_list_for(user).order_by("name")[:MINE_ENTERPRISES])
        by_enterprise = selectors.policy_matches_for(mine, include_maybe=False)
        for e in mine:
            open_matches = [m for m in by_enterprise[e.pk] if not m.claimed]
            if open_matches:
                groups.append({"e": e, "matches": open_matches})
    return render(request, "policies/mine.html", {"enterprise": None, "groups": groups, "steward": steward})


@page("policy.view")
@require_POST
def opt_out(request: AuthedRequest) -> HttpResponse:
    enterprise = _enterprise_of(request.user)
    if enterprise is None:
        raise Http404
    with flash_refusal(request):
        stopped = services.push_opt_out(
            actor=request.user, enterprise_id=enterprise.pk, opted_out=request.POST.get("opted_out") == "1"
        )
        messages.success(
            request,
            "已退订政策推送。您仍可在本页查看为您匹配的政策。"
            if stopped
            else "已恢复政策推送，有符合条件的新政策时会通知您。",
        )
    return redirect("policies:mine")


# ---------------------------------------------------------------- claims


@page("policy.claim")
def claim_create(request: AuthedRequest, policy_id: int) -> HttpResponse:
    """File a claim: the enterprise for itself, or hall staff and officers on an enterprise's behalf."""
    user = request.user
    policy = access_policy_for(user, policy_id)
    own = _enterprise_of(user)
    source = request.POST if request.method == "POST" else request.GET
    enterprise: Enterprise | None = own
    raw_id, pick_error = ("", "") if own else read_picker(user, source, label="申报企业")
    chosen = as_id(raw_id)
    if own is None and chosen is not None:
        enterprise = access_enterprise_for(user, chosen, related=False)
    errors: dict[str, str] = {}
    values = {"amount": "", "materials": set(policy.material_names())}
    if request.method == "POST":
        values = {"amount": request.POST.get("amount", "").strip(), "materials": set(request.POST.getlist("materials"))}
        data = {
            "policy_id": policy.pk,
            "enterprise_id": enterprise.pk if enterprise else None,
            "amount": values["amount"],
            "materials": [m for m in policy.material_names() if m in values["materials"]],
        }
        try:
            fields = parse(ClaimIn, data)
            claim = services.claim_submit(
                actor=user,
                policy_id=fields.policy_id,
                enterprise_id=fields.enterprise_id,
                amount=fields.amount,
                materials=fields.materials,
                files={
                    name: file
                    for i, name in enumerate(policy.material_names(), start=1)
                    for file in uploaded(request, f"file_{i}")[:1]
                },
            )
        except DomainError as exc:
            if exc.status == 404:
                raise
            errors, _ = _errors(exc)
            if "enterprise_id" in errors and enterprise is None:
                errors["enterprise_id"] = pick_error or "请填写申报企业的名称或统一社会信用代码"
            messages.error(request, exc.detail)
        else:
            messages.success(
                request,
                f"申兑已提交，申兑编号 {claim.number}。政务服务中心窗口受理后转兑现部门审核，"
                f"审核通过后 {claim.days_total} 个工作日内兑付。",
            )
            return redirect("policies:claim_detail", claim_id=claim.pk)
    match = _explain_for(policy, enterprise) if enterprise is not None else None
    return render(
        request,
        "policies/claim_new.html",
        {
            "p": policy,
            "enterprise": enterprise,
            "own": own,
            "match": match,
            "picker": None
            if own
            else picker_context(
                user,
                {"enterprise_id": enterprise.pk, "enterprise_q": enterprise.name} if enterprise else source,
                label="申报企业",
                error=errors.get("enterprise_id", pick_error),
                reload=True,
            ),
            "materials": policy.material_names(),
            "values": values,
            "errors": errors,
        },
    )


def claim_light(claim: PolicyClaim) -> dict[str, str] | None:
    value = WORKFLOW.light(claim)
    return None if value is None else {"value": value, "label": Light(value).label}


@page("policy.view")
def claim_list(request: AuthedRequest) -> HttpResponse:
    user = request.user
    status = request.GET.get("status", "")
    if status not in ClaimStatus.values:
        status = ""
    light = request.GET.get("light", "")
    if light not in Light.values:
        light = ""
    qs = selectors.claim_list_for(user, status, light=light)
    enterprise_id = as_id(request.GET.get("enterprise_id", ""))  # one enterprise's (its page links here)
    if enterprise_id is not None:
        qs = qs.filter(enterprise_id=enterprise_id)
    rows, next_cursor = keyset_page(qs, cursor=request.GET.get("cursor"), limit=PAGE_SIZE)
    kept = {"enterprise_id": enterprise_id} if enterprise_id is not None else {}
    enterprise_user = role_of(user) == Role.ENTERPRISE
    return render(
        request,
        "policies/claims.html",
        {
            "items": [{"c": c, "badge": STATUS_BADGE[ClaimStatus(c.status)], "light": claim_light(c)} for c in rows],
            "total": total(qs),
            "status": status,
            "statuses": ClaimStatus.choices,
            "light": light,
            "lights": Light.choices,
            "next_url": "?" + urlencode({"status": status, "light": light, **kept, "cursor": next_cursor})
            if next_cursor
            else "",
            "enterprise_id": enterprise_id,
            "enterprise_filter": next((c.enterprise.name for c in rows), "指定企业") if enterprise_id else "",
            "enterprise_clear": urlencode({"status": status, "light": light}),
            "first_page": not request.GET.get("cursor"),
            "enterprise_user": enterprise_user,
        },
    )


def _steps(claim: PolicyClaim) -> list[dict[str, str]]:
    index = next((i for i, (statuses, _) in enumerate(STEPS) if claim.status in statuses), None)
    if index is None:
        return []
    return [
        {
            "label": label,
            "state": "done"
            if i < index or claim.status == ClaimStatus.DISBURSED
            else ("current" if i == index else "todo"),
        }
        for i, (_, label) in enumerate(STEPS)
    ]


@dataclass(frozen=True)
class TimelineRow:
    at: dt.datetime
    actor: str
    label: str
    note: str
    internal: bool


@page("policy.view")
def claim_detail(request: AuthedRequest, claim_id: int) -> HttpResponse:
    user = request.user
    claim = access_claim_for(user, claim_id)
    enterprise_user = role_of(user) == Role.ENTERPRISE
    acts = {name: WORKFLOW.may(user, claim, name) for name in WORKFLOW.actions}
    rate = acts.pop("rate") and claim.rating is None
    upload = acts.pop("upload")
    staff = sees_internal(user)
    timeline = [
        TimelineRow(e.at, e.actor_label, ACTION_LABELS.get(e.action, e.action), e.text_for(staff), e.internal)
        for e in selectors.claim_timeline(user, claim)
    ]
    return render(
        request,
        "policies/claim_detail.html",
        {
            "c": claim,
            "badge": STATUS_BADGE[ClaimStatus(claim.status)],
            "light": claim_light(claim),
            "steps": _steps(claim),
            "next_step": (NEXT_STEP_ENTERPRISE if enterprise_user else NEXT_STEP_STAFF).get(ClaimStatus(claim.status)),
            "materials": list(claim.materials.all()),
            "can_download": may_download(user, claim),
            "upload_names": claim.policy.material_names() if upload else [],
            "timeline": timeline,
            "can": acts,
            "can_rate": rate,
            "any_action": any(acts.values()) or rate,
            "enterprise_user": enterprise_user,
            "can_enterprise": can(user, "enterprise.view") and not enterprise_user,
            "today": timezone.localdate(),
            "stars": range(5, 0, -1),
        },
    )


def _note(post: QueryDict) -> str:
    return parse(ClaimNoteIn, post).note


def _rate(user: User, claim_id: int, post: QueryDict) -> str:
    fields = parse(ClaimRateIn, post)
    services.claim_rate(actor=user, claim_id=claim_id, rating=fields.rating, comment=fields.comment)
    return "感谢您的评价！"


def _decide(approved: bool) -> Callable[[User, int, QueryDict], str]:
    def decide(user: User, claim_id: int, post: QueryDict) -> str:
        fields = parse(ClaimDecideIn, {"approved": approved, "note": post.get("note", "")})
        if fields.approved:
            services.claim_approve(actor=user, claim_id=claim_id, note=fields.note)
            return "已审核通过，企业已收到通知；拨付资金后请登记兑付。"
        services.claim_deny(actor=user, claim_id=claim_id, note=fields.note)
        return "已作出审核不通过决定，理由已告知企业。"

    return decide


def _disburse(user: User, claim_id: int, post: QueryDict) -> str:
    fields = parse(ClaimDisburseIn, post)
    services.claim_disburse(
        actor=user, claim_id=claim_id, amount=fields.amount, paid_on=fields.paid_on, note=fields.note
    )
    return "已登记兑付，企业已收到通知。"


def _accept(user: User, claim_id: int, post: QueryDict) -> str:
    services.claim_accept(actor=user, claim_id=claim_id, note=_note(post))
    return "已受理，请流转至兑现部门。"


def _handover(user: User, claim_id: int, post: QueryDict) -> str:
    services.claim_handover(actor=user, claim_id=claim_id, note=_note(post))
    return "已流转至兑现部门审核。"


def _withdraw(user: User, claim_id: int, post: QueryDict) -> str:
    services.claim_withdraw(actor=user, claim_id=claim_id, note=_note(post))
    return "申请已撤回。"


# The claim page's forms: each parses its own input, calls its own service and says what was done.
CLAIM_FORMS: dict[str, Callable[[User, int, QueryDict], str]] = {
    "accept": _accept,
    "handover": _handover,
    "approve": _decide(True),
    "deny": _decide(False),
    "disburse": _disburse,
    "withdraw": _withdraw,
    "rate": _rate,
}


@page("policy.view")
@require_POST
def claim_action(request: AuthedRequest, claim_id: int, action: str) -> HttpResponse:
    access_claim_for(request.user, claim_id)
    form = CLAIM_FORMS.get(action)
    if form is None:
        raise Http404
    with flash_refusal(request):
        messages.success(request, form(request.user, claim_id, request.POST))
    return redirect("policies:claim_detail", claim_id=claim_id)


@page("policy.view")
@require_POST
def claim_material_upload(request: AuthedRequest, claim_id: int) -> HttpResponse:
    upload = request.FILES.get("file")
    with flash_refusal(request):
        if upload is None:
            raise ValidationFailed.field("file", "请选择要上传的文件")
        material = services.claim_material_upload(
            actor=request.user,
            claim_id=claim_id,
            name=request.POST.get("name", ""),
            filename=upload.name or "",
            content=upload.read(),
        )
        messages.success(request, f"已上传：{material.name}")
    return redirect("policies:claim_detail", claim_id=claim_id)


@page("policy.view")
@require_GET
def claim_material_file(request: AuthedRequest, claim_id: int, material_id: int) -> FileResponse:
    material = services.claim_material_download(actor=request.user, claim_id=claim_id, material_id=material_id)
    suffix = material.file.name[material.file.name.rfind(".") :]
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=f"{material.name}{suffix}")
