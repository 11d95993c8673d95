"""Reads of enterprise service days, already scoped to the user: the sessions with their units and people, one
session's registrations, records and raised demands, the roster, the designations and the figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from qifu.accounts.choices import Role
from qifu.core.access import SEE_ALL, role_of
from qifu.core.masking import mask_phone
from qifu.core.pagination import keyset_page
from qifu.demands.choices import DemandStatus
from qifu.demands.models import Demand
from qifu.demands.permissions import demands_visible_to
from qifu.orgs.models import Department, ServiceGroupMember
from qifu.servicedays.choices import ServiceDayStatus
from qifu.servicedays.models import (
    DemandList,
    DemandListRow,
    Designation,
    ServiceDay,
    ServiceDayRecord,
    ServiceDayRegistration,
    ServiceDaySchedule,
)
from qifu.servicedays.permissions import own_enterprise_only, sees_roster_phones, service_days_visible_to

SOLVED = (DemandStatus.CLOSED, DemandStatus.ARCHIVED)


def schedules() -> QuerySet[ServiceDaySchedule]:
    return ServiceDaySchedule.objects.filter(is_active=True).select_related("park").prefetch_related("departments")


def service_day_list_for(
    user: Any,
    *,
    start: dt.date | None = None,
    end: dt.date | None = None,
    park_id: int | None = None,
    cursor: str | None = None,
    limit: int = 50,
) -> tuple[list[ServiceDay], str | None]:
    qs = service_days_visible_to(user)
    if start:
        qs = qs.filter(date__gte=start)
    if end:
        qs = qs.filter(date__lte=end)
    if park_id:
        qs = qs.filter(park_id=park_id)
    qs = qs.select_related("park").prefetch_related(
        Prefetch("departments", queryset=Department.objects.select_related("service_group_member"))
    )
    qs = qs.annotate(registration_count=Count("registrations", distinct=True))
    return keyset_page(qs, cursor=cursor, limit=limit, ids_first=True)


def person(name: str, phone: str, *, unmasked: bool) -> dict[str, str]:
    return {"name": name, "phone": phone if unmasked else mask_phone(phone)}


def session_departments(user: Any, session: ServiceDay) -> list[dict[str, Any]]:
    """The units going to the session with their liaison and key staff (phones masked for those who only read)."""
    unmasked = sees_roster_phones(user)
    out = []
    for d in session.departments.all():
        member: ServiceGroupMember | None = getattr(d, "service_group_member", None)
        out.append(
            {
                "id": d.pk,
                "name": d.name,
                "liaison": person(member.liaison_name, member.liaison_phone, unmasked=unmasked) if member else None,
                "key_staff": person(member.key_staff_name, member.key_staff_phone, unmasked=unmasked)
                if member
                else None,
            }
        )
    return out


def _own(qs: QuerySet[Any], user: Any, path: str = "enterprise_id") -> QuerySet[Any]:
    mine = own_enterprise_only(user)
    return qs.filter(**{path: mine}) if mine is not None else qs


def registrations(user: Any, session: ServiceDay) -> list[ServiceDayRegistration]:
    return list(_own(session.registrations.select_related("enterprise"), user))


def records(user: Any, session: ServiceDay) -> list[ServiceDayRecord]:
    return list(_own(session.records.select_related("enterprise", "department", "demand"), user))


@dataclass(frozen=True)
class RaisedDemand:
    demand: Demand
    source: str  # "list" (the park's demand list) or "record" (on site)

    @property
    def source_label(self) -> str:
        return "需求清单" if self.source == "list" else "现场"


def raised_demands(user: Any, session: ServiceDay) -> list[RaisedDemand]:
    """The demands raised for the session, from the park's lists and on site, with their current status: those the
    viewer may see as demands, and those its own unit raised on site (it follows what it raised); another unit's or
    another enterprise's need does not reach it."""
    rows = _own(DemandListRow.objects.filter(demand_list__service_day=session, demand__isnull=False), user).values_list(
        "demand_id", flat=True
    )
    on_site = _own(session.records.exclude(demand=None), user).values_list("demand_id", flat=True)
    sources = dict.fromkeys(rows, "list") | dict.fromkeys(on_site, "record")
    unit = getattr(user, "department_id", None)
    own_unit = Q(service_day_record__department_id=unit) if unit else Q(pk__in=[])
    seen = demands_visible_to(user).values("pk")
    found = (
        Demand.objects.filter(Q(pk__in=seen) | Q(first_responder_id=user.pk) | own_unit, pk__in=list(sources))
        .distinct()
        .select_related("enterprise", "lead_department")
        .order_by("pk")
    )
    return [RaisedDemand(d, sources[d.pk]) for d in found]


def demand_lists(user: Any, session: ServiceDay) -> list[DemandList]:
    """The park's lists of the session, for the centre and the park's liaison (the supervisor reads them)."""
    role = role_of(user)
    if role not in SEE_ALL and not (role == Role.PARK_LIAISON and user.park_id == session.park_id):
        return []
    return list(
        session.demand_lists.select_related("pushed_by").prefetch_related(
            Prefetch("rows", queryset=DemandListRow.objects.select_related("enterprise", "department", "demand"))
        )
    )


def counts(session: ServiceDay) -> dict[str, int]:
    """A session's figures: registrations, enterprises served (with a record), records, demands raised (from the
    lists and on site) and how many of them are solved."""
    record_qs = session.records.all()
    demand_ids = list(record_qs.exclude(demand=None).values_list("demand_id", flat=True)) + list(
        DemandListRow.objects.filter(demand_list__service_day=session, demand__isnull=False).values_list(
            "demand_id", flat=True
        )
    )
    agg = record_qs.aggregate(n=Count("pk"), enterprises=Count("enterprise", distinct=True))
    return {
        "registrations": session.registrations.count(),
        "enterprises_served": agg["enterprises"],
        "records": agg["n"],
        "demands_raised": len(demand_ids),
        "demands_solved": Demand.objects.filter(pk__in=demand_ids, status__in=SOLVED).count(),
    }


def figures(
    user: Any, *, start: dt.date | None = None, end: dt.date | None = None, park_id: int | None = None
) -> dict[str, int]:
    """Sessions held, enterprises served, needs raised and solved, over the sessions the user sees."""
    sessions = service_days_visible_to(user)
    if start:
        sessions = sessions.filter(date__gte=start)
    if end:
        sessions = sessions.filter(date__lte=end)
    if park_id:
        sessions = sessions.filter(park_id=park_id)
    ids = sessions.values("pk")
    held = sessions.filter(status=ServiceDayStatus.HELD)
    record_qs = ServiceDayRecord.objects.filter(service_day__in=ids)
    demand_q = Q(service_day_record__service_day__in=ids) | Q(demand_list_row__demand_list__service_day__in=ids)
    raised = Demand.objects.filter(demand_q)
    return {
        "sessions_held": held.count(),
        "enterprises_served": record_qs.values("enterprise").distinct().count(),
        "needs_raised": raised.count(),
        "needs_solved": raised.filter(status__in=SOLVED).count(),
    }


def roster(user: Any) -> list[dict[str, Any]]:
    unmasked = sees_roster_phones(user)
    return [
        {
            "department_id": m.department_id,
            "department_name": m.department.name,
            "liaison": person(m.liaison_name, m.liaison_phone, unmasked=unmasked),
            "key_staff": person(m.key_staff_name, m.key_staff_phone, unmasked=unmasked),
        }
        for m in ServiceGroupMember.objects.select_related("department")
    ]


def designations_for(user: Any) -> QuerySet[Designation]:
    qs = Designation.objects.select_related("enterprise", "liaison", "park")
    role = role_of(user)
    if role in SEE_ALL:
        return qs
    if role == Role.PARK_LIAISON and user.park_id is not None:
        return qs.filter(park_id=user.park_id)
    return qs.none()
