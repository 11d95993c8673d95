"""Read-only .xlsx exports of a table (header and rows), answered as a download with a Chinese file name."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_xlsx(sheet_name: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet: a bold header row, then the rows (numbers as numbers, days and times as dates, None empty),
    streamed in constant memory; text is never read as a formula or a link."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    sheet = book.add_worksheet(sheet_name[:31])
    head = book.add_format({"bold": True, "bg_color": "#DCE6F1", "border": 1, "text_wrap": True, "valign": "vcenter"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for col, label in enumerate(headers):
        sheet.set_column(col, col, max(10, 2 * len(label) + 2))
        sheet.write_string(0, col, label, head)
    sheet.freeze_panes(1, 0)
    for row_number, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_string(row_number, col, "是" if value else "否")
            elif isinstance(value, int | float | Decimal):
                sheet.write_number(row_number, col, float(value))
            elif isinstance(value, dt.datetime):
                local = timezone.localtime(value) if timezone.is_aware(value) else value
                sheet.write_datetime(row_number, col, local.replace(tzinfo=None), moment)
            elif isinstance(value, dt.date):
                sheet.write_datetime(row_number, col, dt.datetime.combine(value, dt.time()), day)
            else:
                sheet.write_string(row_number, col, str(value))
    book.close()
    return out.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    """The workbook as a download named `filename` (Chinese names sent as RFC 6266 filename*)."""
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    return response
