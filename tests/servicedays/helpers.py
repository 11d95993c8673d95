"""Service days built through the services, on controlled clocks."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine

from qifu.core.workcalendar import SHANGHAI
from qifu.orgs.schemas import ServiceGroupMemberIn
from qifu.orgs.services import service_group_member_save
from qifu.servicedays import services
from qifu.servicedays.models import ServiceDay, ServiceDaySchedule
from qifu.servicedays.schemas import ScheduleIn
from tests.conftest import Cast

MONDAY = "2026-09-21"  # the Wednesdays that follow: 9-23, 9-30, 10-07 (国庆节), 10-14 …


def at(day: str, hour: int = 8, minute: int = 0) -> Any:
    moment = dt.datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=SHANGHAI)
    return time_machine.travel(moment, tick=False)


def schedule(cast: Cast, park: Any = None, hour: int = 9, minute: int = 0) -> ServiceDaySchedule:
    """A Wednesday schedule with the centre and 市场监督管理局, their people on the roster, planned on MONDAY."""
    for department, names in ((cast.center, ("黄志坚", "许晓婷")), (cast.market, ("林伟东", "陈丽娜"))):
        service_group_member_save(
            actor=cast.admin,
            payload=ServiceGroupMemberIn(
                department_id=department.pk,
                liaison_name=names[0],
                liaison_phone="13902631101",
                key_staff_name=names[1],
                key_staff_phone="13822631102",
            ),
        )
    with at(MONDAY):
        return services.schedule_create(
            actor=cast.admin,
            payload=ScheduleIn.model_validate(
                {
                    "park_id": (park or cast.park_a).pk,
                    "weekday": 3,
                    "start_time": dt.time(hour, minute),
                    "place": "经开区管委会一楼企业服务站",
                    "department_ids": [cast.center.pk, cast.market.pk],
                }
            ),
        )


def session_on(sched: ServiceDaySchedule, day: str) -> ServiceDay:
    return sched.sessions.get(date=dt.date.fromisoformat(day))
