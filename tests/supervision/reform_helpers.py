"""Reform tasks built through the real services for the supervision tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from qifu.supervision import reform_services
from qifu.supervision.models import ReformTask
from tests.conftest import Cast


def make_task(cast: Cast, number: int = 23, **over: Any) -> ReformTask:
    """A dated task led by the market department (handler and head work there), shared with the tax department."""
    values: dict[str, Any] = {
        "number": number,
        "area": "二、拓展服务领域,构建增值服务功能板块",
        "title": "拓展科创服务,助力新质发展",
        "content": "提供专利商标质押融资、专利申报辅导、知识产权培训、维权援助、商业秘密保护等服务。",
        "lead_department_ids": [cast.market.pk],
        "responsible_department_ids": [cast.tax.pk],
        "due_on": timezone.localdate() + dt.timedelta(days=60),
    }
    values.update(over)
    return reform_services.reform_task_create(actor=cast.dispatcher, **values)


def long_task(cast: Cast, number: int = 35, **over: Any) -> ReformTask:
    return make_task(cast, number, due_on=None, long_term=True, title="建立兜底服务机制", **over)
