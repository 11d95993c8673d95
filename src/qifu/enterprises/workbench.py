"""The enterprise register's to-dos on the workbench, by role."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from qifu.accounts.choices import Role
from qifu.core.access import can, role_of
from qifu.core.ui import Todo, todo_provider
from qifu.enterprises.filters import STALE_LEDGER_DAYS, EnterpriseFilter
from qifu.enterprises.models import Enterprise
from qifu.enterprises.selectors import enterprise_list_for


@todo_provider("企业服务")
def enterprise_todos(user: Any) -> list[Todo]:
    role = role_of(user)
    url = reverse("enterprises:list")
    todos: list[Todo] = []
    if role == Role.SERVICE_OFFICER:
        mine = enterprise_list_for(user)
        stale = EnterpriseFilter(stale=True).apply(mine)
        todos.append(Todo("我包联的企业", mine.count(), url))
        todos.append(
            Todo(
                f"超过{STALE_LEDGER_DAYS}天未记台账的企业",
                stale.count(),
                url + "?" + urlencode({"stale": 1}),
                "warning",
                "走访后请及时记录企业经营、困难和计划",
            )
        )
    if role == Role.PARK_LIAISON:
        todos.append(Todo("本园区企业", enterprise_list_for(user).count(), url))
    if can(user, "stewardship.assign"):
        unassigned = EnterpriseFilter(unassigned=True).apply(Enterprise.objects.all()).count()
        todos.append(
            Todo(
                "无包联干部的企业",
                unassigned,
                url + "?" + urlencode({"unassigned": 1}),
                "warning" if unassigned else "primary",
            )
        )
    if role == Role.ENTERPRISE and user.enterprise_id:
        e = user.enterprise
        missing = [
            label
            for label, value in (
                ("从业人数", e.employees),
                ("年营业收入", e.annual_revenue),
                ("联系人", e.contact_name),
                ("联系电话", e.contact_phone),
            )
            if not value
        ]
        todos.append(
            Todo(
                "企业信息待完善项",
                len(missing),
                reverse("enterprises:detail", args=[e.pk]),
                "warning" if missing else "primary",
                ("缺少：" + "、".join(missing) + "（完善后可更准确地匹配惠企政策）") if missing else "",
            )
        )
    return todos
