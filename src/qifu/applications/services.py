"""Every write to an application. Each action checks the workflow (409) and the actor's right (403), moves
the status with a compare-and-set, and writes the timeline and audit events in the same transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.applications import clock, stats
from qifu.applications.choices import (
    APPOINTMENT_SLOTS,
    ApplicationStatus,
    AppointmentStatus,
    DeliveryMethod,
    MaterialState,
    Mode,
    TerminationReason,
    Window,
)
from qifu.applications.models import (
    Application,
    ApplicationCounter,
    Appointment,
    AppointmentCounter,
    AppointmentSlot,
    Commitment,
    CorrectionNotice,
    Delivery,
    Entrustment,
    Handover,
    SubmittedMaterial,
)
from qifu.applications.permissions import access_application_for, appointments_visible_to
from qifu.applications.transitions import TRANSITIONS, WHO, allowed
from qifu.catalog.models import Bundle, ItemVersion, MaterialRequirement, ServiceItem
from qifu.core.access import DEPARTMENT_ROLES, HALL_ROLES, require, role_of
from qifu.core.audit import audit_record
from qifu.core.cleaning import clean_text
from qifu.core.errors import Conflict, FieldError, NotFound, PermissionDenied, ValidationFailed
from qifu.core.files import check_upload
from qifu.core.identifiers import clean_id_number
from qifu.core.numbering import next_daily_number
from qifu.core.services import notify, timeline_add
from qifu.core.workcalendar import SHANGHAI, get_calendar
from qifu.enterprises.models import Enterprise
from qifu.enterprises.permissions import access_enterprise_for

SUBJECT = "application"
ACTION_LABELS = {
    "submit": "提交申请",
    "accept": "受理",
    "request_correction": "一次性告知补正",
    "refuse": "不予受理",
    "correct": "补正材料",
    "handover": "流转至审批部门",
    "approve": "准予许可",
    "deny": "不予许可",
    "deliver": "出件",
    "terminate": "终止办理",
    "pause": "暂停计时",
    "resume": "恢复计时",
    "extend": "延长审批时限",
    "supply_deferred": "补交容缺材料",
    "upload": "上传材料",
    "result": "上传审批结果",
    "deemed_accepted": "逾期未告知，视为受理",
    "commitment_broken": "承诺逾期未履行",
}
EXTENSION_LIMITS = {False: 10, True: 15}  # Art. 42: +10 working days, joint handling +15


def _record(
    application: Application,
    actor: Any,
    action: str,
    note: str = "",
    *,
    internal: bool = False,
    data: dict[str, Any] | None = None,
) -> None:
    timeline_add(
        subject_type=SUBJECT,
        subject_id=application.pk,
        actor=actor,
        action=action,
        note=note,
        internal=internal,
        data=data,
    )
    audit_record(
        actor=actor,
        action=f"application.{action}",
        obj=application,
        summary=f"{application.number} {ACTION_LABELS.get(action, action)}" + (f"：{note}" if note else ""),
        data={"status": application.status, **(data or {})},
    )


def _check(application: Application, actor: Any, action: str) -> None:
    if not allowed(application.status, action):
        raise Conflict(f"办件当前状态为“{application.get_status_display()}”，不能{ACTION_LABELS.get(action, action)}")
    if not WHO[action](actor, application):
        raise PermissionDenied()


def _move(application: Application, actor: Any, action: str, **updates: Any) -> Application:
    _check(application, actor, action)
    new_status = TRANSITIONS[(application.status, action)]
    if not Application.objects.filter(pk=application.pk, status=application.status).update(
        status=new_status, updated_at=timezone.now(), **updates
    ):
        raise Conflict("该办件刚被他人处理，请刷新后重试")
    application.refresh_from_db()
    return application


def _applicant_users(application: Application) -> list[User]:
    return list(User.objects.filter(enterprise_id=application.enterprise_id, role=Role.ENTERPRISE, is_active=True))


def _department_staff(department_id: int | None) -> list[User]:
    if department_id is None:
        return []
    return list(User.objects.filter(department_id=department_id, role__in=DEPARTMENT_ROLES, is_active=True))


def _hall_staff() -> list[User]:
    return list(User.objects.filter(role=Role.WINDOW_STAFF, is_active=True))


def _notify(recipients: list[User], application: Application, title: str, body: str = "") -> None:
    notify(
        recipients=recipients,
        title=f"{title}：{application.number} {application.title}"[:200],
        body=body,
        link=f"/api/v1/applications/{application.pk}",
    )


# ---------------------------------------------------------------- entrustments


@transaction.atomic
def entrustment_register(*, actor: User, data: dict[str, Any]) -> Entrustment:
    """Record the enterprise's written authorisation of an agent (the window keeps the signed paper)."""
    require(actor, "application.window")
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    try:
        values["enterprise"] = access_enterprise_for(actor, int(data.get("enterprise_id") or 0), related=False)
    except (NotFound, TypeError, ValueError):
        errors.append(FieldError("enterprise_id", "企业不存在"))
    for field, label, length in (
        ("agent_name", "代办人姓名", 50),
        ("agent_phone", "代办人电话", 30),
        ("scope", "委托事项范围", 300),
    ):
        try:
            values[field] = clean_text(field, label, data.get(field), max_length=length)
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    try:
        values["agent_id_number"] = clean_id_number(str(data.get("agent_id_number") or ""), "agent_id_number")
    except ValidationFailed as exc:
        errors.extend(exc.errors)
    valid_until = data.get("valid_until")
    if not isinstance(valid_until, dt.date) or valid_until < timezone.localdate():
        valid_until = None
    if valid_until is None:
        errors.append(FieldError("valid_until", "委托有效期应为今天或以后的日期"))
    if errors or valid_until is None:
        raise ValidationFailed("委托书信息有误：" + "；".join(e.message for e in errors), errors)
    entrustment = Entrustment.objects.create(created_by=actor, valid_until=valid_until, **values)
    audit_record(
        actor=actor,
        action="entrustment.register",
        obj=entrustment,
        summary=f"登记委托：{values['enterprise'].name} 委托 {entrustment.agent_name}",
    )
    return entrustment


def _valid_entrustment(enterprise: Enterprise, agent: dict[str, Any]) -> Entrustment:
    try:
        id_number = clean_id_number(str(agent.get("id_number") or ""), "agent")
    except ValidationFailed:
        raise ValidationFailed.field("agent", "代办人身份证号有误") from None
    found = (
        Entrustment.objects.filter(
            enterprise=enterprise,
            agent_id_number=id_number,
            revoked_at__isnull=True,
            valid_until__gte=timezone.localdate(),
        )
        .order_by("-valid_until")
        .first()
    )
    if found is None:
        raise ValidationFailed.field("agent", "代办人没有该企业在有效期内的委托书，请先登记委托书")
    return found


# ---------------------------------------------------------------- submission


def _requirements(version: ItemVersion | None, bundle: Bundle | None) -> list[MaterialRequirement]:
    """The materials asked: the item's, or for a bundle those of each item's current version."""
    if version is not None:
        return list(version.materials.all())
    assert bundle is not None
    versions = [item.current_id for item in bundle.items.all() if item.current_id]
    return list(MaterialRequirement.objects.filter(version_id__in=versions).select_related("version"))


@transaction.atomic
def application_submit(*, actor: User, data: dict[str, Any]) -> Application:
    """File an application for an item or a bundle, in one of three modes (self, assisted, proxy)."""
    require(actor, "application.submit")
    errors: list[FieldError] = []
    enterprise: Enterprise | None = None
    if role_of(actor) == Role.ENTERPRISE:
        enterprise = access_enterprise_for(actor, actor.enterprise_id or 0, related=False)
    else:
        try:
            enterprise = access_enterprise_for(actor, int(data.get("enterprise_id") or 0), related=False)
        except (NotFound, TypeError, ValueError):
            errors.append(FieldError("enterprise_id", "企业不存在或不在您的服务范围内"))
    version: ItemVersion | None = None
    bundle: Bundle | None = None
    if data.get("item_id") and data.get("bundle_id"):
        errors.append(FieldError("item_id", "事项和一件事只能选一个"))
    elif data.get("item_id"):
        item = ServiceItem.objects.select_related("current").filter(pk=data["item_id"], is_listed=True).first()
        if item is None or item.current is None:
            errors.append(FieldError("item_id", "事项不存在或已下线"))
        else:
            version = item.current
    elif data.get("bundle_id"):
        bundle = Bundle.objects.filter(pk=data["bundle_id"], is_listed=True).first()
        if bundle is None:
            errors.append(FieldError("bundle_id", "一件事不存在或已下线"))
    else:
        errors.append(FieldError("item_id", "请选择办理事项或一件事"))
    mode = str(data.get("mode") or Mode.SELF)
    if mode not in Mode.values:
        errors.append(FieldError("mode", "办理方式应为 self（自办）、assisted（帮办）或 proxy（代办）"))
    if mode == Mode.SELF and role_of(actor) not in (Role.ENTERPRISE, Role.ADMIN):
        errors.append(FieldError("mode", "工作人员代为填报请选择帮办或代办"))
    if mode == Mode.ASSISTED and role_of(actor) == Role.ENTERPRISE:
        errors.append(FieldError("mode", "帮办由窗口或助企干部发起"))
    if errors:
        raise ValidationFailed("申请信息有误：" + "；".join(e.message for e in errors), errors)
    assert enterprise is not None
    entrustment = _valid_entrustment(enterprise, data.get("agent") or {}) if mode == Mode.PROXY else None
    now = timezone.now()
    application = Application.objects.create(
        number=next_daily_number(ApplicationCounter, "BJ", timezone.localdate(now)),
        enterprise=enterprise,
        item_version=version,
        bundle=bundle,
        department=version.item.department if version else None,
        mode=mode,
        entrustment=entrustment,
        helper=actor if mode == Mode.ASSISTED else None,
        submitted_by=actor,
        green_channel=bool(data.get("green_channel")),
        submitted_at=now,
        notice_due_at=clock.notice_due(timezone.localdate(now)),
    )
    requirements = _requirements(version, bundle)
    provided = {int(m["requirement_id"]) for m in data.get("materials") or [] if m.get("provided")}
    known = {r.pk for r in requirements}
    unknown = sorted(provided - known)
    if unknown:
        raise ValidationFailed.field("materials", f"材料要求编号不属于该事项：{unknown}")
    provided = _expand_same_name(requirements, provided)
    SubmittedMaterial.objects.bulk_create(
        [
            SubmittedMaterial(
                application=application,
                requirement=r,
                state=MaterialState.PROVIDED if r.pk in provided else MaterialState.MISSING,
            )
            for r in requirements
        ]
    )
    how = Mode(mode).label + (f"（代办人：{entrustment.agent_name}）" if entrustment else "")
    _record(
        application,
        actor,
        "submit",
        f"{how}提交{application.title}，请在{clock.NOTICE_DAYS}个工作日内预审",
        data={"mode": mode},
    )
    _notify(_hall_staff(), application, "新办件待预审")
    return application


def _expand_same_name(requirements: list[MaterialRequirement], ids: set[int]) -> set[int]:
    """A bundle asks each material once: supplying it satisfies every item that needs it."""
    names = {"".join(r.name.split()) for r in requirements if r.pk in ids}
    return {r.pk for r in requirements if "".join(r.name.split()) in names}


# ---------------------------------------------------------------- the window


def _materials(application: Application) -> dict[int, SubmittedMaterial]:
    return {m.requirement_id: m for m in application.materials.select_related("requirement__version")}


def _deadline_fields(start: dt.date, days: int, paused: int = 0) -> dict[str, Any]:
    due = clock.decision_due(start, days, paused)
    return {
        "deadline_start": start,
        "days_total": days,
        "paused_days": paused,
        "due_at": due,
        "calendar_confirmed": get_calendar().is_confirmed(start, timezone.localdate(due)),
    }


@transaction.atomic
def application_pre_review(
    *,
    actor: User,
    application_id: int,
    result: str,
    problems: list[dict[str, Any]] | None = None,
    deferred: list[int] | None = None,
    received: list[int] | None = None,
    commitment_due: dt.date | None = None,
    signed_by: str = "",
    reason: str = "",
) -> Application:
    """The front desk's check against the review points: accept (possibly with deferred materials under a
    commitment), issue the one-time notice of every problem, or refuse with the reason."""
    application = access_application_for(actor, application_id)
    if application.parent_id:
        raise Conflict("一件事的子事项随主办件预审")
    if result == "accept":
        return _accept(application, actor, deferred or [], commitment_due, signed_by, received or [])
    if result == "correct":
        return _request_correction(application, actor, problems or [])
    if result == "refuse":
        text = clean_text("reason", "不予受理理由", reason)
        application = _move(application, actor, "refuse", refusal_reason=text)
        _record(application, actor, "refuse", text)
        _notify(_applicant_users(application), application, "申请不予受理", text)
        return application
    raise ValidationFailed.field(
        "result", "预审结果应为 accept（受理）、correct（一次性告知补正）或 refuse（不予受理）"
    )


def _accept(
    application: Application,
    actor: User,
    deferred: list[int],
    due: dt.date | None,
    signed_by: str,
    received: list[int],
) -> Application:
    """Accept; `received` are materials the applicant handed over on paper at the window just now."""
    _check(application, actor, "accept")
    materials = _materials(application)
    unknown = sorted(set(received) - set(materials))
    if unknown:
        raise ValidationFailed.field("received", f"材料要求 {unknown} 不属于该办件")
    received_names = [materials[r].requirement.name for r in received if materials[r].state != MaterialState.PROVIDED]
    for requirement_id in received:
        materials[requirement_id].state = MaterialState.PROVIDED
    deferred_set = set(deferred)
    errors: list[FieldError] = []
    for requirement_id in sorted(deferred_set):
        material = materials.get(requirement_id)
        if material is None:
            errors.append(FieldError("deferred", f"材料要求 {requirement_id} 不属于该办件"))
            continue
        version = material.requirement.version
        if not version.deferral_allowed:
            errors.append(FieldError("deferred", f"“{version.name}”未纳入容缺受理目录"))
        if not material.requirement.deferrable:
            errors.append(FieldError("deferred", f"“{material.requirement.name}”是主要材料，不能容缺"))
        if material.state == MaterialState.PROVIDED:
            errors.append(FieldError("deferred", f"“{material.requirement.name}”已提交，无需容缺"))
    missing = [
        m.requirement.name
        for m in materials.values()
        if m.requirement.required and m.state != MaterialState.PROVIDED and m.requirement_id not in deferred_set
    ]
    if missing:
        errors.append(FieldError("materials", f"以下材料未齐，请出具一次性告知或容缺受理：{'、'.join(missing)}"))
    today = timezone.localdate()
    start = timezone.localdate(application.submitted_at) if application.deemed_accepted else today
    promised = promised_days(application)
    if deferred_set:
        if due is None:
            errors.append(FieldError("commitment_due", "容缺受理须填写承诺补交期限"))
        else:
            problem = clock.commitment_problem(today, due, start, promised)
            if problem:
                errors.append(FieldError("commitment_due", problem))
        if not signed_by.strip():
            errors.append(FieldError("signed_by", "请填写签署告知承诺书的人"))
        blocked = deferral_blocked(application.enterprise)
        if blocked:
            errors.append(FieldError("deferred", blocked))
    if errors:
        raise ValidationFailed("不能受理：" + "；".join(e.message for e in errors), errors)
    application = _move(application, actor, "accept", accepted_at=timezone.now(), **_deadline_fields(start, promised))
    stats.bump(application, accepted=1)
    if received:
        SubmittedMaterial.objects.filter(application=application, requirement_id__in=received).exclude(
            state=MaterialState.PROVIDED
        ).update(state=MaterialState.PROVIDED, problem="")
    note = "受理" + ("（逾期未告知，自收件之日起视为受理）" if application.deemed_accepted else "")
    if received_names:
        note += f"，窗口当场收取：{'、'.join(received_names)}"
    if deferred_set:
        assert due is not None
        Commitment.objects.create(application=application, due_date=due, signed_by=signed_by.strip()[:50])
        SubmittedMaterial.objects.filter(application=application, requirement_id__in=deferred_set).update(
            state=MaterialState.DEFERRED, deferred_due=due
        )
        names = "、".join(materials[r].requirement.name for r in sorted(deferred_set))
        note += f"，容缺受理：{names}，承诺于{due:%Y-%m-%d}前补交"
    if application.bundle_id:
        _create_children(application, actor)
    _record(application, actor, "accept", note, data={"deferred": sorted(deferred_set)})
    _notify(_applicant_users(application), application, "申请已受理", note)
    return application


def promised_days(application: Application) -> int:
    """The promised working days of the item (for a bundle: its slowest item)."""
    if application.item_version is not None:
        return application.item_version.promised_days
    assert application.bundle is not None
    return max((i.current.promised_days for i in application.bundle.items.all() if i.current), default=20)


def deferral_blocked(enterprise: Enterprise) -> str:
    """Why an enterprise may not use 容缺受理 (a broken commitment in the past year, or restricted credit)."""
    if enterprise.credit_restricted:
        return "该企业信用受限，不适用容缺受理"
    year_ago = timezone.now() - dt.timedelta(days=365)
    if Commitment.objects.filter(application__enterprise=enterprise, broken_at__gte=year_ago).exists():
        return "该企业近一年内有未履行的告知承诺，不适用容缺受理"
    return ""


def _create_children(parent: Application, actor: User) -> None:
    """A bundle becomes one child per item, each for its own department, reviewed in parallel."""
    assert parent.bundle is not None
    for item in parent.bundle.items.select_related("current", "department"):
        if item.current is None:
            continue
        child = Application.objects.create(
            number=f"{parent.number}-{item.pk}",
            enterprise=parent.enterprise,
            item_version=item.current,
            parent=parent,
            department=item.department,
            mode=parent.mode,
            entrustment=parent.entrustment,
            helper=parent.helper,
            submitted_by=parent.submitted_by,
            green_channel=parent.green_channel,
            submitted_at=parent.submitted_at,
            status=ApplicationStatus.ACCEPTED,
            accepted_at=parent.accepted_at,
            **_deadline_fields(parent.deadline_start or timezone.localdate(), item.current.promised_days),
        )
        stats.bump(child, accepted=1)
        _record(child, actor, "accept", f"随“{parent.bundle.name}”受理")


def _request_correction(application: Application, actor: User, problems: list[dict[str, Any]]) -> Application:
    _check(application, actor, "request_correction")
    if application.deemed_accepted:
        raise Conflict("已超过一次性告知期限（5个工作日），视为受理，不能再要求补正")
    materials = _materials(application)
    listed: list[dict[str, Any]] = []
    errors: list[FieldError] = []
    for problem in problems:
        material = materials.get(int(problem.get("requirement_id") or 0))
        text = str(problem.get("problem") or "").strip()
        if material is None:
            errors.append(FieldError("problems", f"材料要求 {problem.get('requirement_id')} 不属于该办件"))
        elif not text:
            errors.append(FieldError("problems", f"请写明“{material.requirement.name}”的问题"))
        else:
            listed.append(
                {
                    "requirement_id": material.requirement_id,
                    "material": material.requirement.name,
                    "problem": text[:300],
                }
            )
    if not listed and not errors:
        errors.append(FieldError("problems", "一次性告知至少列出一项问题"))
    if errors:
        raise ValidationFailed("一次性告知有误：" + "；".join(e.message for e in errors), errors)
    application = _move(application, actor, "request_correction", notice_due_at=None)
    CorrectionNotice.objects.create(application=application, issued_by=actor, problems=listed)
    SubmittedMaterial.objects.filter(
        application=application, requirement_id__in=[p["requirement_id"] for p in listed]
    ).update(state=MaterialState.PROBLEM)
    summary = "；".join(f"{p['material']}：{p['problem']}" for p in listed)
    _record(application, actor, "request_correction", f"一次性告知需补正{len(listed)}项：{summary}")
    _notify(_applicant_users(application), application, "请按一次性告知补正材料", summary)
    return application


@transaction.atomic
def application_correct(*, actor: User, application_id: int, materials: list[dict[str, Any]]) -> Application:
    """The applicant supplies what the notice asked; the application goes back to pre-review with a new clock."""
    application = access_application_for(actor, application_id)
    _check(application, actor, "correct")
    current = _materials(application)
    supplied = {int(m.get("requirement_id") or 0) for m in materials if m.get("provided")}
    unknown = sorted(supplied - set(current))
    if unknown or not supplied:
        raise ValidationFailed.field("materials", "请列出补正的材料（材料要求编号须属于该办件）")
    supplied = _expand_same_name([m.requirement for m in current.values()], supplied)
    SubmittedMaterial.objects.filter(application=application, requirement_id__in=supplied).update(
        state=MaterialState.PROVIDED, problem=""
    )
    today = timezone.localdate()
    application = _move(application, actor, "correct", notice_due_at=clock.notice_due(today))
    CorrectionNotice.objects.filter(application=application, corrected_at__isnull=True).update(
        corrected_at=timezone.now()
    )
    _record(application, actor, "correct", f"补正材料{len(supplied)}项，重新预审")
    _notify(_hall_staff(), application, "补正材料已提交，待预审")
    return application


@transaction.atomic
def application_handover(*, actor: User, application_id: int, note: str = "") -> Application:
    """流转: the window hands the case to the department (a bundle's children each to theirs)."""
    application = access_application_for(actor, application_id)
    if application.parent_id:
        raise Conflict("一件事的子事项随一件事统一流转")
    targets = list(application.children.all()) if application.bundle_id else [application]
    application = _move(application, actor, "handover")
    for target in targets:
        if target.pk != application.pk:
            target = _move(target, actor, "handover")
        assert target.department is not None
        Handover.objects.create(
            application=target, from_user=actor, to_department=target.department, note=note.strip()[:300]
        )
        _record(target, actor, "handover", f"移交{target.department.name}审批" + (f"：{note}" if note else ""))
        _notify(_department_staff(target.department_id), target, "新办件待审批")
    if application.bundle_id:
        _record(application, actor, "handover", f"各子事项已分别移交{len(targets)}个部门并联审批")
    return application


# ---------------------------------------------------------------- the back office


@transaction.atomic
def application_pause(*, actor: User, application_id: int, reason: str) -> Application:
    """Art. 45: hearings, tests, appraisal, expert review do not count; the applicant is told in writing."""
    application = access_application_for(actor, application_id)
    _check(application, actor, "pause")
    if application.paused_since is not None:
        raise Conflict("计时已暂停")
    text = clean_text("reason", "暂停原因（听证、检验、检测、鉴定、专家评审等）", reason, max_length=300)
    Application.objects.filter(pk=application.pk).update(
        paused_since=timezone.localdate(), pause_reason=text, due_at=None
    )
    application.refresh_from_db()
    _record(application, actor, "pause", f"暂停计时：{text}（所需时间不计入审批期限）")
    _notify(_applicant_users(application), application, "审批暂停计时告知", text)
    return application


@transaction.atomic
def application_resume(*, actor: User, application_id: int) -> Application:
    application = access_application_for(actor, application_id)
    _check(application, actor, "resume")
    if application.paused_since is None or application.deadline_start is None or application.days_total is None:
        raise Conflict("计时未暂停")
    paused = application.paused_days + clock.paused_workdays(application.paused_since, timezone.localdate())
    Application.objects.filter(pk=application.pk).update(
        paused_since=None, **_deadline_fields(application.deadline_start, application.days_total, paused)
    )
    application.refresh_from_db()
    due = timezone.localtime(application.due_at).strftime("%Y-%m-%d") if application.due_at else ""
    _record(application, actor, "resume", f"恢复计时，累计暂停{paused}个工作日，审批期限顺延至{due}")
    return application


@transaction.atomic
def application_extend(*, actor: User, application_id: int, days: int, reason: str) -> Application:
    """Art. 42: +10 working days (joint handling +15) with the head's approval; the applicant is told why."""
    application = access_application_for(actor, application_id)
    _check(application, actor, "extend")
    if application.paused_since is not None:
        raise Conflict("计时暂停中，请先恢复计时再延长时限")
    version = application.item_version
    joint = bool(version and version.joint)
    limit = EXTENSION_LIMITS[joint]
    already = (application.days_total or 0) - (version.promised_days if version else 0)
    if not 1 <= days <= limit - already:
        raise ValidationFailed.field("days", f"延长时限最多{limit}个工作日（已延长{already}个工作日）")
    text = clean_text("reason", "延长理由", reason, max_length=500)
    if application.deadline_start is None or application.days_total is None:
        raise Conflict("办件尚未受理，没有审批时限")
    Application.objects.filter(pk=application.pk).update(
        **_deadline_fields(application.deadline_start, application.days_total + days, application.paused_days)
    )
    application.refresh_from_db()
    _record(application, actor, "extend", f"经部门负责人批准延长{days}个工作日：{text}")
    _notify(_applicant_users(application), application, "审批期限延长告知", f"延长{days}个工作日，理由：{text}")
    return application


@transaction.atomic
def application_decide(*, actor: User, application_id: int, approved: bool, note: str) -> Application:
    application = access_application_for(actor, application_id)
    action = "approve" if approved else "deny"
    _check(application, actor, action)
    text = clean_text("note", "审批意见", note, required=not approved, max_length=2000)
    if application.materials.filter(state=MaterialState.DEFERRED).exists() or (
        application.parent_id
        and application.parent
        and application.parent.materials.filter(state=MaterialState.DEFERRED).exists()
    ):
        raise Conflict("容缺材料尚未补齐，不能作出审批决定")
    if application.paused_since is not None:
        raise Conflict("计时暂停中，请先恢复计时")
    now = timezone.now()
    application = _move(
        application,
        actor,
        action,
        decided_at=now,
        decision_note=text,
        delivery_due_at=clock.delivery_due(timezone.localdate(now)),
    )
    stats.bump(application, decided=1, decided_on_time=int(application.due_at is None or now <= application.due_at))
    _record(application, actor, action, text or "准予许可")
    if application.parent_id:
        _decide_parent_when_children_are(application.parent_id, actor)
    else:
        _notify(
            _applicant_users(application) + _hall_staff(),
            application,
            "审批完成，请到统一出件窗口领取" if approved else "审批结果：不予许可",
            text,
        )
    return application


def _decide_parent_when_children_are(parent_id: int, actor: User) -> None:
    parent = Application.objects.select_related("bundle").get(pk=parent_id)
    children = list(parent.children.all())
    if any(c.status == ApplicationStatus.IN_REVIEW for c in children):
        return
    approved = all(c.status == ApplicationStatus.APPROVED for c in children)
    now = timezone.now()
    status = ApplicationStatus.APPROVED if approved else ApplicationStatus.DENIED
    if not Application.objects.filter(pk=parent.pk, status=ApplicationStatus.IN_REVIEW).update(
        status=status, decided_at=now, delivery_due_at=clock.delivery_due(timezone.localdate(now))
    ):
        return
    parent.refresh_from_db()
    note = (
        "各子事项均已准予许可"
        if approved
        else "部分子事项不予许可：" + "、".join(c.title for c in children if c.status != ApplicationStatus.APPROVED)
    )
    _record(parent, actor, "approve" if approved else "deny", note)
    _notify(_applicant_users(parent) + _hall_staff(), parent, "一件事审批完成，请到统一出件窗口领取", note)


@transaction.atomic
def application_deliver(
    *, actor: User, application_id: int, method: str, collected_by: str = "", tracking_number: str = ""
) -> Application:
    """统一出件: the result handed over at the output window or sent by free express; registered."""
    application = access_application_for(actor, application_id)
    if method not in DeliveryMethod.values:
        raise ValidationFailed.field("method", "出件方式应为 pickup（窗口领取）或 express（免费邮寄）")
    if method == DeliveryMethod.PICKUP and not collected_by.strip():
        raise ValidationFailed.field("collected_by", "请登记领取人")
    if method == DeliveryMethod.EXPRESS and not tracking_number.strip():
        raise ValidationFailed.field("tracking_number", "请填写快递单号")
    if application.parent_id:
        raise Conflict("一件事在统一出件窗口整体出件")
    targets = [application, *application.children.all()]
    application = _move(application, actor, "deliver", delivered_at=timezone.now())
    for target in targets:
        stats.bump(target, delivered=1)
        if target.pk != application.pk:
            Application.objects.filter(pk=target.pk).update(
                status=ApplicationStatus.DELIVERED, delivered_at=application.delivered_at
            )
        Delivery.objects.create(
            application=target if target.pk != application.pk else application,
            method=method,
            collected_by=collected_by.strip()[:50],
            tracking_number=tracking_number.strip()[:60],
            delivered_by=actor,
        )
    how = f"{collected_by}领取" if method == DeliveryMethod.PICKUP else f"免费邮寄，单号{tracking_number}"
    _record(application, actor, "deliver", f"统一出件：{how}")
    _notify(_applicant_users(application), application, "办理结果已出件", how)
    return application


def _terminate_children(parent: Application, reason_code: str) -> None:
    """A bundle's children end with it (those already delivered stay delivered)."""
    children = list(
        Application.objects.filter(parent=parent)
        .exclude(status__in=(ApplicationStatus.DELIVERED, ApplicationStatus.TERMINATED))
        .select_related("item_version")
    )
    Application.objects.filter(pk__in=[c.pk for c in children]).update(
        status=ApplicationStatus.TERMINATED, termination_reason=reason_code, updated_at=timezone.now()
    )
    for child in children:
        stats.bump(child, terminated=1)


@transaction.atomic
def application_terminate(*, actor: User, application_id: int, reason_code: str, note: str) -> Application:
    application = access_application_for(actor, application_id)
    if reason_code not in TerminationReason.values:
        raise ValidationFailed.field("reason_code", "终止原因应为 a 至 e")
    text = clean_text("note", "终止说明", note, max_length=1000)
    application = _move(application, actor, "terminate", termination_reason=reason_code)
    _terminate_children(application, reason_code)
    stats.bump(application, terminated=1)
    _record(application, actor, "terminate", f"{TerminationReason(reason_code).label}：{text}")
    _notify(_applicant_users(application), application, "办件已终止", text)
    return application


@transaction.atomic
def supply_deferred(*, actor: User, application_id: int, requirement_id: int) -> Application:
    """A deferred material arrives; when all have, the commitment is fulfilled."""
    application = access_application_for(actor, application_id)
    _check(application, actor, "supply_deferred")
    if not SubmittedMaterial.objects.filter(
        application=application, requirement_id=requirement_id, state=MaterialState.DEFERRED
    ).update(state=MaterialState.PROVIDED):
        raise ValidationFailed.field("requirement_id", "该材料不是待补交的容缺材料")
    name = MaterialRequirement.objects.get(pk=requirement_id).name
    fulfilled = not application.materials.filter(state=MaterialState.DEFERRED).exists()
    if fulfilled:
        Commitment.objects.filter(application=application, fulfilled_at__isnull=True).update(
            fulfilled_at=timezone.now()
        )
    _record(application, actor, "supply_deferred", f"补交容缺材料：{name}" + ("，承诺已履行" if fulfilled else ""))
    return application


# ---------------------------------------------------------------- the watch


def watch_applications(now: dt.datetime | None = None) -> dict[str, int]:
    """Mark deemed acceptance when the 5-day notice clock ran out, and terminate applications whose
    commitment was missed (reason c); each once."""
    now = now or timezone.now()
    counts = {"deemed_accepted": 0, "commitments_broken": 0}
    for application in Application.objects.filter(
        status=ApplicationStatus.SUBMITTED, deemed_accepted=False, notice_due_at__lt=now
    ):
        with transaction.atomic():
            if not Application.objects.filter(pk=application.pk, deemed_accepted=False).update(deemed_accepted=True):
                continue
            _record(
                application,
                None,
                "deemed_accepted",
                "超过5个工作日未出具一次性告知，依法自收件之日起视为受理，请立即受理",
            )
            _notify(_hall_staff(), application, "逾期未预审，已视为受理")
            counts["deemed_accepted"] += 1
    today = timezone.localdate(now)
    for commitment in Commitment.objects.filter(
        fulfilled_at__isnull=True, broken_at__isnull=True, due_date__lt=today
    ).select_related("application"):
        with transaction.atomic():
            if not Commitment.objects.filter(pk=commitment.pk, broken_at__isnull=True).update(broken_at=now):
                continue
            application = commitment.application
            if application.status in (ApplicationStatus.ACCEPTED, ApplicationStatus.IN_REVIEW):
                Application.objects.filter(pk=application.pk).update(
                    status=ApplicationStatus.TERMINATED, termination_reason=TerminationReason.C
                )
                _terminate_children(application, TerminationReason.C)
                application.refresh_from_db()
                stats.bump(application, terminated=1)
            _record(
                application,
                None,
                "commitment_broken",
                f"容缺材料未在承诺期限（{commitment.due_date:%Y-%m-%d}）前补交，终止办理（原因c）",
            )
            _notify(_applicant_users(application) + _hall_staff(), application, "承诺逾期未履行，办件终止")
            counts["commitments_broken"] += 1
    return counts


# ---------------------------------------------------------------- material files


def may_download(user: Any, application: Application) -> bool:
    """Materials are confidential (seed 000): the hall, the reviewing department(s) and the enterprise itself."""
    role = role_of(user)
    if role in (Role.ADMIN, Role.WINDOW_STAFF, Role.GUIDE):
        return True
    if role == Role.ENTERPRISE:
        return bool(user.enterprise_id == application.enterprise_id)
    if role in DEPARTMENT_ROLES:
        departments = {application.department_id, *application.children.values_list("department_id", flat=True)}
        return user.department_id in departments
    return False


@transaction.atomic
def material_upload(
    *, actor: User, application_id: int, requirement_id: int, name: str, content: bytes
) -> SubmittedMaterial:
    """Attach the file of one material (checked by content and size, stored outside the web root)."""
    application = access_application_for(actor, application_id)
    if application.status not in (
        ApplicationStatus.SUBMITTED,
        ApplicationStatus.CORRECTION_REQUESTED,
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.IN_REVIEW,
    ):
        raise Conflict("该办件已办结，不能再上传材料")
    if not (role_of(actor) in (Role.ADMIN, Role.WINDOW_STAFF, Role.GUIDE) or WHO["correct"](actor, application)):
        raise PermissionDenied("只有申请企业和窗口人员可以上传材料")
    material = application.materials.select_related("requirement").filter(requirement_id=requirement_id).first()
    if material is None:
        raise ValidationFailed.field("requirement_id", "该材料不属于本办件")
    clean = check_upload(name, content)
    material.file.save(
        f"{application.number}-{requirement_id}{clean[clean.rfind('.') :]}", ContentFile(content), save=False
    )
    material.save(update_fields=["file", "updated_at"])
    _record(application, actor, "upload", f"上传材料：{material.requirement.name}（{clean}）", internal=True)
    return material


@transaction.atomic
def material_download(*, actor: User, application_id: int, requirement_id: int) -> SubmittedMaterial:
    """Check the right to the file and audit the download (the caller streams it)."""
    application = access_application_for(actor, application_id)
    source = application.parent if application.parent_id and application.parent else application
    material = source.materials.select_related("requirement").filter(requirement_id=requirement_id).first()
    if material is None or not material.file or not may_download(actor, application):
        raise NotFound()
    audit_record(
        actor=actor,
        action="application.material_download",
        obj=material,
        summary=f"{application.number} 下载材料 {material.requirement.name}",
        data={"application_id": application.pk},
    )
    return material


# ---------------------------------------------------------------- result documents

RESULT_STATUSES = (ApplicationStatus.APPROVED, ApplicationStatus.DENIED)


@transaction.atomic
def result_upload(*, actor: User, application_id: int, name: str, content: bytes) -> Application:
    """The deciding department (or the hall) attaches the decision document before delivery."""
    application = access_application_for(actor, application_id)
    if application.status not in RESULT_STATUSES:
        raise Conflict("只有已作出审批决定、尚未出件的办件可以上传结果文件")
    if application.bundle_id:
        raise Conflict("一件事的结果文件由各子事项的审批部门分别上传")
    if not (role_of(actor) in (Role.ADMIN, Role.WINDOW_STAFF, Role.GUIDE) or WHO["approve"](actor, application)):
        raise PermissionDenied("只有审批部门或窗口人员可以上传结果文件")
    clean = check_upload(name, content)
    application.result_file.save(
        f"{application.number}-result{clean[clean.rfind('.') :]}", ContentFile(content), save=False
    )
    application.save(update_fields=["result_file", "updated_at"])
    _record(application, actor, "result", f"上传审批结果文件：{clean}")
    return application


@transaction.atomic
def result_download(*, actor: User, application_id: int) -> Application:
    """The enterprise (and the staff of the case) download the decision document; audited."""
    application = access_application_for(actor, application_id)
    if not application.result_file or not may_download(actor, application):
        raise NotFound()
    audit_record(
        actor=actor,
        action="application.result_download",
        obj=application,
        summary=f"{application.number} 下载审批结果文件",
    )
    return application


@transaction.atomic
def entrustment_revoke(*, actor: User, entrustment_id: int) -> Entrustment:
    """The enterprise withdraws an agent's authorisation (recorded at the window or by the enterprise itself)."""
    entrustment = Entrustment.objects.select_related("enterprise").filter(pk=entrustment_id).first()
    if entrustment is None:
        raise NotFound()
    hall = role_of(actor) in (Role.ADMIN, Role.WINDOW_STAFF, Role.GUIDE)
    own = role_of(actor) == Role.ENTERPRISE and actor.enterprise_id == entrustment.enterprise_id
    if not (hall or own):
        raise NotFound()
    if not Entrustment.objects.filter(pk=entrustment.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
        raise Conflict("该委托书已撤销")
    entrustment.refresh_from_db()
    audit_record(
        actor=actor,
        action="entrustment.revoke",
        obj=entrustment,
        summary=f"撤销委托：{entrustment.enterprise.name} 对 {entrustment.agent_name} 的委托",
    )
    return entrustment


# ---------------------------------------------------------------- appointments at a window (预约办事)

BOOKING_DAYS = 10  # working days ahead an enterprise may book


def slot_start(day: dt.date, slot: str) -> dt.datetime:
    hour, minute = (int(part) for part in slot.split(":"))
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=SHANGHAI)


def booking_days(today: dt.date | None = None) -> list[dt.date]:
    """The working days that can be booked: today and the next BOOKING_DAYS working days."""
    today = today or timezone.localdate()
    calendar = get_calendar()
    first = today if calendar.is_workday(today) else calendar.next_workday(today)
    return [first] + [calendar.add_workdays(first, n) for n in range(1, BOOKING_DAYS + 1)]


@transaction.atomic
def appointment_book(*, actor: User, data: dict[str, Any]) -> Appointment:
    """Book a half hour at a window for an enterprise the actor acts for: the enterprise itself, its officer
    or liaison, or the hall taking a phone call. A full slot and a second booking of the same half hour are 409."""
    require(actor, "application.submit")
    errors: list[FieldError] = []
    values: dict[str, Any] = {}
    try:
        values["enterprise"] = access_enterprise_for(actor, int(data.get("enterprise_id") or 0), related=False)
    except (NotFound, TypeError, ValueError):
        errors.append(FieldError("enterprise_id", "企业不存在"))
    window = str(data.get("window") or "")
    if window not in Window.values:
        errors.append(FieldError("window", "请选择预约的窗口"))
    day = data.get("day")
    if not isinstance(day, dt.date) or day not in booking_days():
        errors.append(FieldError("day", f"预约日期应为今天起{BOOKING_DAYS}个工作日内的工作日"))
    slot = str(data.get("slot") or "")
    if slot not in APPOINTMENT_SLOTS:
        errors.append(FieldError("slot", "请选择预约时段"))
    elif isinstance(day, dt.date) and slot_start(day, slot) <= timezone.now():
        errors.append(FieldError("slot", "该时段已过，请选择之后的时段"))
    for field, label, length in (
        ("purpose", "办理事由", 200),
        ("visitor_name", "到场人", 50),
        ("visitor_phone", "联系电话", 30),
    ):
        try:
            values[field] = clean_text(field, label, data.get(field), max_length=length)
        except ValidationFailed as exc:
            errors.extend(exc.errors)
    for field, model, label in (("item_id", ServiceItem, "事项"), ("bundle_id", Bundle, "一件事")):
        raw = data.get(field)
        if raw:
            found = model.objects.filter(pk=raw).first() if str(raw).isdigit() else None
            if found is None:
                errors.append(FieldError(field, f"{label}不存在"))
            values[field.removesuffix("_id")] = found
    raw_application = data.get("application_id")
    if raw_application:
        try:
            application = access_application_for(actor, int(raw_application))
        except (NotFound, TypeError, ValueError):
            application = None
        if application is None or application.enterprise_id != getattr(values.get("enterprise"), "pk", None):
            errors.append(FieldError("application_id", "办件不存在或不属于该企业"))
        values["application"] = application
    if errors:
        raise ValidationFailed("预约信息有误：" + "；".join(e.message for e in errors), errors)
    assert isinstance(day, dt.date)
    AppointmentSlot.objects.bulk_create([AppointmentSlot(window=window, day=day, slot=slot)], ignore_conflicts=True)
    capacity = settings.QIFU_APPOINTMENT_CAPACITY
    if not AppointmentSlot.objects.filter(window=window, day=day, slot=slot, booked__lt=capacity).update(
        booked=F("booked") + 1
    ):
        raise Conflict(f"{Window(window).label} {day:%m月%d日} {slot} 已约满，请选择其他时段")
    try:
        with transaction.atomic():
            appointment = Appointment.objects.create(
                number=next_daily_number(AppointmentCounter, "YY", timezone.localdate()),
                window=window,
                day=day,
                slot=slot,
                booked_by=actor,
                **values,
            )
    except IntegrityError:
        raise Conflict(f"该企业在 {day:%m月%d日} {slot} 已有预约") from None
    audit_record(
        actor=actor,
        action="appointment.book",
        obj=appointment,
        summary=f"预约 {appointment.number}：{appointment.enterprise.name} {day} {slot} {Window(window).label}",
    )
    notify(
        recipients=[u for u in User.objects.filter(enterprise=appointment.enterprise, is_active=True) if u != actor],
        title=f"已为贵企业预约 {day:%m月%d日} {slot} {Window(window).label}（{appointment.number}）",
        body=appointment.purpose,
        link="/applications/appointments/",
    )
    return appointment


APPOINTMENT_ACTIONS = {
    "cancel": (AppointmentStatus.CANCELLED, "取消预约"),
    "arrive": (AppointmentStatus.ARRIVED, "到场签到"),
    "miss": (AppointmentStatus.MISSED, "登记未到场"),
}


@transaction.atomic
def appointment_act(*, actor: User, appointment_id: int, action: str) -> Appointment:
    """Cancel (the booker's side or the hall, before the half hour starts), or, at the hall, register that the
    visitor came (on the day) or did not (once the half hour has started). Only a live booking moves (409)."""
    appointment = (
        appointments_visible_to(actor).select_related("enterprise").filter(pk=appointment_id).first()
        if action in APPOINTMENT_ACTIONS
        else None
    )
    if appointment is None:
        raise NotFound()
    new_status, label = APPOINTMENT_ACTIONS[action]
    hall = role_of(actor) in HALL_ROLES
    if action == "cancel":
        require(actor, "application.submit")
    elif not hall:
        raise PermissionDenied()
    if appointment.status != AppointmentStatus.BOOKED:
        raise Conflict(f"该预约{appointment.get_status_display()}，不能{label}")
    start, today = slot_start(appointment.day, appointment.slot), timezone.localdate()
    if action == "cancel" and start <= timezone.now():
        raise Conflict("预约时段已开始，不能取消；未到场的由窗口登记")
    if action == "arrive" and appointment.day != today:
        raise Conflict("只能在预约当天签到")
    if action == "miss" and start > timezone.now():
        raise Conflict("预约时段尚未开始，不能登记未到场")
    if not Appointment.objects.filter(pk=appointment.pk, status=AppointmentStatus.BOOKED).update(
        status=new_status, handled_by=actor, handled_at=timezone.now()
    ):
        raise Conflict("该预约刚被他人处理，请刷新后重试")
    if action == "cancel":
        AppointmentSlot.objects.filter(
            window=appointment.window, day=appointment.day, slot=appointment.slot, booked__gt=0
        ).update(booked=F("booked") - 1)
    appointment.refresh_from_db()
    audit_record(
        actor=actor,
        action=f"appointment.{action}",
        obj=appointment,
        summary=f"预约 {appointment.number} {label}",
    )
    if action == "cancel" and hall:
        notify(
            recipients=list(User.objects.filter(enterprise=appointment.enterprise, is_active=True)),
            title=f"您 {appointment.day:%m月%d日} {appointment.slot} 的预约已由窗口取消（{appointment.number}）",
            link="/applications/appointments/",
        )
    return appointment
