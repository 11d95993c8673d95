"""12345 work orders imported from .xlsx: all or nothing, and a re-run creates no duplicates."""

from __future__ import annotations

import io
from typing import Any

import pytest
import xlsxwriter
from django.test import Client

from qifu.accounts.services import token_issue
from qifu.demands.hotline import COLUMNS
from qifu.demands.models import Demand
from tests.conftest import Cast

pytestmark = pytest.mark.django_db


def workbook(rows: list[dict[str, str]]) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    labels = [label for _, label in COLUMNS]
    for c, label in enumerate(labels):
        sheet.write(0, c, label)
    for r, row in enumerate(rows, start=1):
        for c, label in enumerate(labels):
            sheet.write_string(r, c, row.get(label, ""))
    book.close()
    return out.getvalue()


def order(cast: Cast, ref: str, **extra: str) -> dict[str, str]:
    row = {
        "工单编号": ref,
        "统一社会信用代码": cast.ent.uscc,
        "类型": "投诉",
        "类别": "utilities",
        "标题": "园区路灯不亮",
        "诉求内容": "园区主干道路灯损坏一个月未修。",
    }
    row.update(extra)
    return row


def upload(cast: Cast, content: bytes) -> Any:
    raw, _ = token_issue(user=cast.dispatcher)
    return Client().post("/api/v1/demands/import", {"file": io.BytesIO(content)}, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_import_then_rerun_creates_nothing_twice(cast: Cast) -> None:
    content = workbook([order(cast, "GD001"), order(cast, "GD002", 类型="诉求")])
    first = upload(cast, content)
    assert first.status_code == 200 and len(first.json()["created"]) == 2
    second = upload(cast, content)
    assert second.status_code == 200 and second.json()["created"] == []
    assert sorted(second.json()["skipped"]) == ["GD001", "GD002"]
    assert Demand.objects.filter(channel="hotline").count() == 2
    assert set(Demand.objects.values_list("kind", flat=True)) == {"complaint", "need"}


def test_a_bad_row_writes_nothing(cast: Cast) -> None:
    res = upload(cast, workbook([order(cast, "GD010"), order(cast, "GD011", 类别="unknown"), order(cast, "GD010")]))
    assert res.status_code == 422
    errors = {(e["row"], e["field"]) for e in res.json()["errors"]}
    assert (3, "类别") in errors and (4, "工单编号") in errors
    assert Demand.objects.count() == 0
    assert upload(cast, b"not a workbook").status_code == 422
