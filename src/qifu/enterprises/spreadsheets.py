"""Enterprise ledgers in Excel: the import template, the import itself, and the export.

An import is checked row by row first (every problem reported with its row number, field and
a Chinese message); only when every row passes are all rows written, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

import xlsxwriter
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from python_calamine import CalamineWorkbook

from qifu.accounts.models import User
from qifu.core.audit import audit_record_many
from qifu.core.errors import ValidationFailed
from qifu.core.masking import mask_name, mask_phone
from qifu.enterprises import hooks
from qifu.enterprises.choices import LifecycleStage, Scale
from qifu.enterprises.industry import industry_label
from qifu.enterprises.models import Enterprise, ImportJob, Tag
from qifu.enterprises.transitions import IMPORT_WORKFLOW
from qifu.enterprises.validation import FIELD_LABELS, clean_enterprise_data
from qifu.orgs.models import Grid, Park, Town

# (field, column header). Park, town and grid are given by name (or code) in the sheet.
COLUMNS: list[tuple[str, str]] = [
    ("uscc", "统一社会信用代码"),
    ("name", "企业名称"),
    ("legal_representative", "法定代表人"),
    ("registered_capital", "注册资本(万元)"),
    ("established_on", "成立日期"),
    ("industry_code", "行业代码"),
    ("scale", "企业规模"),
    ("park", "所属园区"),
    ("town", "所属镇街"),
    ("grid", "所属网格"),
    ("lifecycle_stage", "生命周期阶段"),
    ("tags", "企业标签"),
    ("employees", "从业人数"),
    ("annual_revenue", "年营业收入(万元)"),
    ("contact_name", "联系人"),
    ("contact_phone", "联系电话"),
    ("contact_email", "联系邮箱"),
    ("address", "地址"),
]
PLACE_LABELS = {"park": "所属园区", "town": "所属镇街", "grid": "所属网格"}
REQUIRED_HEADERS = ("统一社会信用代码", "企业名称", "行业代码", "企业规模")
PROGRESS_EVERY = 500
MAX_ERRORS_KEPT = 2000


def template_bytes() -> bytes:
    """The downloadable import template, with a sheet of instructions and an example."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    text = book.add_format({"num_format": "@"})
    sheet = book.add_worksheet("企业台账")
    for col, (field, label) in enumerate(COLUMNS):
        sheet.write(0, col, label + ("*" if label in REQUIRED_HEADERS else ""), head)
        sheet.set_column(col, col, 18, text if field in ("uscc", "contact_phone", "industry_code") else None)
    sheet.data_validation(1, 6, 100000, 6, {"validate": "list", "source": [str(s.label) for s in Scale]})
    sheet.data_validation(1, 10, 100000, 10, {"validate": "list", "source": [str(s.label) for s in LifecycleStage]})
    sheet.freeze_panes(1, 0)
    notes = book.add_worksheet("填写说明")
    rows = [
        ("列", "说明"),
        ("统一社会信用代码*", "18位，含校验位；以文本格式填写"),
        ("企业名称*", "与营业执照一致"),
        ("行业代码*", "GB/T 4754-2017，如 C3911、F52"),
        ("企业规模*", "大型 / 中型 / 小型 / 微型"),
        ("所属园区、镇街、网格", "填写名称或代码，须已在系统中登记"),
        ("生命周期阶段", "开办 / 项目建设 / 生产经营 / 转型升级 / 注销，空则为生产经营"),
        ("企业标签", "多个标签用顿号或逗号分隔，如：高新技术企业、专精特新"),
        ("成立日期", "日期格式，如 2020-05-18"),
        ("金额", "单位万元"),
        ("示例", "91445203MA4UJ8K18W | 揭阳市示例科技有限公司 | 张三 | 500 | 2019-03-12 | C3911 | 小型 | 经开区"),
    ]
    for r, (a, b) in enumerate(rows):
        notes.write(r, 0, a, head if r == 0 else None)
        notes.write(r, 1, b, head if r == 0 else None)
    notes.set_column(0, 0, 22)
    notes.set_column(1, 1, 80)
    book.close()
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str):
        return value.strip()
    return value


def _place_index(model: type[Park] | type[Town] | type[Grid]) -> dict[str, int]:
    index: dict[str, int] = {}
    for pk, code, name in model.objects.values_list("pk", "code", "name"):
        index[name] = pk
        index[code] = pk
    return index


def _set_progress(job: ImportJob, **fields: Any) -> None:
    """Counters the page polls while the import runs (no step of its workflow)."""
    for key, value in fields.items():
        setattr(job, key, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def _advance(job: ImportJob, action: str, **fields: Any) -> None:
    """One step of the import's workflow, with what the page shows of it."""
    if action in ("succeed", "fail"):
        fields["finished_at"] = timezone.now()
    IMPORT_WORKFLOW.act(job, actor=None, action=action, note=str(fields.get("message", "")), updates=fields)


def run_import(job_id: int) -> None:
    """The import task: check every row, then write all rows or none."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    try:
        _run_import(job)
    except Exception as exc:  # the job must end in a state the page can show
        job.refresh_from_db()
        if not job.finished:
            _advance(job, "fail", message=f"导入出错：{exc}"[:300])
        raise


def _run_import(job: ImportJob) -> None:
    _advance(job, "validate")
    try:
        with job.file.open("rb") as handle:
            sheet = CalamineWorkbook.from_filelike(io.BytesIO(handle.read())).get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception:
        _advance(job, "fail", message="无法读取文件，请上传 .xlsx 格式的企业台账")
        return
    if not rows:
        _advance(job, "fail", message="文件为空")
        return
    headers = [str(h or "").strip().rstrip("*").strip() for h in rows[0]]
    by_label = {label: field for field, label in COLUMNS}
    positions = {by_label[h]: i for i, h in enumerate(headers) if h in by_label}
    missing = [h for h in REQUIRED_HEADERS if by_label[h] not in positions]
    if missing:
        _advance(job, "fail", message=f"缺少必填列：{'、'.join(missing)}（请使用导入模板）")
        return
    body = [(n, r) for n, r in enumerate(rows[1:], start=2) if any(_cell(v) not in ("", None) for v in r)]
    _set_progress(job, total_rows=len(body))

    places = {"park": _place_index(Park), "town": _place_index(Town), "grid": _place_index(Grid)}
    known_tags = dict(Tag.objects.values_list("name", "id"))
    errors: list[dict[str, Any]] = []
    valid: list[tuple[int, dict[str, Any]]] = []
    first_row_of: dict[str, int] = {}
    for done, (row_number, row) in enumerate(body, start=1):
        data = {f: _cell(row[i]) if i < len(row) else "" for f, i in positions.items()}
        place_ids: dict[str, int | None] = {}
        row_errors: list[dict[str, Any]] = []
        for key in ("park", "town", "grid"):
            name = str(data.pop(key, "") or "")
            if not name:
                place_ids[f"{key}_id"] = None
            elif name in places[key]:
                place_ids[f"{key}_id"] = places[key][name]
            else:
                row_errors.append(
                    {"row": row_number, "field": PLACE_LABELS[key], "message": f"{PLACE_LABELS[key]}“{name}”不存在"}
                )
        try:
            values = clean_enterprise_data(data, partial=False, known_tags=known_tags)
        except ValidationFailed as exc:
            row_errors.extend(
                {"row": row_number, "field": FIELD_LABELS.get(e.field, e.field), "message": e.message}
                for e in exc.errors
            )
            values = {}
        uscc = values.get("uscc")
        if uscc:
            if uscc in first_row_of:
                row_errors.append(
                    {
                        "row": row_number,
                        "field": FIELD_LABELS["uscc"],
                        "message": f"与第{first_row_of[uscc]}行的统一社会信用代码重复",
                    }
                )
            else:
                first_row_of[uscc] = row_number
        if row_errors:
            errors.extend(row_errors)
        else:
            values.update(place_ids)
            valid.append((row_number, values))
        if done % PROGRESS_EVERY == 0:
            _set_progress(job, processed_rows=done)

    codes = list(first_row_of)
    for start in range(0, len(codes), 900):
        for uscc in Enterprise.objects.filter(uscc__in=codes[start : start + 900]).values_list("uscc", flat=True):
            errors.append(
                {"row": first_row_of[uscc], "field": FIELD_LABELS["uscc"], "message": f"统一社会信用代码 {uscc} 已登记"}
            )
    errors.sort(key=lambda e: e["row"])
    if errors:
        rows_with_errors = len({e["row"] for e in errors})
        _advance(
            job,
            "fail",
            processed_rows=len(body),
            errors=errors[:MAX_ERRORS_KEPT],
            message=f"共 {len(errors)} 处错误，涉及 {rows_with_errors} 行；未导入任何数据，请修改后重新上传",
        )
        return
    _advance(job, "write", processed_rows=len(body))
    created = _write(job, [values for _, values in valid])
    _advance(job, "succeed", created_count=created, message=f"成功导入 {created} 家企业")


@transaction.atomic
def _write(job: ImportJob, rows: list[dict[str, Any]]) -> int:
    tag_lists = [values.pop("tags", []) for values in rows]
    enterprises = Enterprise.objects.bulk_create([Enterprise(**values) for values in rows], batch_size=1000)
    through = Enterprise.tags.through
    links = [
        through(enterprise_id=e.pk, tag_id=t) for e, tags in zip(enterprises, tag_lists, strict=True) for t in tags
    ]
    through.objects.bulk_create(links, batch_size=2000)
    events: list[tuple[str, Any, str, str, str, dict[str, Any]]] = [
        ("enterprise.create", e, "", "", f"导入企业 {e.name}", {"uscc": e.uscc, "import_job_id": job.pk})
        for e in enterprises
    ]
    events.append(
        (
            "enterprise.import",
            job,
            "",
            "",
            f"导入企业台账 {job.filename}：{len(enterprises)} 家",
            {"created": len(enterprises)},
        )
    )
    audit_record_many(actor=job.created_by, events=events)
    hooks.bulk_changed()
    return len(enterprises)


EXPORT_HEADERS = [label for _, label in COLUMNS] + ["行业名称", "包联干部"]


def export_rows(enterprises: Iterable[Enterprise], *, personal: bool) -> Iterable[list[Any]]:
    for e in enterprises:
        stewards = [s.officer.label for s in e.stewardships.all() if s.ended_on is None]
        yield [
            e.uscc,
            e.name,
            e.legal_representative if personal else mask_name(e.legal_representative),
            e.registered_capital,
            e.established_on,
            e.industry_code,
            e.get_scale_display(),
            e.park.name if e.park else "",
            e.town.name if e.town else "",
            e.grid.name if e.grid else "",
            e.get_lifecycle_stage_display(),
            "、".join(t.name for t in e.tags.all()),
            e.employees,
            e.annual_revenue,
            e.contact_name if personal else mask_name(e.contact_name),
            e.contact_phone if personal else mask_phone(e.contact_phone),
            e.contact_email if personal else "",
            e.address,
            industry_label(e.industry_code),
            "、".join(stewards),
        ]


def export_bytes(qs: QuerySet[Enterprise], *, personal: bool, user: User) -> bytes:
    """The filtered list as .xlsx in the import layout (so an export can be edited and re-imported)."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "constant_memory": True})
    head = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet = book.add_worksheet("企业台账")
    for col, label in enumerate(EXPORT_HEADERS):
        sheet.set_column(col, col, 16)
        sheet.write(0, col, label, head)
    sheet.write_string(0, len(EXPORT_HEADERS) + 1, f"导出人：{user.label}  {timezone.localtime():%Y-%m-%d %H:%M}")
    rows = qs.select_related("park", "town", "grid").prefetch_related("tags", "stewardships__officer")
    for r, values in enumerate(export_rows(rows.order_by("-id").iterator(chunk_size=2000), personal=personal), start=1):
        for c, value in enumerate(values):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), day)
            elif value is None:
                continue
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write_number(r, c, float(value))
    book.close()
    return out.getvalue()
