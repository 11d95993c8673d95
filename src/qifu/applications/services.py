"""Every write to an application and an appointment. Each status change goes through the workflow
(`WORKFLOW.act`: the table (409), the actor's right (403), a compare-and-set move, the timeline step, the audit
row and the notifications in one transaction); system moves (deemed acceptance, a broken commitment, a bundle's
children following it) too, with no actor. One function per action; inputs arrive typed and checked by their
schema, and these functions enforce the rules of the business."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
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
    COMMITMENT_BROKEN_REASON,
    ApplicationStatus,
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
from qifu.applications.permissions import (
    access_application_for,
    appointments_visible_to,
    may_download,
    may_set_green_channel,
    may_upload,
    may_upload_result,
)
from qifu.applications.transitions import APPOINTMENT_WORKFLOW, WORKFLOW
from qifu.catalog.models import Bundle, ItemVersion, MaterialRequirement, ServiceItem
from qifu.core import hooks
from qifu.core.access import DEPARTMENT_ROLES, HALL_ROLES, require, role_of
from qifu.core.audit import audit_record, register_action_labels
from qifu.core.deadlines import Deadline
from qifu.core.errors import Conflict, FieldError, NotFound, PermissionDenied, ValidationFailed
from qifu.core.files import check_upload, check_uploads
from qifu.core.identifiers import clean_id_number
from qifu.core.numbering import next_daily_number
from qifu.core.workcalendar import SHANGHAI, get_calendar
from qifu.core.workflow import Notice
from qifu.enterprises.models import Enterprise
from qifu.enterprises.permissions import access_enterprise_for

register_action_labels(
    {
        "entrustment.register": "授权委托 登记",
        "entrustment.revoke": "授权委托 撤销",
        "application.material_download": "办件 下载材料",
        "application.result_download": "办件 下载结果",
    }
)

EXTENSION_LIMITS = {False: 10, True: 15}  # Art. 42: +10 working days, joint handling +15


def _applicant_users(application: Application) -> list[User]:
    return list(User.objects.filter(enterprise_id=application.enterprise_id, role=Role.ENTERPRISE, is_active=True))


def _department_staff(department_id: int | None) -> list[User]:
    if department_id is None:
        return []
    return list(User.objects.filter(department_id=department_id, role__in=DEPARTMENT_ROLES, is_active=True))


def _hall_staff() -> list[User]:
    return list(User.objects.filter(role=Role.WINDOW_STAFF, is_active=True))


def _clock(deadline: Deadline | None) -> dict[str, Any]:
    """The running clock's fields; None stops it (paused, or waiting for the applicant's correction)."""
    if deadline is None:
        return {"due_at": None, "warning_at": None}
    return {
        "due_at": deadline.due_at,
        "warning_at": deadline.warning_at,
        "calendar_confirmed": deadline.calendar_confirmed,
    }


def _handover_clock(accepted_on: dt.date) -> dict[str, Any]:
    deadline = clock.handover_due(accepted_on)
    return {"handover_due_at": deadline.due_at, "handover_warning_at": deadline.warning_at}


def _decision_clock(start: dt.date, days: int, paused: int = 0) -> dict[str, Any]:
    return {
        "deadline_start": start,
        "days_total": days,
        "paused_days": paused,
        **_clock(clock.decision_due(start, days, paused)),
    }


# ---------------------------------------------------------------- entrustments


@transaction.atomic
def entrustment_register(
    *,
    actor: User,
    enterprise_id: int,
    agent_name: str,
    agent_phone: str,
    agent_id_number: str,
    scope: str,
    valid_until: dt.date,
) -> Entrustment:
    """Record the enterprise's written authorisation of an agent (the window keeps the signed paper)."""
    require(actor, "application.window")
    errors: list[FieldError] = []
    enterprise: Enterprise | None = None
    try:
        enterprise = access_enterprise_for(actor, enterprise_id, related=False)
    except NotFound:
        errors.append(FieldError("enterprise_id", "企业不存在"))
    try:
        id_number = clean_id_number(agent_id_number, "agent_id_number")
    except ValidationFailed as exc:
        errors.extend(exc.errors)
    if errors or enterprise is None:
        raise ValidationFailed("委托书信息有误：" + "；".join(e.message for e in errors), errors)
    entrustment = Entrustment.objects.create(
        created_by=actor,
        enterprise=enterprise,
        agent_name=agent_name,
        agent_phone=agent_phone,
        agent_id_number=id_number,
        scope=scope,
        valid_until=valid_until,
    )
    audit_record(
        actor=actor,
        action="entrustment.register",
        obj=entrustment,
        summary=f"登记委托：{enterprise.name} 委托 {entrustment.agent_name}",
    )
    return entrustment


def _valid_entrustment(enterprise: Enterprise, agent_id_number: str) -> Entrustment:
    try:
        id_number = clean_id_number(agent_id_number, "agent")
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


# ---------------------------------------------------------------- submission


def _requirements(version: ItemVersion | None, bundle: Bundle | None) -> list[MaterialRequirement]:
    """The materials asked: the item's, or for a bundle those of each item's current version."""
    if version is not None:
        return list(version.materials.all())
    assert bundle is not None
    versions = [item.current_id for item in bundle.items.all() if item.current_id]
    return list(MaterialRequirement.objects.filter(version_id__in=versions).select_related("version"))


@transaction.atomic
def application_submit(
    *,
    actor: User,
    enterprise_id: int | None = None,
    item_id: int | None = None,
    bundle_id: int | None = None,
    mode: str = Mode.SELF,
    agent_id_number: str = "",
    green_channel: bool = False,
    provided: Collection[int] = (),
    files: Mapping[int, tuple[str, bytes]] | None = None,
) -> Application:
    """File an application for an item or a bundle, in one of three modes (self, assisted, proxy); `provided`
    are the requirement ids of the materials handed in, `files` the files uploaded with it by requirement id
    (a file provides its material, and every material of the same name in a bundle): all checked first, a bad
    one writes nothing."""
    require(actor, "application.submit")
    errors: list[FieldError] = []
    files = dict(files or {})
    names: dict[int, str] = {}
    try:
        names = dict(zip(files, check_uploads([("files", n, c) for n, c in files.values()]), strict=True))
    except ValidationFailed as exc:
        errors.extend(exc.errors)
    provided = {*provided, *files}
    enterprise: Enterprise | None = None
    if role_of(actor) == Role.ENTERPRISE:
        enterprise = access_enterprise_for(actor, actor.enterprise_id or 0, related=False)
    else:
        try:
            enterprise = access_enterprise_for(actor, enterprise_id or 0, related=False)
        except NotFound:
            errors.append(FieldError("enterprise_id", "企业不存在或不在您的服务范围内"))
    if green_channel and not may_set_green_channel(actor):
        errors.append(FieldError("green_channel", "绿色通道由窗口或助企干部设定，企业不能自行申请"))
    version: ItemVersion | None = None
    bundle: Bundle | None = None
    if item_id and bundle_id:
        errors.append(FieldError("item_id", "事项和一件事只能选一个"))
    elif item_id:
        item = ServiceItem.objects.select_related("current").filter(pk=item_id, is_listed=True).first()
        if item is None or item.current is None:
            errors.append(FieldError("item_id", "事项不存在或已下线"))
        else:
            version = item.current
    elif bundle_id:
        bundle = Bundle.objects.filter(pk=bundle_id, is_listed=True).first()
        if bundle is None:
            errors.append(FieldError("bundle_id", "一件事不存在或已下线"))
    else:
        errors.append(FieldError("item_id", "请选择办理事项或一件事"))
    if mode == Mode.SELF and role_of(actor) not in (Role.ENTERPRISE, Role.ADMIN):
        errors.append(FieldError("mode", "工作人员代为填报请选择帮办或代办"))
    if mode == Mode.ASSISTED and role_of(actor) == Role.ENTERPRISE:
        errors.append(FieldError("mode", "帮办由窗口或助企干部发起"))
    requirements = _requirements(version, bundle) if version or bundle else []
    unknown = sorted(set(provided) - {r.pk for r in requirements})
    if unknown and (version or bundle):
        errors.append(FieldError("materials", f"材料要求编号不属于该事项：{unknown}"))
    if errors:
        raise ValidationFailed("申请信息有误：" + "；".join(e.message for e in errors), errors)
    assert enterprise is not None
    entrustment = _valid_entrustment(enterprise, agent_id_number) if mode == Mode.PROXY else None
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
        green_channel=green_channel,
        submitted_at=now,
        **_clock(clock.notice_due(timezone.localdate(now))),
    )
    given = _expand_same_name(requirements, set(provided))
    SubmittedMaterial.objects.bulk_create(
        [
            SubmittedMaterial(
                application=application,
                requirement=r,
                state=MaterialState.PROVIDED if r.pk in given else MaterialState.MISSING,
            )
            for r in requirements
        ]
    )
    how = Mode(mode).label + (f"（代办人：{entrustment.agent_name}）" if entrustment else "")
    WORKFLOW.record(
        application,
        actor=actor,
        action="submit",
        note=f"{how}提交{application.title}，请在{clock.NOTICE_DAYS}个工作日内预审",
        public=f"{Mode(mode).label}提交{application.title}",
        data={"mode": mode, "green_channel": green_channel},
        notices=[Notice(_hall_staff(), "新办件待预审")],
    )
    if files:
        by_name = {"".join(r.name.split()): r.pk for r in requirements if r.pk in files}
        materials = _materials(application)
        for requirement in requirements:
            source = by_name.get("".join(requirement.name.split()))
            if source is not None:
                _store_material(application, materials[requirement.pk], names[source], files[source][1], actor)
    return application


def _expand_same_name(requirements: list[MaterialRequirement], ids: set[int]) -> set[int]:
    """A bundle asks each material once: supplying it satisfies every item that needs it."""
    names = {"".join(r.name.split()) for r in requirements if r.pk in ids}
    return {r.pk for r in requirements if "".join(r.name.split()) in names}


# ---------------------------------------------------------------- the window


def _materials(application: Application) -> dict[int, SubmittedMaterial]:
    return {m.requirement_id: m for m in application.materials.select_related("requirement__version")}


def _pre_reviewed(actor: User, application_id: int, action: str) -> Application:
    """The application the window pre-reviews, checked for `action` (a bundle's children follow their bundle)."""
    application = access_application_for(actor, application_id)
    if application.parent_id:
        raise Conflict("一件事的子事项随主办件预审")
    WORKFLOW.check(application, actor, action)
    return application


@transaction.atomic
def application_accept(
    *,
    actor: User,
    application_id: int,
    deferred: Collection[int] = (),
    received: Collection[int] = (),
    commitment_due: dt.date | None = None,
    signed_by: str = "",
) -> Application:
    """Accept after the check against the review points, possibly with deferred materials under a commitment
    (容缺受理); `received` are materials the applicant handed over on paper at the window just now."""
    application = _pre_reviewed(actor, application_id, "accept")
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
        if commitment_due is None:
            errors.append(FieldError("commitment_due", "容缺受理须填写承诺补交期限"))
        else:
            problem = clock.commitment_problem(today, commitment_due, start, promised)
            if problem:
                errors.append(FieldError("commitment_due", problem))
        if not signed_by:
            errors.append(FieldError("signed_by", "请填写签署告知承诺书的人"))
        blocked = deferral_blocked(application.enterprise)
        if blocked:
            errors.append(FieldError("deferred", blocked))
    if errors:
        raise ValidationFailed("不能受理：" + "；".join(e.message for e in errors), errors)
    note = "受理" + ("（逾期未告知，自收件之日起视为受理）" if application.deemed_accepted else "")
    if received_names:
        note += f"，窗口当场收取：{'、'.join(received_names)}"
    if deferred_set:
        names = "、".join(materials[r].requirement.name for r in sorted(deferred_set))
        note += f"，容缺受理：{names}，承诺于{commitment_due:%Y-%m-%d}前补交"
    application = WORKFLOW.act(
        application,
        actor=actor,
        action="accept",
        public=note,
        data={"deferred": sorted(deferred_set)},
        notices=[Notice(_applicant_users(application), "申请已受理", note)],
        updates={"accepted_at": timezone.now(), **_decision_clock(start, promised), **_handover_clock(today)},
        checked=True,
    )
    stats.bump(application, accepted=1)
    if received:
        SubmittedMaterial.objects.filter(application=application, requirement_id__in=received).exclude(
            state=MaterialState.PROVIDED
        ).update(state=MaterialState.PROVIDED, problem="")
    if deferred_set:
        assert commitment_due is not None
        Commitment.objects.create(application=application, due_date=commitment_due, signed_by=signed_by[:50])
        SubmittedMaterial.objects.filter(application=application, requirement_id__in=deferred_set).update(
            state=MaterialState.DEFERRED, deferred_due=commitment_due
        )
    if application.bundle_id:
        _create_children(application)
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


def _create_children(parent: Application) -> None:
    """A bundle becomes one child per item, each for its own department, reviewed in parallel: each child is
    filed and accepted with its bundle (the system's step, on the child's own timeline)."""
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
        )
        child = WORKFLOW.act(
            child,
            actor=None,
            action="accept",
            public=f"随“{parent.bundle.name}”受理",
            updates={
                "accepted_at": parent.accepted_at,
                **_decision_clock(parent.deadline_start or timezone.localdate(), item.current.promised_days),
            },
        )
        stats.bump(child, accepted=1)


@transaction.atomic
def application_request_correction(
    *, actor: User, application_id: int, problems: Sequence[tuple[int, str]]
) -> Application:
    """The one-time notice (一次性告知) of every problem, as (requirement id, problem); the clock stops."""
    application = _pre_reviewed(actor, application_id, "request_correction")
    if application.deemed_accepted:
        raise Conflict("已超过一次性告知期限（5个工作日），视为受理，不能再要求补正")
    materials = _materials(application)
    listed: list[dict[str, Any]] = []
    errors: list[FieldError] = []
    for requirement_id, text in problems:
        material = materials.get(requirement_id)
        if material is None:
            errors.append(FieldError("problems", f"材料要求 {requirement_id} 不属于该办件"))
        elif not text:
            errors.append(FieldError("problems", f"请写明“{material.requirement.name}”的问题"))
        else:
            listed.append(
                {"requirement_id": material.requirement_id, "material": material.requirement.name, "problem": text}
            )
    if not listed and not errors:
        errors.append(FieldError("problems", "一次性告知至少列出一项问题"))
    if errors:
        raise ValidationFailed("一次性告知有误：" + "；".join(e.message for e in errors), errors)
    summary = "；".join(f"{p['material']}：{p['problem']}" for p in listed)
    application = WORKFLOW.act(
        application,
        actor=actor,
        action="request_correction",
        public=f"一次性告知需补正{len(listed)}项：{summary}",
        notices=[Notice(_applicant_users(application), "请按一次性告知补正材料", summary)],
        updates=_clock(None),
        checked=True,
    )
    CorrectionNotice.objects.create(application=application, issued_by=actor, problems=listed)
    SubmittedMaterial.objects.filter(
        application=application, requirement_id__in=[p["requirement_id"] for p in listed]
    ).update(state=MaterialState.PROBLEM)
    return application


@transaction.atomic
def application_refuse(*, actor: User, application_id: int, reason: str) -> Application:
    """不予受理, with the reason the applicant is told."""
    application = _pre_reviewed(actor, application_id, "refuse")
    if not reason:
        raise ValidationFailed.field("reason", "不予受理理由不能为空")
    return WORKFLOW.act(
        application,
        actor=actor,
        action="refuse",
        public=reason,
        notices=[Notice(_applicant_users(application), "申请不予受理", reason)],
        updates={"refusal_reason": reason, **_clock(None)},
        checked=True,
    )


@transaction.atomic
def application_correct(*, actor: User, application_id: int, supplied: Collection[int]) -> Application:
    """The applicant supplies what the notice asked; the application goes back to pre-review with a new clock."""
    application = access_application_for(actor, application_id)
    WORKFLOW.check(application, actor, "correct")
    current = _materials(application)
    if not supplied or set(supplied) - set(current):
        raise ValidationFailed.field("materials", "请列出补正的材料（材料要求编号须属于该办件）")
    given = _expand_same_name([m.requirement for m in current.values()], set(supplied))
    SubmittedMaterial.objects.filter(application=application, requirement_id__in=given).update(
        state=MaterialState.PROVIDED, problem=""
    )
    application = WORKFLOW.act(
        application,
        actor=actor,
        action="correct",
        public=f"补正材料{len(given)}项，重新预审",
        notices=[Notice(_hall_staff(), "补正材料已提交，待预审")],
        updates=_clock(clock.notice_due(timezone.localdate())),
        checked=True,
    )
    CorrectionNotice.objects.filter(application=application, corrected_at__isnull=True).update(
        corrected_at=timezone.now()
    )
    return application


@transaction.atomic
def application_handover(*, actor: User, application_id: int, note: str = "") -> Application:
    """流转: the window hands the case to the department (a bundle's children each to theirs)."""
    application = access_application_for(actor, application_id)
    if application.parent_id:
        raise Conflict("一件事的子事项随一件事统一流转")
    WORKFLOW.check(application, actor, "handover")
    children = list(application.children.select_related("department")) if application.bundle_id else []
    for target in children or [application]:
        assert target.department is not None
        Handover.objects.create(application=target, from_user=actor, to_department=target.department, note=note)
    if not children:
        assert application.department is not None
        return WORKFLOW.act(
            application,
            actor=actor,
            action="handover",
            note=note,
            public=f"移交{application.department.name}审批",
            notices=[Notice(_department_staff(application.department_id), "新办件待审批")],
            checked=True,
        )
    application = WORKFLOW.act(
        application,
        actor=actor,
        action="handover",
        note=note,
        public=f"各子事项已分别移交{len(children)}个部门并联审批",
        checked=True,
    )
    for child in children:
        assert child.department is not None
        WORKFLOW.act(
            child,
            actor=actor,
            action="handover",
            note=note,
            public=f"移交{child.department.name}审批",
            notices=[Notice(_department_staff(child.department_id), "新办件待审批")],
        )
    return application


# ---------------------------------------------------------------- the back office


@transaction.atomic
def application_pause(*, actor: User, application_id: int, reason: str) -> Application:
    """Art. 45: hearings, tests, appraisal, expert review do not count; the applicant is told in writing."""
    application = access_application_for(actor, application_id)
    WORKFLOW.check(application, actor, "pause")
    if application.paused_since is not None:
        raise Conflict("计时已暂停")
    return WORKFLOW.act(
        application,
        actor=actor,
        action="pause",
        public=f"暂停计时：{reason}（所需时间不计入审批期限）",
        notices=[Notice(_applicant_users(application), "审批暂停计时告知", reason)],
        updates={"paused_since": timezone.localdate(), "pause_reason": reason, **_clock(None)},
        when={"paused_since__isnull": True},
        checked=True,
    )


@transaction.atomic
def application_resume(*, actor: User, application_id: int) -> Application:
    application = access_application_for(actor, application_id)
    WORKFLOW.check(application, actor, "resume")
    if application.paused_since is None or application.deadline_start is None or application.days_total is None:
        raise Conflict("计时未暂停")
    paused = application.paused_days + clock.paused_workdays(application.paused_since, timezone.localdate())
    updates = {"paused_since": None, **_decision_clock(application.deadline_start, application.days_total, paused)}
    due = timezone.localtime(updates["due_at"]).strftime("%Y-%m-%d")
    return WORKFLOW.act(
        application,
        actor=actor,
        action="resume",
        public=f"恢复计时，累计暂停{paused}个工作日，审批期限顺延至{due}",
        updates=updates,
        when={"paused_since": application.paused_since},
        checked=True,
    )


@transaction.atomic
def application_extend(*, actor: User, application_id: int, days: int, reason: str) -> Application:
    """Art. 42: +10 working days (joint handling +15) with the head's approval; the applicant is told why."""
    application = access_application_for(actor, application_id)
    WORKFLOW.check(application, actor, "extend")
    if application.paused_since is not None:
        raise Conflict("计时暂停中，请先恢复计时再延长时限")
    if application.deadline_start is None or application.days_total is None:
        raise Conflict("办件尚未受理，没有审批时限")
    version = application.item_version
    limit = EXTENSION_LIMITS[bool(version and version.joint)]
    already = application.days_total - (version.promised_days if version else 0)
    if not 1 <= days <= limit - already:
        raise ValidationFailed.field("days", f"延长时限最多{limit}个工作日（已延长{already}个工作日）")
    return WORKFLOW.act(
        application,
        actor=actor,
        action="extend",
        public=f"审批期限延长{days}个工作日，理由：{reason}",
        notices=[Notice(_applicant_users(application), "审批期限延长告知", f"延长{days}个工作日，理由：{reason}")],
        updates=_decision_clock(application.deadline_start, application.days_total + days, application.paused_days),
        when={"days_total": application.days_total, "paused_since__isnull": True},
        checked=True,
    )


@transaction.atomic
def application_approve(*, actor: User, application_id: int, note: str = "") -> Application:
    """准予许可."""
    return _decide(actor, application_id, "approve", note)


@transaction.atomic
def application_deny(*, actor: User, application_id: int, note: str) -> Application:
    """不予许可, with its reasons (Art. 38: the applicant is told why and of the right to appeal)."""
    return _decide(actor, application_id, "deny", note)


def _decide(actor: User, application_id: int, action: str, note: str) -> Application:
    application = access_application_for(actor, application_id)
    WORKFLOW.check(application, actor, action)
    if action == "deny" and not note:
        raise ValidationFailed.field("note", "审批意见不能为空")
    if application.materials.filter(state=MaterialState.DEFERRED).exists() or (
        application.parent_id
        and application.parent
        and application.parent.materials.filter(state=MaterialState.DEFERRED).exists()
    ):
        raise Conflict("容缺材料尚未补齐，不能作出审批决定")
    if application.paused_since is not None:
        raise Conflict("计时暂停中，请先恢复计时")
    now = timezone.now()
    on_time = application.due_at is None or now <= application.due_at
    approved = action == "approve"
    notices = []
    if not application.parent_id:
        title = "审批完成，请到统一出件窗口领取" if approved else "审批结果：不予许可"
        notices = [Notice(_applicant_users(application) + _hall_staff(), title, note)]
    application = WORKFLOW.act(
        application,
        actor=actor,
        action=action,
        # The approval note is the department's own; a denial's reasons are the applicant's to read (Art. 38).
        note=note if approved else "",
        public="准予许可" if approved else note,
        notices=notices,
        updates={
            "decided_at": now,
            "decision_note": note,
            **_clock(clock.delivery_due(timezone.localdate(now))),
        },
        checked=True,
    )
    stats.bump(application, decided=1, decided_on_time=int(on_time))
    if application.parent_id:
        _decide_parent_when_children_are(application.parent_id)
    else:
        hooks.service_result(subject_type="application", subject_id=application.pk)  # the rating link (好差评)
    return application


def _decide_parent_when_children_are(parent_id: int) -> None:
    """A bundle is decided (by the system) once none of its items is still in review."""
    parent = Application.objects.select_related("bundle").get(pk=parent_id)
    children = list(parent.children.select_related("item_version"))
    if parent.status != ApplicationStatus.IN_REVIEW or any(c.status == ApplicationStatus.IN_REVIEW for c in children):
        return
    approved = all(c.status == ApplicationStatus.APPROVED for c in children)
    note = (
        "各子事项均已准予许可"
        if approved
        else "部分子事项不予许可：" + "、".join(c.title for c in children if c.status != ApplicationStatus.APPROVED)
    )
    now = timezone.now()
    WORKFLOW.act(
        parent,
        actor=None,
        action="approve" if approved else "deny",
        public=note,
        notices=[Notice(_applicant_users(parent) + _hall_staff(), "一件事审批完成，请到统一出件窗口领取", note)],
        updates={"decided_at": now, **_clock(clock.delivery_due(timezone.localdate(now)))},
    )
    hooks.service_result(subject_type="application", subject_id=parent.pk)


@transaction.atomic
def application_deliver(
    *, actor: User, application_id: int, method: str, collected_by: str = "", tracking_number: str = ""
) -> Application:
    """统一出件: the result handed over at the output window or sent by free express; registered. A bundle is
    delivered whole: each of its decided items with it."""
    application = access_application_for(actor, application_id)
    if application.parent_id:
        raise Conflict("一件事在统一出件窗口整体出件")
    WORKFLOW.check(application, actor, "deliver")
    if method == DeliveryMethod.PICKUP and not collected_by:
        raise ValidationFailed.field("collected_by", "请登记领取人")
    if method == DeliveryMethod.EXPRESS and not tracking_number:
        raise ValidationFailed.field("tracking_number", "请填写快递单号")
    how = f"{collected_by}领取" if method == DeliveryMethod.PICKUP else f"免费邮寄，单号{tracking_number}"
    now = timezone.now()
    delivered = {"delivered_at": now, **_clock(None)}
    application = WORKFLOW.act(
        application,
        actor=actor,
        action="deliver",
        public=f"统一出件：{how}",
        notices=[Notice(_applicant_users(application), "办理结果已出件", how)],
        updates=delivered,
        checked=True,
    )
    children = [c for c in application.children.all() if WORKFLOW.allowed(c.status, "deliver")]
    targets = [application] + [
        WORKFLOW.act(c, actor=actor, action="deliver", public=f"随一件事统一出件：{how}", updates=delivered)
        for c in children
    ]
    for target in targets:
        stats.bump(target, delivered=1)
        Delivery.objects.create(
            application=target,
            method=method,
            collected_by=collected_by,
            tracking_number=tracking_number,
            delivered_by=actor,
        )
    return application


def _terminate_children(parent: Application, reason_code: str) -> None:
    """A bundle's children end with it (the system's step on each; those already delivered stay delivered)."""
    for child in parent.children.select_related("item_version"):
        if WORKFLOW.allowed(child.status, "terminate"):
            child = WORKFLOW.act(
                child,
                actor=None,
                action="terminate",
                public=f"随一件事终止办理（{TerminationReason(reason_code).label}）",
                updates={"termination_reason": reason_code, **_clock(None)},
            )
            stats.bump(child, terminated=1)


@transaction.atomic
def application_terminate(*, actor: User, application_id: int, reason_code: str, note: str) -> Application:
    application = access_application_for(actor, application_id)
    application = WORKFLOW.act(
        application,
        actor=actor,
        action="terminate",
        public=f"{TerminationReason(reason_code).label}：{note}",
        notices=[Notice(_applicant_users(application), "办件已终止", note)],
        updates={"termination_reason": reason_code, **_clock(None)},
    )
    _terminate_children(application, reason_code)
    stats.bump(application, terminated=1)
    return application


@transaction.atomic
def supply_deferred(*, actor: User, application_id: int, requirement_id: int) -> Application:
    """A deferred material arrives; when all have, the commitment is fulfilled."""
    application = access_application_for(actor, application_id)
    WORKFLOW.check(application, actor, "supply_deferred")
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
    return WORKFLOW.act(
        application,
        actor=actor,
        action="supply_deferred",
        public=f"补交容缺材料：{name}" + ("，承诺已履行" if fulfilled else ""),
        checked=True,
    )


# ---------------------------------------------------------------- the watch


def watch_applications(now: dt.datetime | None = None) -> dict[str, int]:
    """Mark deemed acceptance when the 5-day notice clock ran out, and terminate applications whose
    commitment was missed (reason c); each once, each through the workflow (compare-and-set, timeline, audit)."""
    now = now or timezone.now()
    counts = {"deemed_accepted": 0, "commitments_broken": 0}
    for application in Application.objects.filter(
        status=ApplicationStatus.SUBMITTED, deemed_accepted=False, due_at__lt=now
    ):
        try:
            WORKFLOW.act(
                application,
                actor=None,
                action="deemed_accepted",
                note="超过5个工作日未出具一次性告知，依法自收件之日起视为受理，请立即受理",
                notices=[Notice(_hall_staff(), "逾期未预审，已视为受理")],
                updates={"deemed_accepted": True},
                when={"deemed_accepted": False},
            )
        except Conflict:
            continue  # moved or marked meanwhile
        counts["deemed_accepted"] += 1
    today = timezone.localdate(now)
    for commitment in Commitment.objects.filter(
        fulfilled_at__isnull=True, broken_at__isnull=True, due_date__lt=today
    ).select_related("application"):
        try:
            with transaction.atomic():
                if not Commitment.objects.filter(pk=commitment.pk, broken_at__isnull=True).update(broken_at=now):
                    continue
                _commitment_broken(commitment)
        except Conflict:
            continue  # the application moved meanwhile: the next run looks again
        counts["commitments_broken"] += 1
    return counts


def _commitment_broken(commitment: Commitment) -> None:
    application = commitment.application
    note = f"容缺材料未在承诺期限（{commitment.due_date:%Y-%m-%d}）前补交"
    notices = [Notice(_applicant_users(application) + _hall_staff(), "承诺逾期未履行，办件终止")]
    if not WORKFLOW.allowed(application.status, "commitment_broken"):
        WORKFLOW.record(application, actor=None, action="commitment_broken", public=note)
        return
    application = WORKFLOW.act(
        application,
        actor=None,
        action="commitment_broken",
        public=f"{note}，视为未履行承诺，终止办理（{COMMITMENT_BROKEN_REASON.label}）",
        notices=notices,
        updates={"termination_reason": COMMITMENT_BROKEN_REASON, **_clock(None)},
    )
    _terminate_children(application, COMMITMENT_BROKEN_REASON)
    stats.bump(application, terminated=1)


# ---------------------------------------------------------------- material files

UPLOADABLE = (
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.CORRECTION_REQUESTED,
    ApplicationStatus.ACCEPTED,
    ApplicationStatus.IN_REVIEW,
)


@transaction.atomic
def material_upload(
    *, actor: User, application_id: int, requirement_id: int, name: str, content: bytes
) -> SubmittedMaterial:
    """Attach the file of one material (checked by content and size, stored outside the web root)."""
    application = access_application_for(actor, application_id)
    if application.status not in UPLOADABLE:
        raise Conflict("该办件已办结，不能再上传材料")
    if not may_upload(actor, application):
        raise PermissionDenied("只有申请企业和窗口人员可以上传材料")
    material = application.materials.select_related("requirement").filter(requirement_id=requirement_id).first()
    if material is None:
        raise ValidationFailed.field("requirement_id", "该材料不属于本办件")
    return _store_material(application, material, check_upload(name, content), content, actor)


def _store_material(
    application: Application, material: SubmittedMaterial, clean: str, content: bytes, actor: User
) -> SubmittedMaterial:
    """Keep a checked file as the material's and note it on the timeline (the caller's transaction)."""
    material.file.save(
        f"{application.number}-{material.requirement_id}{clean[clean.rfind('.') :]}", ContentFile(content), save=False
    )
    material.save(update_fields=["file", "updated_at"])
    WORKFLOW.record(
        application,
        actor=actor,
        action="upload",
        note=f"上传材料：{material.requirement.name}（{clean}）",
        internal=True,
    )
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
    if not may_upload_result(actor, application):
        raise PermissionDenied("只有审批部门或窗口人员可以上传结果文件")
    clean = check_upload(name, content)
    application.result_file.save(
        f"{application.number}-result{clean[clean.rfind('.') :]}", ContentFile(content), save=False
    )
    application.save(update_fields=["result_file", "updated_at"])
    WORKFLOW.record(application, actor=actor, action="result", public=f"上传审批结果文件：{clean}")
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
def appointment_book(
    *,
    actor: User,
    enterprise_id: int,
    window: str,
    day: dt.date,
    slot: str,
    purpose: str,
    visitor_name: str,
    visitor_phone: str,
    item_id: int | None = None,
    bundle_id: int | None = None,
    application_id: int | None = None,
) -> Appointment:
    """Book a half hour at a window for an enterprise the actor acts for: the enterprise itself, its officer
    or liaison, or the hall taking a phone call. A full slot and a second booking of the same half hour are 409."""
    require(actor, "application.submit")
    errors: list[FieldError] = []
    enterprise: Enterprise | None = None
    try:
        enterprise = access_enterprise_for(actor, enterprise_id, related=False)
    except NotFound:
        errors.append(FieldError("enterprise_id", "企业不存在"))
    if day not in booking_days():
        errors.append(FieldError("day", f"预约日期应为今天起{BOOKING_DAYS}个工作日内的工作日"))
    elif slot_start(day, slot) <= timezone.now():
        errors.append(FieldError("slot", "该时段已过，请选择之后的时段"))
    item = ServiceItem.objects.filter(pk=item_id).first() if item_id else None
    if item_id and item is None:
        errors.append(FieldError("item_id", "事项不存在"))
    bundle = Bundle.objects.filter(pk=bundle_id).first() if bundle_id else None
    if bundle_id and bundle is None:
        errors.append(FieldError("bundle_id", "一件事不存在"))
    application: Application | None = None
    if application_id:
        try:
            application = access_application_for(actor, application_id)
        except NotFound:
            application = None
        if application is None or enterprise is None or application.enterprise_id != enterprise.pk:
            errors.append(FieldError("application_id", "办件不存在或不属于该企业"))
    if errors or enterprise is None:
        raise ValidationFailed("预约信息有误：" + "；".join(e.message for e in errors), errors)
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
                enterprise=enterprise,
                window=window,
                day=day,
                slot=slot,
                purpose=purpose,
                visitor_name=visitor_name,
                visitor_phone=visitor_phone,
                item=item,
                bundle=bundle,
                application=application,
                booked_by=actor,
            )
    except IntegrityError:
        raise Conflict(f"该企业在 {day:%m月%d日} {slot} 已有预约") from None
    others = [u for u in User.objects.filter(enterprise=enterprise, is_active=True) if u != actor]
    APPOINTMENT_WORKFLOW.record(
        appointment,
        actor=actor,
        action="book",
        note=f"{enterprise.name} {day} {slot} {Window(window).label}",
        notices=[Notice(others, f"已为贵企业预约 {day:%m月%d日} {slot} {Window(window).label}", purpose)],
    )
    return appointment


def _appointment(actor: User, appointment_id: int, action: str) -> Appointment:
    appointment = appointments_visible_to(actor).select_related("enterprise").filter(pk=appointment_id).first()
    if appointment is None:
        raise NotFound()
    APPOINTMENT_WORKFLOW.check(appointment, actor, action)
    return appointment


@transaction.atomic
def appointment_cancel(*, actor: User, appointment_id: int) -> Appointment:
    """The booker's side or the hall cancels a live booking before its half hour starts; the slot frees up."""
    appointment = _appointment(actor, appointment_id, "cancel")
    if slot_start(appointment.day, appointment.slot) <= timezone.now():
        raise Conflict("预约时段已开始，不能取消；未到场的由窗口登记")
    notices = []
    if role_of(actor) in HALL_ROLES:
        title = f"您 {appointment.day:%m月%d日} {appointment.slot} 的预约已由窗口取消"
        notices = [Notice(list(User.objects.filter(enterprise=appointment.enterprise, is_active=True)), title)]
    appointment = APPOINTMENT_WORKFLOW.act(
        appointment,
        actor=actor,
        action="cancel",
        notices=notices,
        updates={"handled_by": actor, "handled_at": timezone.now()},
        checked=True,
    )
    AppointmentSlot.objects.filter(
        window=appointment.window, day=appointment.day, slot=appointment.slot, booked__gt=0
    ).update(booked=F("booked") - 1)
    return appointment


@transaction.atomic
def appointment_arrive(*, actor: User, appointment_id: int) -> Appointment:
    """The hall registers that the visitor came, on the day."""
    appointment = _appointment(actor, appointment_id, "arrive")
    if appointment.day != timezone.localdate():
        raise Conflict("只能在预约当天签到")
    appointment = APPOINTMENT_WORKFLOW.act(
        appointment,
        actor=actor,
        action="arrive",
        updates={"handled_by": actor, "handled_at": timezone.now()},
        checked=True,
    )
    hooks.service_result(subject_type="appointment", subject_id=appointment.pk)
    return appointment


@transaction.atomic
def appointment_miss(*, actor: User, appointment_id: int) -> Appointment:
    """The hall registers that the visitor did not come, once the half hour has started."""
    appointment = _appointment(actor, appointment_id, "miss")
    if slot_start(appointment.day, appointment.slot) > timezone.now():
        raise Conflict("预约时段尚未开始，不能登记未到场")
    return APPOINTMENT_WORKFLOW.act(
        appointment,
        actor=actor,
        action="miss",
        updates={"handled_by": actor, "handled_at": timezone.now()},
        checked=True,
    )
