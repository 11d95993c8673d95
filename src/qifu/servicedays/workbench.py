"""Service-day to-dos on the workbench: the centre's unclassified list rows and sessions to close."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from qifu.core.access import role_of
from qifu.core.ui import Todo, todo_provider
from qifu.servicedays.choices import ListRowStatus, ServiceDayStatus
from qifu.servicedays.models import DemandListRow, ServiceDay
from qifu.servicedays.transitions import CENTRE


@todo_provider("企业服务日")
def service_day_todos(user: Any) -> list[Todo]:
    if role_of(user) not in CENTRE:
        return []
    url = reverse("servicedays:list")
    pending = DemandListRow.objects.filter(status=ListRowStatus.PENDING).count()
    unclosed = ServiceDay.objects.filter(status=ServiceDayStatus.PLANNED, date__lt=timezone.localdate()).count()
    return [
        Todo("需求清单待分类", pending, url, "warning" if pending else "primary", "园区推送的企业需求，分类后交办窗口"),
        Todo("已举行待小结", unclosed, url, "warning" if unclosed else "primary", "服务日结束后填写小结"),
    ]
