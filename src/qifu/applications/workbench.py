"""Application to-dos on each role's workbench (issue 4 "Workbench and figures"): counts that link to the list
with the same filters, so the number on the card is the number of rows behind it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from qifu.accounts.choices import Role
from qifu.applications import selectors
from qifu.applications.choices import OPEN_STATUSES, AppointmentStatus
from qifu.applications.choices import ApplicationStatus as S
from qifu.applications.transitions import HALL
from qifu.applications.views import filtered
from qifu.core.access import DEPARTMENT_ROLES, role_of
from qifu.core.ui import OpenCase, Todo, todo_provider


def _appointments(user: Any, label: str, upcoming: bool) -> Todo:
    today = timezone.localdate()
    rows = selectors.appointment_list_for(user, day=None if upcoming else today, upcoming=upcoming)
    count = rows.filter(status=AppointmentStatus.BOOKED).count()
    return Todo(label, count, reverse("applications:appointments"), hint="按预约时段到场，过号登记为未到场")


def _todo(user: Any, label: str, params: Mapping[str, str], level: str = "primary", hint: str = "") -> Todo:
    count = filtered(user, params).count()
    url = reverse("applications:list") + "?" + urlencode(dict(params))
    return Todo(label, count, url, level if count else "primary", hint)


@todo_provider("办件")
def application_todos(user: Any) -> list[Todo]:
    role = role_of(user)
    if role in HALL:
        return [
            _todo(user, "待预审", {"status": S.SUBMITTED}, "warning", "收件后5个工作日内预审或一次性告知"),
            _todo(user, "待补正", {"status": S.CORRECTION_REQUESTED}, hint="已一次性告知，等待申请人补正"),
            _todo(user, "容缺待补", {"deferred": "1"}, "warning", "承诺期限前补交，逾期终止办理"),
            _todo(user, "待出件", {"output": "1"}, "warning", "审批后10个工作日内出件"),
            _todo(user, "逾期未告知视为受理", {"deemed": "1"}, "danger", "已依法视为受理，请立即受理"),
            _appointments(user, "今日待到场预约", upcoming=False),
        ]
    if role in DEPARTMENT_ROLES:
        return [
            _todo(user, "待审批", {"status": S.IN_REVIEW}, "warning", "在审批期限内作出决定"),
            _todo(user, "计时暂停中", {"paused": "1"}, hint="听证、检验检测、专家评审等结束后恢复计时"),
            _todo(user, "即将超期", {"status": S.IN_REVIEW, "light": "warning"}, "warning"),
            _todo(user, "已超期", {"status": S.IN_REVIEW, "light": "overdue"}, "danger"),
        ]
    if role == Role.ENTERPRISE:
        return [
            _todo(user, "我的办件（办理中）", {"open": "1"}),
            _todo(user, "待我补正", {"status": S.CORRECTION_REQUESTED}, "warning", "请按一次性告知单补齐材料"),
            _appointments(user, "我的预约（待到场）", upcoming=True),
        ]
    if role in (Role.DISPATCHER, Role.SUPERVISOR):
        return [
            _todo(user, "已超期", {"light": "overdue"}, "danger"),
            _todo(user, "逾期未告知视为受理", {"deemed": "1"}, "danger"),
            _todo(user, "近一年承诺未履行", {"broken": "1"}, "danger", "容缺承诺逾期未补交，已终止办理"),
        ]
    if role in (Role.SERVICE_OFFICER, Role.PARK_LIAISON):
        label = "包联企业办理中的办件" if role == Role.SERVICE_OFFICER else "本园区企业办理中的办件"
        return [_todo(user, label, {"open": "1"})]
    return []


def open_cases(user: Any, limit: int) -> list[OpenCase]:
    """The user's newest open applications, a bundle as one case (core.hooks.OPEN_CASES)."""
    rows = (
        selectors.application_list_for(user)
        .filter(status__in=OPEN_STATUSES, parent__isnull=True)
        .order_by("-submitted_at")[:limit]
    )
    return [
        OpenCase(
            "办件",
            a.number,
            a.title,
            a.get_status_display(),
            reverse("applications:detail", args=[a.pk]),
            a.submitted_at,
            a.due_at,
        )
        for a in rows
    ]
