"""Demo ratings of `make demo`: ratings of demands, applications, claims, appointments and service-day records
(the demand follow-ups seeded earlier are ratings already, through core.hooks.RATING_GIVEN), and the
rectification cases of the bad reviews at every stage: open, called back, rectified, closed, appealed and
excluded. demo-enterprise keeps services waiting for its rating."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from qifu.accounts.models import User
from qifu.core.access import DEPARTMENT_ROLES
from qifu.core.errors import DomainError
from qifu.evaluations import services
from qifu.evaluations.choices import Channel, Level, reason_options
from qifu.evaluations.models import Rating, Rectification

LEVEL_WEIGHTS = [(Level.VERY_GOOD, 45), (Level.GOOD, 28), (Level.FAIR, 12), (Level.BAD, 10), (Level.VERY_BAD, 5)]
COMMENTS = {
    Level.VERY_GOOD: ["窗口人员很耐心，一次就办好了", "办理速度快，点赞", ""],
    Level.GOOD: ["整体不错", "材料一次性告知清楚", ""],
    Level.FAIR: ["等候时间稍长", ""],
    Level.BAD: ["材料要求前后说法不一，多跑了一趟", "电话一直打不通", "等候时间太长"],
    Level.VERY_BAD: ["工作人员态度生硬", "答复敷衍，问题没有解决"],
}


def _level(rng: random.Random) -> Level:
    return rng.choices([lv for lv, _ in LEVEL_WEIGHTS], weights=[w for _, w in LEVEL_WEIGHTS])[0]


def _rate(rng: random.Random, s: services.Served, level: Level) -> Rating | None:
    channel = rng.choice([Channel.ONLINE, Channel.ONLINE, Channel.ONSITE])
    options = [code for code, _ in reason_options(level, channel)]
    try:
        return services.rating_create(
            actor=None,
            subject_type=s.subject_type,
            subject_id=s.subject_id,
            level=level,
            reasons=rng.sample(options, k=rng.randint(1, 2)),
            comment=rng.choice(COMMENTS[level]),
            channel=channel,
            enterprise_id=s.enterprise_id,
        )
    except DomainError:
        return None


def _unit_actor(case: Rectification, dispatcher: User) -> Any:
    if case.department_id is None:
        return dispatcher
    return (
        User.objects.filter(department_id=case.department_id, role__in=DEPARTMENT_ROLES, is_active=True)
        .order_by("-role", "pk")
        .first()
        or dispatcher
    )


def _staff_of(department_id: int | None, fallback: User) -> User:
    if department_id is None:
        return fallback
    found = User.objects.filter(department_id=department_id, role__in=DEPARTMENT_ROLES, is_active=True).first()
    return found or fallback


def _served_cases(rng: random.Random, enterprise_ids: list[int]) -> int:
    """Decided applications, paid claims and attended appointments (no earlier seed makes them), so that every
    kind of service has ratings."""
    from qifu.applications import services as applications
    from qifu.applications.choices import APPOINTMENT_SLOTS, Window
    from qifu.catalog.models import ServiceItem
    from qifu.policies import services as policies
    from qifu.policies.models import Policy

    admin = User.objects.get(username="demo-admin")
    window = User.objects.get(username="demo-window")
    made = 0
    items = list(ServiceItem.objects.filter(is_listed=True, current__isnull=False).select_related("current"))
    for i in range(min(10, len(items) * 2)):
        item = items[i % len(items)]
        assert item.current is not None
        try:
            a = applications.application_submit(
                actor=admin,
                enterprise_id=enterprise_ids[i % len(enterprise_ids)],
                item_id=item.pk,
                provided=list(item.current.materials.values_list("pk", flat=True)),
            )
            applications.application_accept(actor=window, application_id=a.pk)
            applications.application_handover(actor=window, application_id=a.pk)
            applications.application_approve(
                actor=_staff_of(item.department_id, admin), application_id=a.pk, note="符合条件，准予许可"
            )
            made += 1
        except DomainError:
            continue
    for i, policy in enumerate(Policy.objects.filter(status="published").order_by("pk")[:4]):
        try:
            claim = policies.claim_submit(
                actor=admin,
                policy_id=policy.pk,
                enterprise_id=enterprise_ids[(i * 3 + 1) % len(enterprise_ids)],
                materials=policy.material_names(),
            )
            policies.claim_accept(actor=window, claim_id=claim.pk)
            policies.claim_handover(actor=window, claim_id=claim.pk)
            reviewer = _staff_of(claim.department_id, admin)
            policies.claim_approve(actor=reviewer, claim_id=claim.pk, note="审核通过")
            policies.claim_disburse(
                actor=reviewer, claim_id=claim.pk, amount=claim.amount_requested or Decimal("5"), paid_on=today()
            )
            made += 1
        except DomainError:
            continue
    if applications.booking_days()[0] == today():
        for i, slot in enumerate(APPOINTMENT_SLOTS[:4]):
            try:
                booked = applications.appointment_book(
                    actor=admin,
                    enterprise_id=enterprise_ids[(i * 5 + 2) % len(enterprise_ids)],
                    window=Window.COMPREHENSIVE,
                    day=today(),
                    slot=slot,
                    purpose="咨询企业变更登记",
                    visitor_name="林先生",
                    visitor_phone="13800138000",
                    item_id=items[i % len(items)].pk if items else None,
                )
                applications.appointment_arrive(actor=window, appointment_id=booked.pk)
                made += 1
            except DomainError:
                continue
    del rng
    return made


def today() -> dt.date:
    return timezone.localdate()


def seed_demo(rng: random.Random) -> str:
    """This app's part of `manage.py seed_demo` (core.hooks.DEMO_SEED, order 70)."""
    dispatcher = User.objects.get(username="demo-dispatcher")
    own = User.objects.get(username="demo-enterprise").enterprise_id
    from qifu.enterprises.models import Enterprise

    others = Enterprise.objects.exclude(pk=own or 0).order_by("pk").values_list("pk", flat=True)[:30]
    pool = [own or 0, *others]
    served = _served_cases(rng, [pk for pk in pool if pk])

    rated = 0
    kept_for_demo = 0
    for enterprise_id in Enterprise.objects.order_by("pk").values_list("pk", flat=True)[:400]:
        for s in services.waiting_for_rating(enterprise_id, limit=12):
            if enterprise_id == own and kept_for_demo < 2:
                kept_for_demo += 1  # demo-enterprise's 待评价 list is not empty
                continue
            if rng.random() < 0.35:
                continue
            if _rate(rng, s, _level(rng)) is not None:
                rated += 1
    # demo-enterprise has one bad review of its own, being rectified.
    for s in services.waiting_for_rating(own, limit=5)[kept_for_demo:]:
        if _rate(rng, s, Level.BAD) is not None:
            rated += 1
            break
    # The bad reviews' cases at every stage.
    cases = list(Rectification.objects.select_related("rating").order_by("pk"))
    for i, case in enumerate(cases):
        unit = _unit_actor(case, dispatcher)
        stage = i % 6
        if stage == 0:
            continue  # open: waiting for the callback
        services.rectification_callback(
            actor=unit,
            case_id=case.pk,
            note="已电话回访企业，反映问题属实" if stage != 4 else "回访核实：企业称误点差评",
        )
        if stage == 1:
            continue
        if stage == 4 or (stage == 5 and i % 12 == 5):
            services.rectification_appeal(actor=unit, case_id=case.pk, reason="经回访，企业确认系误操作评价")
            if stage == 5:
                services.rectification_decide_appeal(
                    actor=dispatcher, case_id=case.pk, exclude=True, note="经核实为误评，予以剔除"
                )
            continue
        services.rectification_rectify(
            actor=unit, case_id=case.pk, measures="已对相关人员开展业务培训，并在窗口公示材料清单"
        )
        if stage == 2:
            continue
        services.rectification_report(
            actor=unit, case_id=case.pk, result="已就所反映问题向企业致歉说明，相关流程已优化，企业表示认可"
        )
    del served, rated
    return ""  # seed_demo's one line names the district; the ratings show in the figures
