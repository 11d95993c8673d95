"""Spreadsheet import (all or nothing, row-by-row errors) and export of the filtered list."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import quote

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from python_calamine import CalamineWorkbook

from qifu.core.models import AuditEvent
from qifu.enterprises.choices import ImportStatus
from qifu.enterprises.models import Enterprise, ImportJob
from qifu.enterprises.spreadsheets import COLUMNS
from tests.conftest import Cast, make_uscc

pytestmark = pytest.mark.django_db
HEADERS = [label for _, label in COLUMNS]


def sheet(rows: list[dict[str, Any]], headers: list[str] = HEADERS) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    ws = book.add_worksheet()
    for c, h in enumerate(headers):
        ws.write(0, c, h)
    for r, row in enumerate(rows, start=1):
        for c, h in enumerate(headers):
            if h in row:
                ws.write(r, c, row[h])
    book.close()
    return out.getvalue()


def row(serial: int, **extra: Any) -> dict[str, Any]:
    values = {
        "统一社会信用代码": make_uscc(serial),
        "企业名称": f"揭阳市导入{serial}有限公司",
        "行业代码": "C3311",
        "企业规模": "小型",
        "所属园区": "经开区",
        "生命周期阶段": "生产经营",
        "企业标签": "规上企业、高新技术企业",
        "从业人数": 30,
        "年营业收入(万元)": 560.5,
        "成立日期": "2018-06-01",
        "联系电话": "13500001111",
    }
    values.update(extra)
    return values


@pytest.fixture
def upload(django_capture_on_commit_callbacks: Any) -> Any:
    """Upload a file and run the queued import as the commit would."""

    def send(client: Client, content: bytes, name: str = "台账.xlsx") -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/enterprises/import/", {"file": SimpleUploadedFile(name, content)})

    return send


def test_template_download_has_the_columns(cast: Cast, page_client: Any) -> None:
    res = page_client(cast.admin).get("/enterprises/import/template/")
    assert res.status_code == 200
    assert res["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('企业台账导入模板.xlsx')}"
    book = CalamineWorkbook.from_filelike(io.BytesIO(res.content))
    header = book.get_sheet_by_index(0).to_python()[0]
    assert [h.rstrip("*") for h in header] == HEADERS


def test_good_file_imports_every_row_with_audit(cast: Cast, page_client: Any, upload: Any) -> None:
    client = page_client(cast.dispatcher)
    res = upload(client, sheet([row(100 + i) for i in range(30)]))
    job = ImportJob.objects.get()
    assert res.status_code == 302 and res["Location"] == f"/enterprises/import/{job.pk}/"
    assert job.status == ImportStatus.SUCCEEDED and job.created_count == 30 and job.processed_rows == 30
    imported = Enterprise.objects.get(uscc=make_uscc(100))
    assert imported.park == cast.park_a and sorted(t.name for t in imported.tags.all()) == ["规上企业", "高新技术企业"]
    assert str(imported.annual_revenue) == "560.50" and imported.established_on.isoformat() == "2018-06-01"
    assert AuditEvent.objects.filter(action="enterprise.create", data__import_job_id=job.pk).count() == 30
    page = client.get(f"/enterprises/import/{job.pk}/").content.decode()
    assert "成功导入 30 家企业" in page


def test_one_bad_row_writes_nothing_and_reports_row_field_message(cast: Cast, page_client: Any, upload: Any) -> None:
    good = make_uscc(200)
    bad_code = make_uscc(201)[:-1] + ("0" if make_uscc(201)[-1] != "0" else "1")
    rows = [
        row(200),
        row(201, 统一社会信用代码=bad_code),
        row(202, 所属园区="火星园区", 企业规模="巨型"),
        row(203, 统一社会信用代码=good),
        row(204, 统一社会信用代码=cast.ent.uscc),
    ]
    upload(page_client(cast.admin), sheet(rows))
    job = ImportJob.objects.get()
    assert job.status == ImportStatus.FAILED
    assert Enterprise.objects.filter(uscc__in=[make_uscc(n) for n in (200, 202, 203)]).count() == 0
    errors = {(e["row"], e["field"]): e["message"] for e in job.errors}
    assert errors[(3, "统一社会信用代码")] == "统一社会信用代码校验位错误"
    assert errors[(4, "所属园区")] == "所属园区“火星园区”不存在"
    assert "企业规模应为以下之一" in errors[(4, "企业规模")]
    assert errors[(5, "统一社会信用代码")] == "与第2行的统一社会信用代码重复"
    assert "已登记" in errors[(6, "统一社会信用代码")]
    assert "未导入任何数据" in job.message


def test_missing_required_columns_and_wrong_files_are_refused(cast: Cast, page_client: Any, upload: Any) -> None:
    client = page_client(cast.admin)
    upload(client, sheet([{"企业名称": "x"}], headers=["企业名称"]))
    assert "缺少必填列" in ImportJob.objects.get().message
    res = upload(client, b"not a spreadsheet", name="台账.csv")
    assert res.status_code == 200 and ".xlsx" in res.content.decode()
    upload(client, b"garbage bytes", name="坏文件.xlsx")
    assert ImportJob.objects.order_by("-id").first().message.startswith("无法读取文件")


def test_export_follows_filters_and_masks_for_roles(cast: Cast, page_client: Any) -> None:
    res = page_client(cast.admin).get("/enterprises/export/", {"park_id": cast.park_a.pk})
    assert res.status_code == 200
    name = f"企业名录-{timezone.localdate():%Y%m%d}.xlsx"  # in Chinese, as RFC 5987 filename*
    assert res["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    rows = CalamineWorkbook.from_filelike(io.BytesIO(res.content)).get_sheet_by_index(0).to_python()
    assert [r[1] for r in rows[1:]] == [cast.ent.name]
    assert rows[1][15] == "13800138000"
    assert AuditEvent.objects.filter(action="enterprise.export").exists()
    masked = page_client(cast.head).get("/enterprises/export/").content
    masked_rows = CalamineWorkbook.from_filelike(io.BytesIO(masked)).get_sheet_by_index(0).to_python()
    assert {r[15] for r in masked_rows[1:]} == {"138****8000", "139****9000"}
