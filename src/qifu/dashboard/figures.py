"""The dashboard's tables (驾驶舱): one definition each, read by the page, its charts, its .xlsx exports and
`GET /api/v1/dashboard/…`, so that all four show the same figures. Demand figures come from the daily counters
(demands.stats) and the indexed deadlines; application figures from their daily counters; policy figures from
the policies app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from qifu.applications import stats as application_stats
from qifu.demands import stats as demand_stats
from qifu.demands.models import DemandCategory
from qifu.evaluations import selectors as rating_selectors
from qifu.policies import selectors as policy_selectors

RATE, NUMBER, TEXT, DAY = "rate", "number", "text", "day"


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, start: dt.date | None, end: dt.date | None) -> Period:
        """The chosen period; by default from the first of this month to today (swapped when given backwards)."""
        today = timezone.localdate()
        start, end = start or today.replace(day=1), end or today
        return cls(min(start, end), max(start, end))

    @property
    def dates(self) -> dict[str, str]:
        return {"date_from": self.start.isoformat(), "date_to": self.end.isoformat()}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    kind: str = NUMBER


@dataclass(frozen=True)
class Table:
    """One table of the dashboard: its rows for a period, and the filtered list each row opens (or "")."""

    key: str
    title: str
    columns: tuple[Column, ...]
    rows: Callable[[Period], list[dict[str, Any]]]
    link: Callable[[Period, dict[str, Any]], str] = lambda period, row: ""
    note: str = ""


def _demands(**params: Any) -> str:
    query = {name: str(value) for name, value in params.items() if value not in (None, "")}
    return f"{reverse('demands:list')}?{urlencode(query)}"


def _by_department(period: Period, row: dict[str, Any]) -> str:
    if row["id"] is None:
        return _demands()
    return _demands(department_id=row["id"]) if row["id"] else _demands(status="registered")


def _by_category(period: Period, row: dict[str, Any]) -> str:
    return _demands(category=row.get("code"), **period.dates) if row["id"] else _demands(**period.dates)


def _by_park(period: Period, row: dict[str, Any]) -> str:
    return _demands(park_id=row["id"] or None, **period.dates) if row["id"] else ""


def _by_week(period: Period, row: dict[str, Any]) -> str:
    return _demands(date_from=row["week_start"].isoformat(), date_to=row["week_end"].isoformat())


def _lights_link(period: Period, row: dict[str, Any]) -> str:
    return _demands(department_id=row["id"] or None) if row["id"] is not None else _demands()


def _categories(period: Period) -> list[dict[str, Any]]:
    rows = demand_stats.figures(period.start, period.end, by="category")
    codes = dict(DemandCategory.objects.values_list("pk", "code"))
    return [{**row, "code": codes.get(row["id"], "")} for row in rows]


def _applications(period: Period) -> list[dict[str, Any]]:
    return application_stats.figures(period.start, period.end, by="department")


def _ratings_link(period: Period, row: dict[str, Any]) -> str:
    query = {"from": period.start.isoformat(), "to": period.end.isoformat(), "department_id": row["id"] or ""}
    return f"{reverse('evaluations:ratings')}?{urlencode(query)}"


def _application_link(period: Period, row: dict[str, Any]) -> str:
    return f"{reverse('applications:list')}?{urlencode({'department_id': row['id']})}" if row["id"] else ""


DEMAND_COLUMNS = (
    Column("registered", "登记"),
    Column("assigned", "交办"),
    Column("accepted", "签收"),
    Column("response_rate", "响应率", RATE),
    Column("replied", "答复"),
    Column("on_time_rate", "按时办结率", RATE),
    Column("visited", "回访"),
    Column("resolution_rate", "解决率", RATE),
    Column("satisfaction_rate", "回访满意率", RATE),
    Column("reopen_rate", "重办率", RATE),
    Column("closed", "办结"),
)
RATES_NOTE = (
    "响应率：交办后1个工作日内签收的比例；按时办结率：在办结期限内答复的比例；解决率、回访满意率、重办率：以每次回访的结果计（重办后的再次回访也计入；好差评表每项服务只计一条评价）。"
    "各项按事件发生日统计。"
)

TABLES: dict[str, Table] = {
    table.key: table
    for table in (
        Table(
            "weekly",
            "每周诉求受理与办结",
            (
                Column("week_start", "周起", DAY),
                Column("week_end", "周止", DAY),
                Column("registered", "受理"),
                Column("closed", "办结"),
            ),
            lambda p: demand_stats.weekly(p.start, p.end),
            _by_week,
            "按周（周一至周日）统计本期登记受理和回访办结的诉求数。",
        ),
        Table(
            "departments",
            "诉求办理情况（按主办部门）",
            (Column("label", "主办部门", TEXT), *DEMAND_COLUMNS),
            lambda p: demand_stats.figures(p.start, p.end, by="department"),
            _by_department,
            RATES_NOTE,
        ),
        Table(
            "categories",
            "诉求热点（按诉求类别）",
            (Column("label", "诉求类别", TEXT), *DEMAND_COLUMNS),
            _categories,
            _by_category,
            "按派单目录类别统计，登记数多的类别即本期热点。",
        ),
        Table(
            "parks",
            "诉求办理情况（按园区）",
            (Column("label", "园区", TEXT), *DEMAND_COLUMNS),
            lambda p: demand_stats.figures(p.start, p.end, by="park"),
            _by_park,
            "按企业所在园区统计。",
        ),
        Table(
            "lights",
            "在办诉求亮灯情况（按主办部门）",
            (
                Column("label", "主办部门", TEXT),
                Column("normal", "正常"),
                Column("warning", "即将超期"),
                Column("overdue", "已超期"),
                Column("running", "在办合计"),
            ),
            lambda p: demand_stats.lights(),
            _lights_link,
            "当前仍在办理期限内运行的诉求（待签收、办理中），不随统计期间变化。",
        ),
        Table(
            "applications",
            "办件办理情况（按审批部门）",
            (
                Column("label", "审批部门", TEXT),
                Column("accepted", "受理"),
                Column("decided", "审批"),
                Column("on_time", "按时审批"),
                Column("on_time_rate", "按时办结率", RATE),
                Column("delivered", "出件"),
                Column("terminated", "终止"),
            ),
            _applications,
            _application_link,
            "按时办结率：在承诺时限（扣除依法暂停的时间、含批准延长）内作出审批决定的比例。一件事按各子事项分别统计。",
        ),
        Table(
            "policies",
            "惠企政策兑现情况（按出台部门）",
            (
                Column("label", "出台部门", TEXT),
                Column("policies", "现行政策"),
                Column("matched", "匹配企业"),
                Column("pushed", "推送"),
                Column("read", "已读"),
                Column("claimed", "申报"),
                Column("approved", "审核通过"),
                Column("paid", "已兑付"),
                Column("amount", "兑付金额(万元)"),
                Column("avg_days", "平均兑付天数"),
                Column("overdue", "超期"),
            ),
            lambda p: policy_selectors.department_figures(p.start, p.end),
            note="匹配企业数为现行政策最近一次全量匹配的“符合”企业数；推送、申报、兑付按本期发生数统计；"
            "平均兑付天数为自申报至兑付的自然日；超期为目前仍未兑付且已超过兑付时限的申兑。",
        ),
        Table(
            "ratings",
            "好差评（按服务部门）",
            (
                Column("label", "服务部门", TEXT),
                Column("count", "评价"),
                Column("satisfaction_rate", "满意率", RATE),
                Column("bad_count", "差评"),
                Column("callback_rate", "回访率", RATE),
                Column("rectification_rate", "整改率", RATE),
                Column("rectified_on_time_rate", "按期整改率", RATE),
            ),
            lambda p: rating_selectors.department_figures(p.start, p.end),
            _ratings_link,
            "诉求、办件、政策兑现、预约和企业服务日的服务评价，每项服务一条（诉求回访的满意度、申兑的星级即该服务的评价）；"
            "满意率为基本满意及以上的比例；经申诉复核剔除的评价不计入。",
        ),
    )
}


def table_rows(key: str, period: Period) -> list[dict[str, Any]]:
    """The rows of one table, each with the `url` of the filtered list it opens ("" when none)."""
    table = TABLES[key]
    return [{**row, "url": table.link(period, row)} for row in table.rows(period)]
