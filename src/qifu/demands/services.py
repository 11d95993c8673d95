"""Every write to a demand. One function per action: it takes the actor, checks the workflow
(409) and the actor's right (403), changes the status with a compare-and-set so that two
concurrent actions never both succeed, and writes the timeline and audit events in the same
transaction; notifications go out with it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from qifu.accounts.choices import Role
from qifu.accounts.models import User
from qifu.core import hooks
from qifu.core.access import DEPARTMENT_ROLES, require, role_of
from qifu.core.audit import audit_record, register_action_labels
from qifu.core.deadlines import compute
from qifu.core.errors import Conflict, FieldError, NotFound, PermissionDenied, ValidationFailed
from qifu.core.files import check_upload, check_uploads
from qifu.core.identifiers import clean_uscc
from qifu.core.numbering import next_daily_number
from qifu.core.services import queue_email
from qifu.core.workcalendar import get_calendar
from qifu.core.workflow import Notice
from qifu.demands import deadlines, stats
from qifu.demands.choices import (
    OPEN_STATUSES,
    SATISFIED_LEVELS,
    TIMED_STATUSES,
    Channel,
    Complexity,
    DemandStatus,
    ExtensionStatus,
    NoticeKind,
    Satisfaction,
    VisitMethod,
)
from qifu.demands.models import (
    Consultation,
    Demand,
    DemandAttachment,
    DemandCategory,
    DemandCounter,
    DemandRevision,
    ExtensionRequest,
    FollowUp,
    FollowUpLink,
    Reminder,
    SupervisionOrder,
)
from qifu.demands.permissions import access_demand_for, may_download, may_upload
from qifu.demands.schemas import DemandEditIn, DemandIn
from qifu.demands.transitions import EXTENSION_WORKFLOW, WORKFLOW
from qifu.enterprises.models import Enterprise
from qifu.enterprises.permissions import access_enterprise_for
from qifu.orgs.models import Department

register_action_labels(
    {
        "demand.attachment_download": "诉求 下载附件",
    }
)

FOLLOW_UP_LINK_DAYS = 14
RATING_LEVELS = {
    Satisfaction.VERY_SATISFIED: 5,
    Satisfaction.SATISFIED: 4,
    Satisfaction.BASICALLY_SATISFIED: 3,
    Satisfaction.UNSATISFIED: 2,
    Satisfaction.VERY_UNSATISFIED: 1,
}
"""The follow-up's satisfaction as a rating level (1 非常不满意 … 5 非常满意), handed over as the demand's rating."""


# ---------------------------------------------------------------- helpers


def _department_staff(department_id: int | None, roles: tuple[str, ...] = tuple(DEPARTMENT_ROLES)) -> list[User]:
    if department_id is None:
        return []
    return list(User.objects.filter(department_id=department_id, role__in=roles, is_active=True))


def _centre_staff() -> list[User]:
    return list(User.objects.filter(role=Role.DISPATCHER, is_active=True))


def _enterprise_users(demand: Demand) -> list[User]:
    return list(User.objects.filter(enterprise_id=demand.enterprise_id, role=Role.ENTERPRISE, is_active=True))


def _lead(demand: Demand) -> Department:
    if demand.lead_department is None:
        raise Conflict("诉求尚未交办，没有主办部门")
    return demand.lead_department


def _handlers(demand: Demand) -> list[User]:
    return [demand.handler] if demand.handler is not None else _department_staff(demand.lead_department_id)


def _deadline_fields(start: dt.date, days: int) -> dict[str, Any]:
    deadline = compute(start, days)
    return {
        "deadline_start": start,
        "days_total": days,
        "due_at": deadline.due_at,
        "warning_at": deadline.warning_at,
        "calendar_confirmed": deadline.calendar_confirmed,
    }


def _month_day(moment: dt.datetime) -> str:
    day = timezone.localtime(moment)
    return f"{day.month}月{day.day}日"


# ---------------------------------------------------------------- intake


def _enterprise_for_intake(actor: User, enterprise_id: int | None, uscc: str | None) -> Enterprise:
    if role_of(actor) == Role.ENTERPRISE:
        if actor.enterprise_id is None:
            raise ValidationFailed.field("enterprise_id", "账号未关联企业")
        return access_enterprise_for(actor, actor.enterprise_id, related=False)
    if enterprise_id is not None:
        try:
            return access_enterprise_for(actor, enterprise_id, related=False)
        except NotFound:
            raise ValidationFailed.field("enterprise_id", "企业不存在或不在您的服务范围内") from None
    if uscc:
        code = clean_uscc(uscc)
        found = Enterprise.objects.filter(uscc=code).values_list("pk", flat=True).first()
        if found is None:
            raise ValidationFailed.field("uscc", f"统一社会信用代码 {code} 未在企业库登记")
        try:
            return access_enterprise_for(actor, found, related=False)
        except NotFound:
            raise ValidationFailed.field("uscc", "企业不在您的服务范围内") from None
    raise ValidationFailed.field("enterprise_id", "请选择企业或填写统一社会信用代码")


@transaction.atomic
def demand_register(*, actor: User, payload: DemandIn, files: Sequence[tuple[str, bytes]] = ()) -> Demand:
    """Record a demand from any channel into the one pool (status registered), with the files handed in with it
    (photos, letters): all of them are checked first, and a bad one writes nothing."""
    require(actor, "demand.register")
    staff = role_of(actor) != Role.ENTERPRISE
    errors: list[FieldError] = []
    names: list[str] = []
    try:
        names = check_uploads([("files", name, content) for name, content in files])
    except ValidationFailed as exc:
        errors.extend(exc.errors)
    enterprise = category = None
    try:
        enterprise = _enterprise_for_intake(actor, payload.enterprise_id, payload.uscc)
    except ValidationFailed as exc:
        errors.extend(exc.errors)
    try:
        category = _category(payload.category)
    except ValidationFailed as exc:
        errors.extend(exc.errors)
    if staff and "channel" not in payload.model_fields_set:
        errors.append(FieldError("channel", "请选择来源渠道"))
    if errors or enterprise is None or category is None:
        raise ValidationFailed("诉求信息有误：" + "；".join(e.message for e in errors), errors)
    channel = payload.channel if staff else Channel.ONLINE
    if payload.external_ref and Demand.objects.filter(channel=channel, external_ref=payload.external_ref).exists():
        raise Conflict(f"外部编号 {payload.external_ref} 已登记", [FieldError("external_ref", "该工单已登记")])
    demand = Demand.objects.create(
        number=next_daily_number(DemandCounter, "SQ", timezone.localdate()),
        registered_by=actor,
        first_responder=actor if staff else None,
        enterprise=enterprise,
        kind=payload.kind,
        channel=channel,
        category=category,
        title=payload.title,
        content=payload.content,
        contact_name=payload.contact_name or enterprise.contact_name,
        contact_phone=payload.contact_phone or enterprise.contact_phone,
        external_ref=payload.external_ref,
    )
    stats.bump(demand, registered=1)
    WORKFLOW.record(
        demand,
        actor=actor,
        action="register",
        public=f"经“{demand.get_channel_display()}”登记",
        data={"channel": demand.channel, "category": demand.category.code},
        notices=[Notice(_centre_staff(), "新诉求待分拨")],
    )
    for name, (_, content) in zip(names, files, strict=True):
        _store_attachment(demand, actor, name, content)
    return demand


def _category(code: str) -> DemandCategory:
    category = DemandCategory.objects.filter(code=code.strip(), is_active=True).first()
    if category is None:
        raise ValidationFailed.field("category", "请选择诉求类别（类别不存在或已停用）")
    return category


# ---------------------------------------------------------------- the loop


@transaction.atomic
def demand_assign(
    *,
    actor: User,
    demand_id: int,
    department_id: int,
    complexity: str | None = None,
    days: int | None = None,
    co_department_ids: list[int] | None = None,
    note: str = "",
) -> Demand:
    """Dispatch to a lead department (and co-departments) with a deadline in working days."""
    demand = access_demand_for(actor, demand_id)
    WORKFLOW.check(demand, actor, "assign")
    department = _department("department_id", department_id)
    complexity = complexity or demand.category.default_complexity
    granted = deadlines.days_for(complexity, days, demand.category.default_days)
    co_departments = [_department("co_department_ids", d) for d in (co_department_ids or [])]
    co_departments = [d for d in co_departments if d.pk != department.pk]
    now = timezone.now()
    deadline = _deadline_fields(timezone.localdate(now), granted)
    due = timezone.localtime(deadline["due_at"]).strftime("%Y-%m-%d")
    text = f"交办{department.name}主办" + (
        f"，{'、'.join(d.name for d in co_departments)}协办" if co_departments else ""
    )
    text += f"，{Complexity(complexity).label}，{granted}个工作日，{due}前办结"
    if not deadline["calendar_confirmed"]:
        text += "（期限涉及尚未确认节假日安排的年度，按周一至周五计算）"
    # The dispatcher's instruction (交办说明) is for the departments; the enterprise reads where and by when.
    demand = WORKFLOW.act(
        demand,
        actor=actor,
        action="assign",
        checked=True,
        note=text + (f"。{note}" if note else ""),
        public=f"已交办至{department.name}，办理期限 {_month_day(deadline['due_at'])}",
        data={
            "department_id": department.pk,
            "days": granted,
            "complexity": complexity,
            "co_department_ids": [d.pk for d in co_departments],
        },
        notices=[
            Notice(_department_staff(department.pk), "新交办诉求待签收", text),
            Notice(_enterprise_users(demand), "您的诉求已交办"),
            *(Notice(_department_staff(co.pk), "协办诉求", text) for co in co_departments),
        ],
        updates={
            "lead_department": department,
            "complexity": complexity,
            "assigned_at": now,
            "accepted_at": None,
            "handler": None,
            "first_responder": demand.first_responder or actor,
            **deadline,
        },
    )
    demand.co_departments.set(co_departments)
    stats.bump(demand, assigned=1)
    return demand


def _department(field: str, department_id: int) -> Department:
    department = Department.objects.filter(pk=department_id, is_active=True).first()
    if department is None:
        raise ValidationFailed.field(field, "部门不存在或已停用")
    return department


@transaction.atomic
def demand_return(*, actor: User, demand_id: int, reason: str) -> Demand:
    """The department says it is not theirs (派单异议), within one working day, with the reason and basis."""
    demand = access_demand_for(actor, demand_id)
    WORKFLOW.check(demand, actor, "return")
    reason_text = reason
    assigned_day = timezone.localdate(demand.assigned_at) if demand.assigned_at else timezone.localdate()
    if get_calendar().workdays_between(assigned_day, timezone.localdate()) > 1:
        raise Conflict("已超过退回时限（交办后1个工作日内），请签收办理或申请会商")
    department = demand.lead_department
    # The lead department stays recorded (and can still see what it returned) until the dispatcher reassigns.
    demand = WORKFLOW.act(
        demand,
        actor=actor,
        action="return",
        checked=True,
        note=f"{department.name if department else ''}退回：{reason_text}",
        internal=True,
        data={"department_id": department.pk if department else None, "reason": reason_text},
        notices=[Notice(_centre_staff(), "诉求被退回，待重新分拨", reason_text)],
        updates={
            "handler": None,
            "assigned_at": None,
            "due_at": None,
            "warning_at": None,
            "deadline_start": None,
            "days_total": None,
            "return_count": F("return_count") + 1,
        },
    )
    demand.co_departments.clear()
    return demand


@transaction.atomic
def demand_accept(*, actor: User, demand_id: int, handler_id: int | None = None) -> Demand:
    """The lead department signs for it (签收) and names the handler (承办人)."""
    demand = access_demand_for(actor, demand_id)
    WORKFLOW.check(demand, actor, "accept")
    handler = actor
    if handler_id is not None:
        try:
            handler = User.objects.get(
                pk=handler_id,
                department_id=demand.lead_department_id or 0,
                role__in=DEPARTMENT_ROLES,
                is_active=True,
            )
        except User.DoesNotExist:
            raise ValidationFailed.field("handler_id", "承办人应为主办部门的在岗人员") from None
    demand = WORKFLOW.act(
        demand,
        actor=actor,
        action="accept",
        checked=True,
        note=f"{demand.lead_department.name if demand.lead_department else ''}已签收，承办人：{handler.label}",
        public=f"{demand.lead_department.name if demand.lead_department else ''}已签收，正在办理",
        data={"handler_id": handler.pk},
        notices=[Notice([handler], "您被指定为诉求承办人")] if handler.pk != actor.pk else [],
        updates={"handler": handler, "accepted_at": timezone.now()},
    )
    assigned_day = timezone.localdate(demand.assigned_at) if demand.assigned_at else timezone.localdate()
    in_time = get_calendar().workdays_between(assigned_day, timezone.localdate()) <= 1
    stats.bump(demand, accepted=1, accepted_in_time=int(in_time))
    return demand


def follow_up_link_create(demand: Demand) -> str:
    """A new one-time link for the enterprise to answer the follow-up without logging in; returns its path."""
    raw = secrets.token_urlsafe(24)
    FollowUpLink.objects.create(
        demand=demand,
        digest=hashlib.sha256(raw.encode()).hexdigest(),
        expires_at=timezone.now() + dt.timedelta(days=FOLLOW_UP_LINK_DAYS),
    )
    return f"/f/{raw}/"


@transaction.atomic
def demand_reply(*, actor: User, demand_id: int, content: str) -> Demand:
    """The result goes to the enterprise; the centre then asks it (回访) before closing."""
    demand = access_demand_for(actor, demand_id)
    WORKFLOW.check(demand, actor, "reply")
    text = content
    updates: dict[str, Any] = {"reply": text, "replied_at": timezone.now()}
    if demand.status == DemandStatus.REGISTERED:  # answered on the spot: a simple demand
        updates.update(complexity=Complexity.SIMPLE, first_responder=demand.first_responder or actor)
    link = follow_up_link_create(demand)
    ask = f"请告诉我们问题是否解决、是否满意（无需登录，{FOLLOW_UP_LINK_DAYS}天内有效）"
    demand = WORKFLOW.act(
        demand,
        actor=actor,
        action="reply",
        checked=True,
        public=f"答复：{text}",
        notices=[
            Notice(_enterprise_users(demand), "您的诉求已答复，请评价", link=link),
            Notice(_centre_staff(), "诉求已答复，待回访"),
        ],
        updates=updates,
    )
    on_time = demand.due_at is None or demand.replied_at is None or demand.replied_at <= demand.due_at
    stats.bump(demand, replied=1, replied_on_time=int(on_time))
    queue_email(
        addresses=[demand.enterprise.contact_email],
        subject=f"您的诉求已答复：{demand.number}",
        body=f"答复：{text}\n\n{ask}：{settings.QIFU_SITE_URL}{link}",
    )
    return demand


@transaction.atomic
def demand_visit(
    *,
    actor: User | None,
    demand_id: int,
    satisfaction: Satisfaction,
    resolved: bool | None = None,
    comment: str = "",
    method: VisitMethod | None = None,
    visited_on: dt.date | None = None,
    via_link: bool = False,
) -> Demand:
    """Record the follow-up: satisfied closes (销号); unsatisfied reopens to the department (counted).

    The centre records how it reached the enterprise (电话、实地、线上; by phone unless told) and on which day (today
    unless told, never a day to come); the enterprise's own answer, on its page or through the link, is online
    and today."""
    today = timezone.localdate()
    if via_link or role_of(actor) == Role.ENTERPRISE:
        method, visited_on = VisitMethod.ONLINE, today
    method = VisitMethod(method or VisitMethod.PHONE)
    visited_on = visited_on or today
    if visited_on > today:
        raise ValidationFailed.field("visited_on", "回访日期不能晚于今天")
    demand = (
        Demand.objects.select_related("lead_department").get(pk=demand_id)
        if via_link
        else access_demand_for(actor, demand_id)
    )
    level = Satisfaction(satisfaction)
    satisfied = level in SATISFIED_LEVELS
    action = "visit_satisfied" if satisfied else "visit_unsatisfied"
    if via_link and not WORKFLOW.allowed(demand.status, action):
        raise Conflict("该诉求已回访，无需重复评价")
    WORKFLOW.check(demand, actor, action)
    is_resolved = satisfied if resolved is None else resolved
    note = comment
    if satisfied:
        updates: dict[str, Any] = {"closed_at": timezone.now()}
    else:
        updates = {
            "reopen_count": F("reopen_count") + 1,
            "replied_at": None,
            **_deadline_fields(timezone.localdate(), demand.days_total or 5),
        }
    updates.update(satisfaction=level, resolved=is_resolved)
    label = Satisfaction(level).label
    how = f"{method.label}回访" + ("" if visited_on == today else f"（{visited_on.month}月{visited_on.day}日）")
    text = f"{how}：{label}，问题{'已' if is_resolved else '未'}解决" + (f"。{note}" if note else "")
    text += "，销号" if satisfied else f"，重新交办（第{demand.reopen_count + 1}次重办）"
    demand = WORKFLOW.act(
        demand,
        actor=actor,
        action=action,
        checked=True,
        public=text,
        data={
            "satisfaction": level,
            "resolved": is_resolved,
            "via_link": via_link,
            "method": method,
            "visited_on": visited_on.isoformat(),
        },
        actor_label="企业（回访链接）" if via_link else "",
        notices=[] if satisfied else [Notice(_handlers(demand), "诉求回访不满意，已重新交办", note)],
        updates=updates,
    )
    stats.bump(
        demand,
        visited=1,
        satisfied=int(satisfied),
        resolved=int(is_resolved),
        reopened=int(not satisfied),
        closed=int(satisfied),
    )
    FollowUp.objects.create(
        demand=demand,
        satisfaction=level,
        resolved=is_resolved,
        comment=note,
        by=actor if actor is not None and actor.pk else None,
        via_link=via_link,
        method=method,
        visited_on=visited_on,
    )
    # The follow-up's satisfaction is the demand's rating (好差评): the first one counts, once, with every other
    # service's (a later follow-up after a reopening adds none).
    hooks.rating_given(
        subject_type="demand",
        subject_id=demand.pk,
        level=RATING_LEVELS[level],
        comment=note,
        channel="onsite" if method == VisitMethod.ONSITE else "online",
        actor=actor,
    )
    return demand


def demand_visit_by_link(
    *, token: str, satisfaction: Satisfaction, resolved: bool | None = None, comment: str = ""
) -> Demand:
    """The enterprise answers through the signed link: valid for a limited time, usable once."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    with transaction.atomic():
        link = FollowUpLink.objects.select_for_update().filter(digest=digest).first()
        if link is None or link.expires_at < timezone.now():
            raise NotFound("链接无效或已过期")
        if link.used_at is not None:
            raise Conflict("该链接已使用，感谢您的评价")
        if not FollowUpLink.objects.filter(pk=link.pk, used_at__isnull=True).update(used_at=timezone.now()):
            raise Conflict("该链接已使用，感谢您的评价")
        return demand_visit(
            actor=None,
            demand_id=link.demand_id,
            satisfaction=satisfaction,
            resolved=resolved,
            comment=comment,
            via_link=True,
        )


@transaction.atomic
def demand_withdraw(*, actor: User, demand_id: int, reason: str = "") -> Demand:
    demand = access_demand_for(actor, demand_id)
    WORKFLOW.check(demand, actor, "withdraw")
    text = reason
    return WORKFLOW.act(
        demand,
        actor=actor,
        action="withdraw",
        checked=True,
        public=text or "企业撤回诉求",
        notices=[Notice(_handlers(demand) + _centre_staff(), "诉求已撤回", text)],
    )


@transaction.atomic
def demand_merge(*, actor: User, demand_id: int, into_id: int) -> Demand:
    """Fold a duplicate into another open demand of the same enterprise (并单)."""
    demand = access_demand_for(actor, demand_id)
    WORKFLOW.check(demand, actor, "merge")
    try:
        target = access_demand_for(actor, into_id)
    except NotFound:
        raise ValidationFailed.field("into_id", "要合并到的诉求不存在") from None
    if target.pk == demand.pk or target.status not in OPEN_STATUSES or target.enterprise_id != demand.enterprise_id:
        raise ValidationFailed.field("into_id", "只能合并到同一企业的另一件未办结诉求")
    demand = WORKFLOW.act(
        demand,
        actor=actor,
        action="merge",
        checked=True,
        public=f"与 {target.number} 重复，已合并办理",
        data={"into": target.pk},
        updates={"merged_into": target},
    )
    WORKFLOW.record(
        target,
        actor=actor,
        action="merged_in",
        public=f"合并了重复诉求 {demand.number}：{demand.content[:200]}",
        data={"from": demand.pk},
    )
    return demand


@transaction.atomic
def demand_archive(*, actor: User, demand_id: int) -> Demand:
    demand = access_demand_for(actor, demand_id)
    return WORKFLOW.act(demand, actor=actor, action="archive", updates={"archived_at": timezone.now()})


# ---------------------------------------------------------------- side records


@transaction.atomic
def demand_remind(*, actor: User, demand_id: int, note: str = "") -> Reminder:
    demand = access_demand_for(actor, demand_id)
    WORKFLOW.check(demand, actor, "remind")
    text = note
    reminder = Reminder.objects.create(
        demand=demand, kind=NoticeKind.MANUAL, by=actor, note=text, for_due_at=demand.due_at
    )
    WORKFLOW.act(
        demand,
        actor=actor,
        action="remind",
        checked=True,
        note=text or "请抓紧办理",
        internal=True,
        notices=[Notice(_handlers(demand), "催办", text)],
    )
    return reminder


@transaction.atomic
def demand_supervise(*, actor: User, demand_id: int, note: str) -> SupervisionOrder:
    demand = access_demand_for(actor, demand_id)
    WORKFLOW.check(demand, actor, "supervise")
    text = note
    order = SupervisionOrder.objects.create(
        demand=demand,
        kind=NoticeKind.MANUAL,
        by=actor,
        note=text,
        department=_lead(demand),
        for_due_at=demand.due_at,
    )
    WORKFLOW.act(
        demand,
        actor=actor,
        action="supervise",
        checked=True,
        note=text,
        internal=True,
        notices=[Notice(_department_staff(demand.lead_department_id, (Role.DEPARTMENT_HEAD,)), "督办单", text)],
    )
    return order


@transaction.atomic
def demand_escalate(*, actor: User, demand_id: int, reason: str) -> Demand:
    """Raised to the district government (seed 000: 需区政府层面协调的，及时报告区政府)."""
    demand = access_demand_for(actor, demand_id)
    WORKFLOW.check(demand, actor, "escalate")
    text = reason
    centre = User.objects.filter(role__in=[Role.ADMIN, Role.DISPATCHER, Role.SUPERVISOR], is_active=True)
    return WORKFLOW.act(
        demand,
        actor=actor,
        action="escalate",
        checked=True,
        note=f"已上报区政府协调：{text}",
        public="已上报区政府协调",
        notices=[Notice(list(centre), "诉求上报区政府", text)],
        updates={"escalated_at": timezone.now()},
    )


@transaction.atomic
def extension_request(*, actor: User, demand_id: int, days: int, reason: str, progress: str) -> ExtensionRequest:
    """The handler asks for more working days (1-30, ExtensionIn); the enterprise is told the reason and progress."""
    demand = access_demand_for(actor, demand_id)
    WORKFLOW.check(demand, actor, "extend")
    extra = days
    texts = {"reason": reason, "progress": progress}
    if demand.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise Conflict("已有待审批的延期申请")
    request = ExtensionRequest.objects.create(demand=demand, days=extra, requested_by=actor, **texts)
    approvers = _centre_staff() + _department_staff(demand.lead_department_id, (Role.DEPARTMENT_HEAD,))
    WORKFLOW.act(
        demand,
        actor=actor,
        action="extend",
        checked=True,
        note=f"申请延期{extra}个工作日。原因：{texts['reason']}；进展：{texts['progress']}",
        data={"extension_id": request.pk, "days": extra},
        notices=[Notice(approvers, "延期申请待审批", texts["reason"])],
    )
    return request


@transaction.atomic
def extension_decide(*, actor: User, demand_id: int, extension_id: int, approve: bool, note: str = "") -> Demand:
    demand = access_demand_for(actor, demand_id)
    WORKFLOW.check(demand, actor, "decide_extension")
    request = demand.extensions.filter(pk=extension_id).first()
    if request is None:
        raise NotFound("延期申请不存在")
    text = note
    if request.status != ExtensionStatus.PENDING:
        raise Conflict("该延期申请已审批")
    EXTENSION_WORKFLOW.act(
        request,
        actor=actor,
        action="approve" if approve else "reject",
        note=text,
        updates={"decided_by": actor, "decided_at": timezone.now(), "decision_note": text},
    )
    updates: dict[str, Any] = {}
    if approve and demand.deadline_start is not None:
        updates = _deadline_fields(demand.deadline_start, (demand.days_total or 0) + request.days)
        due = timezone.localtime(updates["due_at"]).strftime("%Y-%m-%d")
        message = f"同意延期{request.days}个工作日，新的办结期限为{due}"
    else:
        message = "不同意延期，请按原期限办结"
    told = f"{message}。延期原因：{request.reason}；办理进展：{request.progress}" if approve else message
    return WORKFLOW.act(
        demand,
        actor=actor,
        action="decide_extension",
        checked=True,
        note=message + (f"。{text}" if text else ""),
        public=told,
        data={"extension_id": request.pk, "approved": approve},
        notices=[
            Notice([*_handlers(demand), request.requested_by], "延期申请已审批", message),
            Notice(_enterprise_users(demand), "诉求办理延期告知" if approve else "诉求办理进展"),
        ],
        updates=updates,
    )


@transaction.atomic
def consultation_record(
    *,
    actor: User,
    demand_id: int,
    held_on: dt.date,
    department_ids: list[int],
    participants: str,
    minutes: str,
    conclusion: str,
) -> Consultation:
    """A joint meeting of departments on a hard case (会商 / 集中研判)."""
    demand = access_demand_for(actor, demand_id)
    WORKFLOW.check(demand, actor, "consult")
    departments = [_department("department_ids", d) for d in department_ids]
    if not departments:
        raise ValidationFailed.field("department_ids", "请选择参会部门")
    consultation = Consultation.objects.create(
        demand=demand,
        held_on=held_on,
        convened_by=actor,
        participants=participants,
        minutes=minutes,
        conclusion=conclusion,
    )
    consultation.departments.set(departments)
    WORKFLOW.act(
        demand,
        actor=actor,
        action="consult",
        checked=True,
        note=f"{held_on:%Y-%m-%d} 组织{'、'.join(d.name for d in departments)}会商。结论：{consultation.conclusion}",
        public="已组织相关部门会商研究",
        data={"consultation_id": consultation.pk},
    )
    return consultation


@transaction.atomic
def demand_add_info(*, actor: User, demand_id: int, content: str) -> Demand:
    """The enterprise adds information to its open demand."""
    demand = access_demand_for(actor, demand_id)
    WORKFLOW.check(demand, actor, "add_info")
    text = content
    staff = _handlers(demand) if demand.lead_department_id else _centre_staff()
    return WORKFLOW.act(
        demand,
        actor=actor,
        action="add_info",
        checked=True,
        public=text,
        notices=[Notice(staff, "企业补充了诉求信息", text)],
    )


EDITABLE = {"title": "标题", "content": "诉求内容", "category": "类别", "enterprise_id": "企业"}


@transaction.atomic
def demand_edit(*, actor: User, demand_id: int, payload: DemandEditIn) -> Demand:
    """Staff correct a demand; the original text stays in the revision and the timeline says who and why."""
    demand = access_demand_for(actor, demand_id)
    WORKFLOW.check(demand, actor, "edit")
    changes = payload.model_dump(exclude_unset=True, exclude={"reason"})
    updates: dict[str, Any] = {}
    for field, value in changes.items():
        if value is None:
            continue
        if field == "category":
            category = _category(value)
            old, new, updates["category"] = demand.category.code, category.code, category
        elif field == "enterprise_id":
            enterprise = _enterprise_for_intake(actor, value, None)
            old, new, updates["enterprise"] = str(demand.enterprise_id), str(enterprise.pk), enterprise
        else:
            old, new, updates[field] = getattr(demand, field), value, value
        if old != new:
            DemandRevision.objects.create(
                demand=demand, field=field, old_value=old, new_value=new, reason=payload.reason, by=actor
            )
    if not updates:
        return demand
    return WORKFLOW.act(
        demand,
        actor=actor,
        action="edit",
        checked=True,
        note=f"更正{'、'.join(EDITABLE[f] for f in updates if f in EDITABLE) or '企业'}，原因：{payload.reason}",
        internal=True,
        data={"fields": sorted(changes)},
        updates=updates,
    )


# ---------------------------------------------------------------- the watch


def remind_late(demand: Demand) -> None:
    """The automatic reminder (催办) of a demand that turned `warning`: supervision's watcher decides when (once
    per deadline, core.supervised.LateSource.on_warning), this records it as the demand's own 催办."""
    Reminder.objects.create(
        demand=demand, kind=NoticeKind.AUTO, for_due_at=demand.due_at, note="即将超期，系统自动催办"
    )
    WORKFLOW.act(
        demand,
        actor=None,
        action="remind",
        note="即将到期，系统自动催办",
        internal=True,
        notices=[
            Notice(
                _handlers(demand),
                "诉求即将超期",
                f"办结期限：{timezone.localtime(demand.due_at):%Y-%m-%d %H:%M}" if demand.due_at else "",
            )
        ],
    )


def supervise_late(demand: Demand) -> None:
    """The automatic supervision order (督办) of a demand that turned `overdue`, to its department head (when
    by supervision's watcher, once per deadline)."""
    SupervisionOrder.objects.create(
        demand=demand,
        kind=NoticeKind.AUTO,
        for_due_at=demand.due_at,
        department=_lead(demand),
        note="已超期，系统自动督办",
    )
    heads = _department_staff(demand.lead_department_id, (Role.DEPARTMENT_HEAD,))
    WORKFLOW.act(
        demand,
        actor=None,
        action="supervise",
        note="已超过办结期限，系统自动督办",
        internal=True,
        notices=[Notice(heads + _handlers(demand), "督办：诉求已超期")],
    )


def recompute_deadlines() -> int:
    """After the holiday arrangement changed: recompute every running deadline and tell the handler when it moved."""
    moved = 0
    running = Demand.objects.filter(status__in=TIMED_STATUSES, deadline_start__isnull=False, days_total__isnull=False)
    for demand in running.select_related("handler"):
        if demand.deadline_start is None or demand.days_total is None:
            continue
        fields = _deadline_fields(demand.deadline_start, demand.days_total)
        if fields["due_at"] == demand.due_at and fields["calendar_confirmed"] == demand.calendar_confirmed:
            continue
        with transaction.atomic():
            if not Demand.objects.filter(pk=demand.pk, due_at=demand.due_at).update(**fields):
                continue
            old = timezone.localtime(demand.due_at).strftime("%Y-%m-%d") if demand.due_at else "—"
            new = timezone.localtime(fields["due_at"]).strftime("%Y-%m-%d")
            if old == new:
                continue
            demand.refresh_from_db()
            text = f"节假日安排调整，办结期限由{old}改为{new}"
            WORKFLOW.record(
                demand,
                actor=None,
                action="deadline_moved",
                public=text,
                data={"old": old, "new": new},
                notices=[Notice(_handlers(demand), "诉求办结期限已调整", text)],
            )
            moved += 1
    return moved


# ---------------------------------------------------------------- attachments


@transaction.atomic
def attachment_add(*, actor: User, demand_id: int, name: str, content: bytes) -> DemandAttachment:
    demand = access_demand_for(actor, demand_id)
    if not may_upload(actor, demand):
        raise PermissionDenied("只有企业本身和办理人员可以上传附件")
    return _store_attachment(demand, actor, check_upload(name, content), content)


def _store_attachment(demand: Demand, actor: User, clean_name: str, content: bytes) -> DemandAttachment:
    """Keep a checked file with the demand and note it on the timeline (the caller's transaction)."""
    attachment = DemandAttachment(demand=demand, name=clean_name, size=len(content), uploaded_by=actor)
    attachment.file.save(
        f"{demand.number}-{secrets.token_hex(4)}{clean_name[clean_name.rfind('.') :]}", ContentFile(content), save=False
    )
    attachment.save()
    WORKFLOW.record(
        demand, actor=actor, action="attach", public=f"上传附件：{clean_name}", data={"attachment_id": attachment.pk}
    )
    return attachment


@transaction.atomic
def attachment_download(*, actor: User, demand_id: int, attachment_id: int) -> DemandAttachment:
    """Check the right to the file and audit the download (the caller streams the file)."""
    demand = access_demand_for(actor, demand_id)
    attachment = demand.attachments.filter(pk=attachment_id).first()
    if attachment is None or not may_download(actor, demand):
        raise NotFound()
    audit_record(
        actor=actor,
        action="demand.attachment_download",
        obj=attachment,
        summary=f"{demand.number} 下载附件 {attachment.name}",
        data={"demand_id": demand.pk},
    )
    return attachment
