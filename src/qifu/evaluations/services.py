"""Ratings (好差评) of every service and the rectification of every bad review (差评整改): the business rules.

A rating is given once per service, by the enterprise served, once the service has its result; it names the unit
and the staff member who served (read from the case). The demand follow-up's satisfaction and the claim's stars
arrive through `core.hooks.RATING_GIVEN` and become the same kind of rating; an enterprise rating a replied demand
(or a closed claim) through this app answers that follow-up too, so each service has one rating and one figure.

A bad review (不满意, 非常不满意) opens a rectification case for the unit, due QIFU_RECTIFY_DAYS working days after
the rating; its moves go through `transitions.WORKFLOW`. The supervision app's watcher reminds and supervises it
(registered as a `core.supervised.LateSource` in apps.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from qifu.accounts.models import User
from qifu.applications.choices import AppointmentStatus
from qifu.applications.models import Application, Appointment
from qifu.core import deadlines
from qifu.core.access import DEPARTMENT_ROLES, role_of
from qifu.core.audit import audit_record, register_action_labels
from qifu.core.choices import Role
from qifu.core.errors import Conflict, FieldError, NotFound, PermissionDenied, ValidationFailed
from qifu.core.models import TimelineEvent
from qifu.core.services import notify
from qifu.core.workflow import Notice
from qifu.demands.choices import DemandStatus, Satisfaction
from qifu.demands.models import Demand
from qifu.evaluations.choices import Channel, Level, SubjectType, reason_options
from qifu.evaluations.models import Rating, Rectification
from qifu.evaluations.permissions import access_rectification_for
from qifu.evaluations.transitions import WORKFLOW
from qifu.policies.choices import ClaimStatus
from qifu.policies.models import PolicyClaim
from qifu.servicedays.models import ServiceDayRecord

register_action_labels({"rating.create": "服务评价"})

LINK_SALT = "qifu.evaluations.rating-link"

LEVEL_TO_SATISFACTION = {
    Level.VERY_GOOD: Satisfaction.VERY_SATISFIED,
    Level.GOOD: Satisfaction.SATISFIED,
    Level.FAIR: Satisfaction.BASICALLY_SATISFIED,
    Level.BAD: Satisfaction.UNSATISFIED,
    Level.VERY_BAD: Satisfaction.VERY_UNSATISFIED,
}


# ------------------------------------------------------------ the service rated


@dataclass(frozen=True)
class Served:
    """What a rating needs to know of the service: whose it is, who served, whether it has its result."""

    subject_type: str
    subject_id: int
    enterprise_id: int
    department_id: int | None
    staff_id: int | None
    title: str
    has_result: bool
    waiting: str
    """Why it cannot be rated yet (Chinese), when it has no result."""


def _actor_of(subject_type: str, subject_id: int, actions: Sequence[str]) -> int | None:
    """The staff member who took the case's deciding step (the last of `actions`)."""
    return (
        TimelineEvent.objects.filter(
            subject_type=subject_type, subject_id=subject_id, action__in=actions, actor__isnull=False
        )
        .order_by("-at", "-id")
        .values_list("actor_id", flat=True)
        .first()
    )


def served(subject_type: str, subject_id: int) -> Served | None:
    """The service behind (subject_type, subject_id), or None when there is no such service."""
    if subject_type == SubjectType.DEMAND:
        d = Demand.objects.filter(pk=subject_id).first()
        if d is None:
            return None
        done = d.status in (DemandStatus.REPLIED, DemandStatus.CLOSED, DemandStatus.ARCHIVED)
        return Served(
            subject_type,
            subject_id,
            d.enterprise_id,
            d.lead_department_id,
            d.handler_id or _actor_of("demand", d.pk, ("reply",)),
            f"诉求 {d.number} {d.title}",
            done,
            "该诉求尚未答复，答复后即可评价",
        )
    if subject_type == SubjectType.APPLICATION:
        a = Application.objects.select_related("item_version", "bundle").filter(pk=subject_id).first()
        if a is None:
            return None
        name = a.title
        return Served(
            subject_type,
            subject_id,
            a.enterprise_id,
            a.department_id,
            _actor_of("application", a.pk, ("approve", "deny")) or a.helper_id,
            f"办件 {a.number} {name}".strip(),
            a.decided_at is not None or a.status in ("approved", "denied", "delivered"),
            "该办件尚未作出审批决定，出结果后即可评价",
        )
    if subject_type == SubjectType.POLICY_CLAIM:
        c = PolicyClaim.objects.select_related("policy").filter(pk=subject_id).first()
        if c is None:
            return None
        return Served(
            subject_type,
            subject_id,
            c.enterprise_id,
            c.department_id,
            _actor_of("policy_claim", c.pk, ("approve", "deny", "disburse")),
            f"政策兑现 {c.number} {c.policy.title}",
            c.status in (ClaimStatus.DISBURSED, ClaimStatus.DENIED),
            "该申兑尚未兑付或审核未结束，办结后即可评价",
        )
    if subject_type == SubjectType.APPOINTMENT:
        p = Appointment.objects.select_related("handled_by").filter(pk=subject_id).first()
        if p is None:
            return None
        return Served(
            subject_type,
            subject_id,
            p.enterprise_id,
            p.handled_by.department_id if p.handled_by is not None else None,
            p.handled_by_id,
            f"预约 {p.number} {p.purpose}",
            p.status == AppointmentStatus.ARRIVED,
            "该预约尚未到场办理，办理后即可评价",
        )
    if subject_type == SubjectType.SERVICE_DAY_RECORD:
        r = ServiceDayRecord.objects.filter(pk=subject_id).first()
        if r is None:
            return None
        return Served(
            subject_type,
            subject_id,
            r.enterprise_id,
            r.department_id,
            r.recorded_by_id,
            f"企业服务日 {r.get_service_display()}",
            True,
            "",
        )
    return None


# ------------------------------------------------------------ recording a rating


def _clean_reasons(level: int, reasons: Sequence[str]) -> list[str]:
    offered = {code for code, _ in reason_options(level)}
    wrong = [code for code in reasons if code not in offered]
    if wrong:
        raise ValidationFailed.field("reasons", f"评价原因“{wrong[0]}”不在该等级的可选项中")
    return list(dict.fromkeys(reasons))


def _record(s: Served, *, level: int, reasons: Sequence[str], comment: str, channel: str, actor: Any) -> Rating:
    """Store the service's one rating (409 the second time) and open the rectification case of a bad review."""
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                subject_type=s.subject_type,
                subject_id=s.subject_id,
                enterprise_id=s.enterprise_id,
                department_id=s.department_id,
                staff_id=s.staff_id,
                rated_by=actor if actor is not None and actor.pk else None,
                level=level,
                reasons=list(reasons),
                comment=comment,
                channel=channel,
            )
    except IntegrityError:
        raise Conflict("该服务已评价过，每项服务只能评价一次") from None
    audit_record(
        actor=actor,
        action="rating.create",
        obj=rating,
        summary=f"{s.title}：{Level(level).label}"[:500],
        data={"level": level, "subject_type": s.subject_type, "subject_id": s.subject_id, "channel": channel},
    )
    if rating.is_bad:
        _open_case(rating, s)
    return rating


def _department_staff(department_id: int | None) -> list[User]:
    if department_id is None:
        return list(User.objects.filter(role__in=[Role.DISPATCHER], is_active=True))
    return list(User.objects.filter(department_id=department_id, role__in=DEPARTMENT_ROLES, is_active=True))


def _enterprise_users(enterprise_id: int) -> list[User]:
    return list(User.objects.filter(enterprise_id=enterprise_id, role=Role.ENTERPRISE, is_active=True))


def _open_case(rating: Rating, s: Served) -> Rectification:
    day = timezone.localdate(rating.created_at)
    deadline = deadlines.compute(day, settings.QIFU_RECTIFY_DAYS)
    case = Rectification.objects.create(
        number=f"ZG{day:%Y%m%d}{rating.pk:06d}",
        rating=rating,
        department_id=s.department_id,
        title=f"{s.title}（{Level(rating.level).label}）"[:200],
        due_at=deadline.due_at,
        warning_at=deadline.warning_at,
    )
    WORKFLOW.record(
        case,
        actor=None,
        action="open",
        note=f"差评内容：{rating.comment or '（未填写）'}",
        public="收到您的评价，承办单位将回访核实并整改",
        actor_label="系统",
        notices=[
            Notice(
                _department_staff(s.department_id),
                "收到差评，请回访核实并整改",
                f"整改期限 {timezone.localtime(case.due_at):%m月%d日}",
            )
        ],
    )
    return case


@transaction.atomic
def rating_create(
    *,
    actor: Any,
    subject_type: str,
    subject_id: int,
    level: int,
    reasons: Sequence[str] = (),
    comment: str = "",
    channel: str = Channel.ONLINE,
    enterprise_id: int | None = None,
) -> Rating:
    """The enterprise served rates the service: once (409), after its result (409), only its own (404).

    `actor` None with `enterprise_id` is the one-click link (the signed link stands for the enterprise)."""
    if actor is not None:
        if role_of(actor) != Role.ENTERPRISE or actor.enterprise_id is None:
            raise PermissionDenied("只有接受服务的企业可以评价")
        enterprise_id = actor.enterprise_id
    s = served(subject_type, subject_id)
    if s is None or s.enterprise_id != enterprise_id:
        raise NotFound()
    reasons = _clean_reasons(level, reasons)
    if Rating.objects.filter(subject_type=subject_type, subject_id=subject_id).exists():
        raise Conflict("该服务已评价过，每项服务只能评价一次")
    if not s.has_result:
        raise Conflict(s.waiting)
    rating = _record(s, level=level, reasons=reasons, comment=comment, channel=channel, actor=actor)
    _answer_follow_up(s, level=level, comment=comment, actor=actor)
    return rating


def _answer_follow_up(s: Served, *, level: int, comment: str, actor: Any) -> None:
    """A replied demand's rating is its follow-up (回访), a closed claim's its stars: the rating is the answer, so
    that the lower app's own step is taken once (its hook finds the rating made and adds none)."""
    if s.subject_type == SubjectType.DEMAND:
        from qifu.demands.services import demand_visit

        if Demand.objects.filter(pk=s.subject_id, status=DemandStatus.REPLIED).exists():
            demand_visit(
                actor=actor,
                demand_id=s.subject_id,
                satisfaction=LEVEL_TO_SATISFACTION[Level(level)],
                comment=comment,
                via_link=actor is None,
            )
    elif s.subject_type == SubjectType.POLICY_CLAIM and actor is not None:
        from qifu.policies.services import claim_rate

        if PolicyClaim.objects.filter(pk=s.subject_id, rating__isnull=True).exists():
            claim_rate(actor=actor, claim_id=s.subject_id, rating=level, comment=comment[:300])
    elif s.subject_type == SubjectType.POLICY_CLAIM:
        PolicyClaim.objects.filter(pk=s.subject_id, rating__isnull=True).update(
            rating=level, rating_comment=comment[:300]
        )


def rating_given(
    *, subject_type: str, subject_id: int, level: int, comment: str = "", channel: str = "online", actor: Any = None
) -> None:
    """core.hooks.RATING_GIVEN: a lower app's follow-up or stars become the service's rating, unless it has one."""
    s = served(subject_type, subject_id)
    if s is None or Rating.objects.filter(subject_type=subject_type, subject_id=subject_id).exists():
        return
    _record(s, level=int(level), reasons=(), comment=comment[:500], channel=channel, actor=actor)


# ------------------------------------------------------------ the one-click link


def rating_token(subject_type: str, subject_id: int, channel: str = Channel.ONLINE) -> str:
    return signing.dumps({"s": subject_type, "i": subject_id, "c": channel}, salt=LINK_SALT, compress=True)


def rating_path(subject_type: str, subject_id: int, channel: str = Channel.ONLINE) -> str:
    """The one-click page (valid QIFU_RATING_LINK_DAYS days, no login), as result notifications link it."""
    return reverse("rate_by_link", args=[rating_token(subject_type, subject_id, channel)])


def rating_url(subject_type: str, subject_id: int, channel: str = Channel.ONLINE) -> str:
    """The full one-click address, for the QR code of the window's prints (channel onsite)."""
    return f"{settings.QIFU_SITE_URL}{rating_path(subject_type, subject_id, channel)}"


@dataclass(frozen=True)
class LinkTarget:
    served: Served
    channel: str
    rating: Rating | None


def link_target(token: str) -> LinkTarget:
    """The service a link rates (404 when the link is forged or older than its days)."""
    try:
        data = signing.loads(token, salt=LINK_SALT, max_age=dt.timedelta(days=settings.QIFU_RATING_LINK_DAYS))
    except signing.BadSignature:
        raise NotFound("评价链接无效或已过期（有效期14天）") from None
    s = served(str(data.get("s", "")), int(data.get("i", 0)))
    if s is None:
        raise NotFound("评价链接无效或已过期（有效期14天）")
    rating = (
        Rating.objects.select_related("rectification").filter(subject_type=s.subject_type, subject_id=s.subject_id)
    ).first()
    return LinkTarget(served=s, channel=str(data.get("c", Channel.ONLINE)), rating=rating)


def rating_by_link(*, token: str, level: int, reasons: Sequence[str] = (), comment: str = "") -> Rating:
    target = link_target(token)
    return rating_create(
        actor=None,
        subject_type=target.served.subject_type,
        subject_id=target.served.subject_id,
        level=level,
        reasons=reasons,
        comment=comment,
        channel=target.channel,
        enterprise_id=target.served.enterprise_id,
    )


def service_result(*, subject_type: str, subject_id: int) -> None:
    """core.hooks.SERVICE_RESULT: send the enterprise the one-click rating link of a service with its result."""
    s = served(subject_type, subject_id)
    if s is None or Rating.objects.filter(subject_type=subject_type, subject_id=subject_id).exists():
        return
    notify(
        recipients=_enterprise_users(s.enterprise_id),
        title=f"请对本次服务作出评价：{s.title}"[:200],
        body=f"{s.title}已有办理结果。点击链接即可评价，无需登录，{settings.QIFU_RATING_LINK_DAYS}天内有效。",
        link=rating_path(subject_type, subject_id),
    )


# ------------------------------------------------------------ rectification


def _need(field: str, value: str, message: str) -> str:
    if not value.strip():
        raise ValidationFailed(message, [FieldError(field, message)])
    return value.strip()


@transaction.atomic
def rectification_callback(*, actor: Any, case_id: int, note: str) -> Rectification:
    """回访核实: the unit calls the enterprise back and records what it verified."""
    case = access_rectification_for(actor, case_id)
    WORKFLOW.check(case, actor, "callback")
    note = _need("note", note, "请填写回访核实情况")
    return WORKFLOW.act(
        case,
        actor=actor,
        action="callback",
        checked=True,
        note=note,
        public="承办单位已回访核实您的评价",
        updates={"callback_note": note, "called_back_at": timezone.now()},
    )


@transaction.atomic
def rectification_rectify(*, actor: Any, case_id: int, measures: str) -> Rectification:
    case = access_rectification_for(actor, case_id)
    WORKFLOW.check(case, actor, "rectify")
    measures = _need("measures", measures, "请填写整改措施")
    return WORKFLOW.act(
        case,
        actor=actor,
        action="rectify",
        checked=True,
        note=measures,
        public="承办单位已落实整改措施",
        updates={"measures": measures, "rectified_at": timezone.now()},
    )


@transaction.atomic
def rectification_report(*, actor: Any, case_id: int, result: str) -> Rectification:
    """The result is reported to the enterprise (它读到整改结果), which closes the case."""
    case = access_rectification_for(actor, case_id)
    WORKFLOW.check(case, actor, "report")
    result = _need("result", result, "请填写反馈给企业的整改结果")
    return WORKFLOW.act(
        case,
        actor=actor,
        action="report",
        checked=True,
        note=result,
        public=f"整改结果：{result}",
        updates={"result": result, "closed_at": timezone.now()},
        notices=[Notice(_enterprise_users(case.rating.enterprise_id), "您的评价已整改并反馈", result)],
    )


@transaction.atomic
def rectification_appeal(*, actor: Any, case_id: int, reason: str) -> Rectification:
    """The unit asks the centre to exclude a mistaken or malicious rating (申诉)."""
    case = access_rectification_for(actor, case_id)
    WORKFLOW.check(case, actor, "appeal")
    reason = _need("reason", reason, "请填写申诉理由")
    return WORKFLOW.act(
        case,
        actor=actor,
        action="appeal",
        checked=True,
        note=reason,
        internal=True,
        updates={"appeal_reason": reason},
        notices=[Notice(_department_staff(None), "差评申诉待复核", reason)],
    )


@transaction.atomic
def rectification_decide_appeal(*, actor: Any, case_id: int, exclude: bool, note: str = "") -> Rectification:
    """申诉复核 by the centre: exclude the rating (it then counts in no figure) or dismiss the appeal (the unit
    rectifies)."""
    case = access_rectification_for(actor, case_id)
    action = "exclude" if exclude else "dismiss"
    WORKFLOW.check(case, actor, action)
    if not exclude:
        note = _need("note", note, "维持差评时请填写复核意见")
    if exclude:
        Rating.objects.filter(pk=case.rating_id).update(excluded=True)
    return WORKFLOW.act(
        case,
        actor=actor,
        action=action,
        checked=True,
        note=note,
        public="经复核，该评价不计入评价结果" if exclude else "",
        internal=not exclude,
        updates={"decision_note": note},
        notices=[Notice(_department_staff(case.department_id), f"差评申诉{'已剔除' if exclude else '未通过'}", note)],
    )


def waiting_for_rating(enterprise_id: int | None, *, limit: int = 20) -> list[Served]:
    """The enterprise's services that have their result and no rating yet, newest first (its 待评价 list)."""
    if enterprise_id is None:
        return []
    rated: dict[str, set[int]] = {}
    for subject_type, subject_id in Rating.objects.filter(enterprise_id=enterprise_id).values_list(
        "subject_type", "subject_id"
    ):
        rated.setdefault(subject_type, set()).add(subject_id)
    candidates: list[tuple[dt.datetime, str, int]] = []
    sources: list[tuple[str, Any]] = [
        (
            SubjectType.DEMAND,
            Demand.objects.filter(
                enterprise_id=enterprise_id,
                status__in=[DemandStatus.REPLIED, DemandStatus.CLOSED, DemandStatus.ARCHIVED],
            ).values_list("updated_at", "pk"),
        ),
        (
            SubjectType.APPLICATION,
            Application.objects.filter(enterprise_id=enterprise_id, decided_at__isnull=False).values_list(
                "decided_at", "pk"
            ),
        ),
        (
            SubjectType.POLICY_CLAIM,
            PolicyClaim.objects.filter(
                enterprise_id=enterprise_id, status__in=[ClaimStatus.DISBURSED, ClaimStatus.DENIED]
            ).values_list("updated_at", "pk"),
        ),
        (
            SubjectType.APPOINTMENT,
            Appointment.objects.filter(enterprise_id=enterprise_id, status=AppointmentStatus.ARRIVED).values_list(
                "created_at", "pk"
            ),
        ),
        (
            SubjectType.SERVICE_DAY_RECORD,
            ServiceDayRecord.objects.filter(enterprise_id=enterprise_id).values_list("created_at", "pk"),
        ),
    ]
    for subject_type, qs in sources:
        done = rated.get(subject_type, set())
        for at, pk in qs.order_by("-pk")[: limit * 2]:
            if pk not in done and at is not None:
                candidates.append((at, subject_type, pk))
    candidates.sort(reverse=True)
    found = [served(subject_type, pk) for _, subject_type, pk in candidates[:limit]]
    return [s for s in found if s is not None and s.has_result]
