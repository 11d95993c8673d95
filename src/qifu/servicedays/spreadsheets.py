"""A park's demand list as an .xlsx: the template, and reading it into the rows of one `DemandListIn`."""

from __future__ import annotations

import io
from typing import Any

import xlsxwriter
from python_calamine import CalamineWorkbook

from qifu.core.errors import FieldError, ValidationFailed
from qifu.core.files import check_upload
from qifu.enterprises.models import Enterprise

COLUMNS = [
    ("enterprise", "企业（统一社会信用代码或名称）"),
    ("title", "需求"),
    ("content", "具体情况"),
    ("contact_name", "联系人"),
    ("contact_phone", "联系电话"),
]
REQUIRED = ("enterprise", "title", "content")


def template_bytes() -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("企业需求清单")
    text = book.add_format({"num_format": "@"})
    for col, (name, label) in enumerate(COLUMNS):
        sheet.write(0, col, label + ("*" if name in REQUIRED else ""))
        sheet.set_column(col, col, 28 if col < 3 else 14, text)
    book.close()
    return out.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value or "").strip()


def rows_from_xlsx(name: str, content: bytes, park_id: int) -> list[dict[str, Any]]:
    """The file's rows as `DemandListRowIn` values; each enterprise found by code or name among the park's.
    ValidationFailed names the row and column of every problem."""
    check_upload(name, content)
    try:
        rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    except Exception:
        raise ValidationFailed.field("file", "无法读取文件，请上传 .xlsx 格式的需求清单（可下载模板）") from None
    labels = {label: field for field, label in COLUMNS}
    header = [_cell(h).rstrip("*") for h in (rows[0] if rows else [])]
    index = {labels[h]: i for i, h in enumerate(header) if h in labels}
    missing = [dict(COLUMNS)[f] for f in REQUIRED if f not in index]
    if missing:
        raise ValidationFailed.field("file", f"缺少必填列：{'、'.join(missing)}（请使用模板）")
    park = Enterprise.objects.filter(park_id=park_id)
    out: list[dict[str, Any]] = []
    errors: list[FieldError] = []
    for number, row in enumerate(rows[1:], start=2):
        data = {f: _cell(row[i]) if i < len(row) else "" for f, i in index.items()}
        if not any(data.values()):
            continue
        key = data.pop("enterprise")
        found = park.filter(uscc=key.upper()).first() or park.filter(name=key).first()
        if found is None:
            errors.append(FieldError("file", f"第{number}行：本园区没有企业“{key}”"))
            continue
        out.append({"enterprise_id": found.pk, **data})
    if errors:
        raise ValidationFailed("需求清单有误：" + "；".join(e.message for e in errors), errors)
    if not out:
        raise ValidationFailed.field("file", "文件中没有需求")
    return out
