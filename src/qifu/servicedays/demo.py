"""Demo service days for `make demo` (seed 000): the two weekly schedules, the district service group roster,
past sessions held with records, lists and raised demands, the coming ones, and any Wednesday holiday cancelled.

Written through the services; past sessions are planned with the clock set back (time-machine is not needed: the
generation takes its start date), and their records are written as the centre on that day's session.
"""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from qifu.accounts.models import User
from qifu.demands import services as demand_services
from qifu.demands.choices import Satisfaction
from qifu.enterprises.models import Enterprise
from qifu.orgs.models import Department, Park
from qifu.orgs.schemas import ServiceGroupMemberIn
from qifu.orgs.services import service_group_member_save
from qifu.servicedays import services
from qifu.servicedays.choices import ServiceDayStatus
from qifu.servicedays.models import ServiceDay
from qifu.servicedays.schemas import (
    ClassifyIn,
    DemandListIn,
    DemandListRowIn,
    DesignationIn,
    RecordDemandIn,
    RecordIn,
    RegistrationIn,
    ScheduleIn,
)

# Member units of seed 000 present in the demo district, with their liaison (分管负责同志) and key staff (业务骨干).
ROSTER = [
    ("ZSJ", "黄志坚", "13902631101", "许晓婷", "13822631102"),
    ("SJJ", "林伟东", "13902631201", "陈丽娜", "13822631202"),
    ("SWJ", "郑国华", "13902631301", "吴思敏", "13822631302"),
    ("FGJ", "蔡建明", "13902631401", "李嘉欣", "13822631402"),
    ("ZJJ", "杨振宇", "13902631501", "谢俊杰", "13822631502"),
    ("HBJ", "周海涛", "13902631601", "黄雅琪", "13822631602"),
    ("ZRJ", "陈少雄", "13902631701", "刘晓峰", "13822631702"),
    ("GDJ", "王志强", "13902631801", "方晓燕", "13822631802"),
    ("SW", "许文斌", "13902631901", "张文静", "13822631902"),
]
SCHEDULES = [
    ("JKQ", dt.time(9, 0), "经开区管委会一楼企业服务站", ["ZSJ", "SJJ", "SWJ", "FGJ", "ZJJ", "ZRJ", "GDJ"]),
    ("ZDY", dt.time(14, 30), "中德产业园综合服务中心二楼会议室", ["ZSJ", "SJJ", "SWJ", "HBJ", "ZRJ", "GDJ", "SW"]),
]
PAST_WEEKS = 10
RECORDS = [
    ("consult", "SJJ", "咨询食品经营许可延续所需材料，已一次性告知材料清单。"),
    ("assist", "SWJ", "现场帮办增值税电子发票开票设置。"),
    ("policy", "FGJ", "解读技术改造补助政策申报条件和时间。"),
    ("guidance", "ZJJ", "指导厂房扩建施工许可申报材料的准备。"),
    ("proxy", "ZRJ", "受托代办不动产登记预约。"),
]
NEEDS = [
    ("utilities", "二期厂房用电增容", "新生产线需增容至1250千伏安，希望加快供电方案答复。", "GDJ"),
    ("land", "扩建用地规划条件调整", "拟在厂区北侧扩建，需调整用地规划条件。", "ZRJ"),
    ("tax", "研发费用加计扣除申报辅导", "首次申报研发费用加计扣除，希望税务部门上门辅导。", "SWJ"),
]


def seed_demo(rng: random.Random) -> str:
    admin = User.objects.get(username="demo-admin")
    dispatcher = User.objects.get(username="demo-dispatcher")
    liaison = User.objects.get(username="demo-liaison")
    units = {d.code: d for d in Department.objects.all()}
    for code, liaison_name, liaison_phone, staff_name, staff_phone in ROSTER:
        if code in units:
            service_group_member_save(
                actor=admin,
                payload=ServiceGroupMemberIn(
                    department_id=units[code].pk,
                    liaison_name=liaison_name,
                    liaison_phone=liaison_phone,
                    key_staff_name=staff_name,
                    key_staff_phone=staff_phone,
                ),
            )
    today = timezone.localdate()
    past_start = today - dt.timedelta(weeks=PAST_WEEKS)
    for park_code, start_time, place, codes in SCHEDULES:
        schedule = services.schedule_create(
            actor=admin,
            payload=ScheduleIn(
                park_id=Park.objects.get(code=park_code).pk,
                weekday=3,
                start_time=start_time,
                place=place,
                department_ids=[units[c].pk for c in codes if c in units],
            ),
        )
        services._generate(schedule, past_start, PAST_WEEKS)  # the weeks already behind us, for the record
    for session in ServiceDay.objects.filter(date__lt=today, status=ServiceDayStatus.PLANNED).order_by("date"):
        _hold(session, rng, admin, dispatcher, liaison)
    _upcoming(today, rng, dispatcher, liaison)
    _designate(liaison)
    return ""


PROJECTS = ("", "二期厂房扩建项目", "", "智能化技改项目", "")


def _designate(liaison: User) -> None:
    """The liaison's park has named a handful of its enterprises (two of them for a project) as service objects."""
    enterprises = Enterprise.objects.filter(park=liaison.park).order_by("pk")[: len(PROJECTS)]
    for enterprise, project in zip(enterprises, PROJECTS, strict=False):
        services.designation_create(
            actor=liaison,
            payload=DesignationIn(enterprise_id=enterprise.pk, project_name=project, liaison_id=liaison.pk),
        )


def _park_enterprises(session: ServiceDay) -> list[Enterprise]:
    return list(Enterprise.objects.filter(park_id=session.park_id).order_by("pk")[:12])


def _hold(session: ServiceDay, rng: random.Random, admin: User, dispatcher: User, liaison: User) -> None:
    """A past session as it went: a list (for 经开区), records on site, a need raised, the summary."""
    enterprises = _park_enterprises(session)
    if not enterprises:
        return
    codes = {d.code: d for d in session.departments.all()}
    chosen = rng.sample(enterprises, k=min(3, len(enterprises)))
    if liaison.park_id == session.park_id:
        code, title, content, window = rng.choice(NEEDS)
        demand_list = services.demand_list_push(
            actor=liaison,
            service_day_id=session.pk,
            payload=DemandListIn(rows=[DemandListRowIn(enterprise_id=chosen[0].pk, title=title, content=content)]),
        )
        row = demand_list.rows.get()
        if window in codes:
            services.demand_list_row_classify(
                actor=dispatcher,
                list_id=demand_list.pk,
                row_id=row.pk,
                payload=ClassifyIn.model_validate(
                    {
                        "category": code,
                        "department_id": codes[window].pk,
                        "requirement": "一次性告知所需材料，按时限落实。",
                    }
                ),
            )
    for n, enterprise in enumerate(chosen):
        service, unit, content = RECORDS[(n + session.pk) % len(RECORDS)]
        demand = None
        if n == 0 and session.pk % 2 == 0:
            code, title, need, _ = NEEDS[session.pk % len(NEEDS)]
            demand = RecordDemandIn.model_validate({"category": code, "title": title, "content": need})
        services.record_create(
            actor=dispatcher,
            service_day_id=session.pk,
            payload=RecordIn.model_validate(
                {
                    "enterprise_id": enterprise.pk,
                    "service": service,
                    "department_id": codes[unit].pk if unit in codes else None,
                    "content": content,
                    "demand": demand,
                }
            ),
        )
    services.service_day_close(
        actor=dispatcher,
        service_day_id=session.pk,
        summary=f"本次活动共{len(session.departments.all())}个成员单位进驻，现场服务企业{len(chosen)}家。",
    )
    # The needs raised on site a month ago and more have been solved since.
    if session.date < timezone.localdate() - dt.timedelta(weeks=4):
        for record in session.records.exclude(demand=None):
            if record.demand_id is not None:
                _solve(record.demand_id, dispatcher)


def _solve(demand_id: int, dispatcher: User) -> None:
    """Assign to 市场监督管理局, accept, reply and close with a satisfied follow-up, as it went."""
    market = Department.objects.get(code="SJJ")
    handler = User.objects.get(username="demo-handler")
    demand_services.demand_assign(actor=dispatcher, demand_id=demand_id, department_id=market.pk, complexity="general")
    demand_services.demand_accept(actor=handler, demand_id=demand_id)
    demand_services.demand_reply(actor=handler, demand_id=demand_id, content="已协调解决，并一次性告知后续办理事项。")
    demand_services.demand_visit(actor=dispatcher, demand_id=demand_id, satisfaction=Satisfaction.SATISFIED)


def _upcoming(today: dt.date, rng: random.Random, dispatcher: User, liaison: User) -> None:
    """The next session of each park: registrations, and 经开区's list waiting for the centre."""
    for park_id in sorted(set(ServiceDay.objects.values_list("park_id", flat=True))):
        session = (
            ServiceDay.objects.filter(park_id=park_id, date__gt=today, status=ServiceDayStatus.PLANNED)
            .order_by("date")
            .first()
        )
        if session is None:
            continue
        enterprises = _park_enterprises(session)
        for enterprise in enterprises[:2]:
            services.registration_create(
                actor=dispatcher,
                service_day_id=session.pk,
                payload=RegistrationIn(
                    enterprise_id=enterprise.pk, topic="项目报建咨询", needs="了解施工许可并联审批流程"
                ),
            )
        if liaison.park_id == park_id and enterprises:
            services.demand_list_push(
                actor=liaison,
                service_day_id=session.pk,
                payload=DemandListIn(
                    rows=[
                        DemandListRowIn(enterprise_id=e.pk, title=t, content=c)
                        for e, (_, t, c, _) in zip(enterprises[2:4], NEEDS, strict=False)
                    ]
                ),
            )
