"""The reform task list's pages: list and lights, a lead unit's report with a file and per-field Chinese errors,
the centre's registration form, the printed progress table, the .xlsx export, the audited download, the sidebar."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from python_calamine import CalamineWorkbook

from qifu.core.models import AuditEvent
from qifu.supervision.models import ReformAttachment, ReformTask
from tests.conftest import Cast
from tests.supervision.reform_helpers import long_task, make_task

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%fake but signed\n"


def test_the_list_shows_late_tasks_in_red(cast: Cast, page_client: Any) -> None:
    with time_machine.travel(dt.datetime(2024, 7, 5, 9, tzinfo=dt.UTC)):
        make_task(cast, number=1, due_on=dt.date(2024, 6, 30))
        make_task(cast, number=2, due_on=dt.date(2024, 12, 31))
        res = page_client(cast.handler).get("/supervision/reform/")
        html = res.content.decode()
        assert res.status_code == 200
        assert html.count('class="qf-late"') == 1 and "已逾期" in html
        assert "共 2 项，已完成 0 项，逾期 1 项" in html
        res = page_client(cast.handler).get("/supervision/reform/", {"light": "overdue"})
        assert 'data-number="1"' in res.content.decode() and 'data-number="2"' not in res.content.decode()


@pytest.mark.parametrize("role", ["enterprise", "service_officer", "window_staff"])
def test_the_pages_are_not_for_others(cast: Cast, page_client: Any, role: str) -> None:
    task = make_task(cast)
    client = page_client(cast.by_role()[role])
    assert client.get("/supervision/reform/").status_code == 403
    assert client.get(f"/supervision/reform/{task.pk}/").status_code == 403


def test_a_lead_unit_reports_with_a_file(cast: Cast, page_client: Any) -> None:
    task = make_task(cast)
    client = page_client(cast.head)
    page = client.get(f"/supervision/reform/{task.pk}/").content.decode()
    assert 'id="report-form"' in page
    upload = io.BytesIO(PDF)
    upload.name = "培训签到表.pdf"
    res = client.post(f"/supervision/reform/{task.pk}/", {"percent": "45", "note": "已开展培训", "files": upload})
    assert res.status_code == 302
    task.refresh_from_db()
    assert task.percent == 45 and task.last_note == "已开展培训"
    attachment = ReformAttachment.objects.get()
    assert attachment.name == "培训签到表.pdf" and attachment.progress.reported_by == cast.head
    res = page_client(cast.supervisor).get(f"/supervision/reform/{task.pk}/files/{attachment.pk}/")
    assert res.status_code == 200 and b"".join(res.streaming_content).startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="reform_task.attachment_download").count() == 1
    # The supervisor sees the task but has no form.
    seen = page_client(cast.supervisor).get(f"/supervision/reform/{task.pk}/").content.decode()
    assert 'id="report-form"' not in seen


def test_report_errors_are_per_field_and_in_chinese(cast: Cast, page_client: Any) -> None:
    task = make_task(cast)
    upload = io.BytesIO(b"MZ not a pdf")
    upload.name = "a.pdf"
    res = page_client(cast.handler).post(f"/supervision/reform/{task.pk}/", {"percent": "150", "note": ""})
    html = res.content.decode()
    assert res.status_code == 200
    assert 'data-error="percent"' in html and 'data-error="note"' in html and "请按提示修改" in html
    form = {"percent": "10", "note": "好", "files": upload}
    res = page_client(cast.handler).post(f"/supervision/reform/{task.pk}/", form)
    assert 'data-error="files"' in res.content.decode()
    task.refresh_from_db()
    assert task.percent == 0 and not ReformAttachment.objects.exists()


def test_a_responsible_unit_sees_but_does_not_report(cast: Cast, page_client: Any) -> None:
    from qifu.accounts.models import User

    task = make_task(cast)
    tax = User.objects.create_user(username="tax", password="x", role="department_handler", department=cast.tax)
    client = page_client(tax)
    assert 'id="report-form"' not in client.get(f"/supervision/reform/{task.pk}/").content.decode()
    res = client.post(f"/supervision/reform/{task.pk}/", {"percent": "10", "note": "试"})
    assert res.status_code == 200 and "无权" in res.content.decode()
    task.refresh_from_db()
    assert task.percent == 0


def test_the_centre_registers_on_the_form(cast: Cast, page_client: Any) -> None:
    client = page_client(cast.dispatcher)
    res = client.post("/supervision/reform/new/", {"number": "", "title": "", "lead_department_ids": []})
    html = res.content.decode()
    for field in ("number", "area", "title", "content", "lead_department_ids"):
        assert f'data-error="{field}"' in html, field
    res = client.post(
        "/supervision/reform/new/",
        {
            "number": "36",
            "area": "三、统筹协调推进,构建立体化部门联动机制",
            "title": "健全网格化服务机制",
            "content": "划分服务网格，建立企业信息台账。",
            "lead_department_ids": [str(cast.center.pk)],
            "responsible_department_ids": [str(cast.market.pk), str(cast.tax.pk)],
            "long_term": "true",
            "report_cycle": "monthly",
        },
    )
    assert res.status_code == 302
    task = ReformTask.objects.get(number=36)
    assert task.long_term and task.lead_units == cast.center.name
    assert page_client(cast.handler).get("/supervision/reform/new/").status_code == 403


def test_print_and_export(cast: Cast, page_client: Any) -> None:
    make_task(cast, number=1)
    long_task(cast, number=2)
    client = page_client(cast.dispatcher)
    html = client.get("/supervision/reform/print/").content.decode()
    assert "任务清单进展表" in html and "size: A4 landscape" in html and html.count('class="num">') == 4
    res = client.get("/supervision/reform/export.xlsx")
    assert res.status_code == 200 and "attachment" in res["Content-Disposition"]
    rows = CalamineWorkbook.from_filelike(io.BytesIO(res.content)).get_sheet_by_index(0).to_python()
    assert rows[0][0] == "序号" and [r[0] for r in rows[1:]] == [1, 2] and rows[2][6] == "长期坚持"


def test_sidebar_entries(cast: Cast, page_client: Any) -> None:
    html = page_client(cast.dispatcher).get("/supervision/reform/").content.decode()
    for label in ("改革任务", "绩效考核", "一类问题"):
        assert label in html
    html = page_client(cast.officer).get("/").content.decode()
    assert "/supervision/reform/" not in html


def test_the_list_and_api_read_a_fixed_number_of_queries(cast: Cast, page_client: Any, api: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count(path: str, client: Any) -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200
        return len(ctx.captured_queries)

    make_task(cast, number=1)
    long_task(cast, number=2)
    page, rest = page_client(cast.handler), api(cast.handler)
    rest.get("/reform-tasks")  # the token's first use is recorded once
    few = (count("/supervision/reform/", page), count("/reform-tasks", rest))
    for n in range(3, 12):
        make_task(cast, number=n)
    assert (count("/supervision/reform/", page), count("/reform-tasks", rest)) == few
