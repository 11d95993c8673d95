"""The audit log page: Chinese action labels, the actor's name and unit, filters, pages, total, audited export."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from python_calamine import CalamineWorkbook

from qifu.core.audit import action_label
from qifu.core.models import AuditEvent
from tests.conftest import Cast
from tests.demands.helpers import in_state

SRC = Path(__file__).resolve().parents[2] / "src" / "qifu"


def test_every_audited_action_has_a_chinese_label(cast: Cast) -> None:
    in_state(cast, "closed")
    assert action_label("demand.visit_satisfied") == "诉求 回访（满意，销号）"
    assert action_label("department.update") == "系统管理 修改部门"
    written = set(AuditEvent.objects.values_list("action", flat=True))
    source = "\n".join(p.read_text() for p in SRC.rglob("*.py"))
    literal = set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', source))
    literal |= set(re.findall(r'else "([a-z_]+\.[a-z_]+)"', source))
    literal |= set(re.findall(r'\(\s*"([a-z_]+\.[a-z_]+)",', source)) & {"enterprise.create", "enterprise.import"}
    unlabelled = sorted(a for a in written | literal if action_label(a) == a)
    assert unlabelled == []


def test_the_log_names_people_and_filters(cast: Cast, page_client: Any) -> None:
    demand = in_state(cast, "closed")
    client = page_client(cast.supervisor)
    html = client.get("/audit/").content.decode()
    table = html[html.index('id="audit-table"') :]
    assert "诉求 回访（满意，销号）" in table and ">demand.visit_satisfied<" not in table
    cast.handler.display_name = "王承办"
    cast.handler.save(update_fields=["display_name"])
    html = client.get("/audit/", {"actor": "王承办"}).content.decode()
    assert "王承办" in html and cast.market.name in html
    shown = AuditEvent.objects.filter(actor_id=cast.handler.pk).count()
    table = html[html.index('id="audit-table"') :]
    assert f"共 {shown} 条" in html and "诉求 签收" in table and "诉求 交办" not in table
    by_action = client.get("/audit/", {"action": "demand.assign"}).content.decode()
    assert "共 1 条" in by_action
    by_object = client.get("/audit/", {"object_type": "demands.demand", "object_id": str(demand.pk)}).content.decode()
    assert (
        f"共 {AuditEvent.objects.filter(object_type='demands.demand', object_id=str(demand.pk)).count()} 条"
        in by_object
    )
    assert "共 0 条" in client.get("/audit/", {"date_to": "2020-01-01"}).content.decode()
    bad = client.get("/audit/", {"date_from": "2026-13-01"})
    assert bad.status_code == 200 and "开始日期" in bad.content.decode()
    # Keyset pages keep the filter.
    everything = AuditEvent.objects.count()
    page = client.get("/audit/").content.decode()
    assert f"共 {everything} 条" in page
    assert client.get("/audit/", {"cursor": "bad"}).status_code == 200


def test_the_filtered_log_exports_and_the_export_is_audited(cast: Cast, page_client: Any) -> None:
    in_state(cast, "closed")
    cast.dispatcher.display_name = "李调度"
    cast.dispatcher.save(update_fields=["display_name"])
    expected = AuditEvent.objects.filter(actor_id=cast.dispatcher.pk).count()
    got = page_client(cast.admin).get("/audit/export/", {"actor_id": cast.dispatcher.pk})
    assert got.status_code == 200
    assert unquote(got["Content-Disposition"]).startswith("attachment; filename*=utf-8''审计日志-")
    rows = CalamineWorkbook.from_filelike(io.BytesIO(got.content)).get_sheet_by_index(0).to_python()
    assert rows[0][:5] == ["序号", "时间", "操作人", "部门/单位", "动作"]
    assert len(rows) == expected + 1
    assert {r[2] for r in rows[1:]} == {"李调度"} and {r[3] for r in rows[1:]} == {cast.center.name}
    assert "诉求 交办" in {r[4] for r in rows[1:]}
    export = AuditEvent.objects.get(action="audit.export")
    assert export.actor_id == cast.admin.pk and export.data["rows"] == expected
    assert export.data["filters"] == {"actor_id": str(cast.dispatcher.pk)}
    for user in (cast.dispatcher, cast.head, cast.enterprise_user):
        assert page_client(user).get("/audit/export/").status_code == 403
    assert AuditEvent.objects.filter(action="audit.export").count() == 1
