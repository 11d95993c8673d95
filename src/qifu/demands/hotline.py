"""Batch import of 12345 hotline work orders from .xlsx: every row checked first, then all written or none.

A work order already in the pool (same 工单编号) is skipped, so re-running a file creates nothing twice.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

import xlsxwriter
from django.db import transaction
from python_calamine import CalamineWorkbook

from qifu.accounts.models import User
from qifu.core.access import require
from qifu.core.errors import ValidationFailed
from qifu.core.inputs import parse
from qifu.demands.choices import Channel, DemandKind
from qifu.demands.models import Demand
from qifu.demands.schemas import DemandIn
from qifu.demands.services import demand_register

COLUMNS = [
    ("external_ref", "工单编号"),
    ("uscc", "统一社会信用代码"),
    ("kind", "类型"),
    ("category", "类别"),
    ("title", "标题"),
    ("content", "诉求内容"),
    ("contact_name", "联系人"),
    ("contact_phone", "联系电话"),
]
REQUIRED = ("工单编号", "统一社会信用代码", "类别", "标题", "诉求内容")
LABELS = {label: name for name, label in COLUMNS}
KIND_WORDS = {str(k.label): str(k.value) for k in DemandKind} | {str(k.value): str(k.value) for k in DemandKind}


@dataclass
class HotlineResult:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)


def template_bytes() -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("12345工单")
    text = book.add_format({"num_format": "@"})
    for col, (_, label) in enumerate(COLUMNS):
        sheet.write(0, col, label + ("*" if label in REQUIRED else ""))
        sheet.set_column(col, col, 20, text)
    book.close()
    return out.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value or "").strip()


def hotline_import(*, actor: User, content: bytes) -> HotlineResult:
    """Import the file; ValidationFailed (nothing written) when the file or any row is wrong."""
    require(actor, "demand.import")
    try:
        rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    except Exception:
        raise ValidationFailed.field("file", "无法读取文件，请上传 .xlsx 格式的12345工单表") from None
    if not rows:
        raise ValidationFailed.field("file", "文件为空")
    header = [_cell(h).rstrip("*") for h in rows[0]]
    missing = [h for h in REQUIRED if h not in header]
    if missing:
        raise ValidationFailed.field("file", f"缺少必填列：{'、'.join(missing)}（请使用导入模板）")
    index = {LABELS[h]: i for i, h in enumerate(header) if h in LABELS}
    result = HotlineResult()
    seen: dict[str, int] = {}
    existing = set(
        Demand.objects.filter(channel=Channel.HOTLINE).exclude(external_ref="").values_list("external_ref", flat=True)
    )
    pending: list[tuple[int, dict[str, Any]]] = []
    for number, row in enumerate(rows[1:], start=2):
        data = {name: _cell(row[i]) if i < len(row) else "" for name, i in index.items()}
        if not any(data.values()):
            continue
        ref = data.get("external_ref", "")
        if ref in existing:
            result.skipped.append(ref)
            continue
        if ref in seen:
            result.errors.append({"row": number, "field": "工单编号", "message": f"与第{seen[ref]}行重复"})
            continue
        seen[ref] = number
        data["kind"] = KIND_WORDS.get(data.get("kind") or "诉求", data.get("kind", ""))
        data["channel"] = Channel.HOTLINE
        pending.append((number, data))
    with transaction.atomic():
        for number, data in pending:
            try:
                with transaction.atomic():
                    result.created.append(demand_register(actor=actor, payload=parse(DemandIn, data)).number)
            except ValidationFailed as exc:
                result.errors.extend(
                    {"row": number, "field": _label(e.field), "message": e.message} for e in exc.errors
                )
        if result.errors:
            transaction.set_rollback(True)
            result.created = []
    return result


def _label(field_name: str) -> str:
    return dict(COLUMNS).get(field_name, {"enterprise_id": "统一社会信用代码"}.get(field_name, field_name))
