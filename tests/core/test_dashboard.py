"""The dashboard (驾驶舱): its page, charts' data, .xlsx exports and API show the same figures."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from typing import Any
from urllib.parse import unquote

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from python_calamine import CalamineWorkbook

from qifu.dashboard.figures import RATE, TABLES
from qifu.demands.models import Demand
from tests.conftest import Cast
from tests.demands.helpers import in_state


def _scene(cast: Cast) -> None:
    in_state(cast, "closed")
    in_state(cast, "in_progress")
    overdue = in_state(cast, "assigned")
    past = timezone.now() - dt.timedelta(days=1)
    Demand.objects.filter(pk=overdue.pk).update(due_at=past, warning_at=past - dt.timedelta(days=2))


def _embedded(html: str) -> dict[str, Any]:
    found = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', html, re.S)
    assert found
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_page_charts_exports_and_api_show_the_same_figures(cast: Cast, api: Any, page_client: Any) -> None:
    _scene(cast)
    client = page_client(cast.supervisor)
    html = client.get("/dashboard/").content.decode()
    charts = _embedded(html)
    assert set(charts) == set(TABLES)
    for key, table in TABLES.items():
        got = api(cast.supervisor).get(f"/dashboard/{key}")
        assert got.status_code == 200, key
        items = got.json()["items"]
        assert items or key in ("applications", "policies"), key
        # The charts read the API's rows (dates and amounts as JSON writes them).
        assert json.loads(json.dumps(charts[key], default=str)) == items, key
        # The export has the page's columns and the API's figures, row for row.
        export = client.get(f"/dashboard/export/{key}.xlsx")
        assert export.status_code == 200
        disposition = unquote(export["Content-Disposition"])
        assert disposition.startswith(f"attachment; filename*=utf-8''驾驶舱-{table.title}-") and disposition.endswith(
            ".xlsx"
        )
        rows = CalamineWorkbook.from_filelike(io.BytesIO(export.content)).get_sheet_by_index(0).to_python()
        assert rows[0] == [f"{c.label}(%)" if c.kind == RATE else c.label for c in table.columns]
        assert len(rows) == len(items) + 1
        for cells, item in zip(rows[1:], items, strict=True):
            for column, value in zip(table.columns, cells, strict=True):
                expected = item[column.key]
                if isinstance(value, dt.date):
                    value = value.isoformat()[:10]
                if isinstance(value, int | float) and not isinstance(value, bool):
                    value, expected = float(value), float(expected)
                if expected is None:
                    expected = ""
                assert value == expected, (key, column.key)
        # The page's table shows the same cells.
        section = html[html.index(f'id="table-{key}"') :]
        section = section[: section.index("</table>")]
        assert section.count("<tr") == max(len(items), 1) + 1
    departments = api(cast.supervisor).get("/dashboard/departments").json()["items"]
    [market] = [r for r in departments if r["id"] == cast.market.pk]
    assert (market["registered"], market["assigned"], market["closed"], market["response_rate"]) == (0, 3, 1, 66.7)
    assert departments[-1]["label"] == "合计" and departments[-1]["registered"] == 3
    assert "<td>66.7%</td>" in html[html.index('id="table-departments"') :]
    lights = api(cast.supervisor).get("/dashboard/lights").json()["items"]
    assert lights[-1] | {"url": ""} == {
        "id": None,
        "label": "合计",
        "normal": 1,
        "warning": 0,
        "overdue": 1,
        "running": 2,
        "url": "",
    }
    # Drill-down: the department's bar opens its demands, and its lights add the light.
    assert lights[0]["url"] == f"/demands/?department_id={cast.market.pk}"
    listed = client.get(lights[0]["url"] + "&light=overdue").content.decode()
    assert listed.count('href="/demands/') >= 1
    parks = api(cast.supervisor).get("/dashboard/parks").json()["items"]
    assert parks[0]["label"] == cast.park_a.name and parks[0]["registered"] == 3
    assert parks[0]["url"].startswith(f"/demands/?park_id={cast.park_a.pk}&date_from=")
    weeks = api(cast.supervisor).get("/dashboard/weekly").json()["items"]
    assert sum(w["registered"] for w in weeks) == 3 and sum(w["closed"] for w in weeks) == 1


def test_the_dashboard_reads_counters_not_cases(cast: Cast, api: Any) -> None:
    _scene(cast)
    for _ in range(5):
        in_state(cast, "closed")
    with CaptureQueriesContext(connection) as few:
        api(cast.supervisor).get("/dashboard/departments")
    for _ in range(20):
        in_state(cast, "closed")
    with CaptureQueriesContext(connection) as more:
        assert api(cast.supervisor).get("/dashboard/departments").status_code == 200
    assert len(more) == len(few)
    assert not any('"demands_demand"' in q["sql"] for q in more.captured_queries)


def test_the_period_and_who_may_see(cast: Cast, api: Any, page_client: Any) -> None:
    in_state(cast, "closed")
    got = api(cast.dispatcher).get("/dashboard/departments", start="2020-01-01", end="2020-01-31").json()
    assert (got["start"], got["end"]) == ("2020-01-01", "2020-01-31")
    assert [r["label"] for r in got["items"]] == ["合计"] and got["items"][0]["registered"] == 0
    assert api(cast.dispatcher).get("/dashboard/weekly", start="2020-01-01", end="2020-01-31").json()["items"][0] == {
        "week_start": "2020-01-01",
        "week_end": "2020-01-05",
        "registered": 0,
        "closed": 0,
        "url": "/demands/?date_from=2020-01-01&date_to=2020-01-05",
    }
    assert api(cast.dispatcher).get("/dashboard/departments", start="2020-13-01").status_code == 422
    for user in (cast.handler, cast.enterprise_user, cast.officer, cast.window):
        assert api(user).get("/dashboard/lights").status_code == 403
        assert page_client(user).get("/dashboard/export/lights.xlsx").status_code == 403
    assert api(None).get("/dashboard/lights").status_code == 401
    assert page_client(cast.head).get("/dashboard/export/nothing.xlsx").status_code == 404
    html = page_client(cast.head).get("/dashboard/").content.decode()
    assert "vendor/echarts/echarts.min.js" in html and "qifu/dashboard.js" in html
    assert "<script>" not in html
