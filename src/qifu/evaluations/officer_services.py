"""Writes of officers' evaluation (003 §7.1.1): sending a questionnaire about an officer to the enterprises the
officer stewards, an enterprise's answers (online or by its no-login link), and a third party's results imported
from .xlsx (every row checked first: a bad row writes nothing)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from python_calamine import CalamineWorkbook

from qifu.accounts.models import User
from qifu.core.access import require
from qifu.core.audit import audit_record, register_action_labels
from qifu.core.choices import Role
from qifu.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from qifu.core.files import check_upload
from qifu.core.services import notify
from qifu.core.tracking import new_token
from qifu.enterprises.models import Stewardship
from qifu.evaluations.complaint_choices import QUESTION_FIELDS, THIRD_PARTY_ITEMS, AnswerVia
from qifu.evaluations.models import Survey, SurveyResponse, ThirdPartyResult
from qifu.evaluations.officer_permissions import access_answer_sheet_for, access_officer_for
from qifu.evaluations.officer_schemas import SurveyAnswerIn, SurveyIn

register_action_labels(
    {
        "survey.send": "发送助企干部评价问卷",
        "survey.answer": "填写助企干部评价问卷",
        "third_party.import": "导入第三方评价结果",
    }
)


def stewarded_in(officer: User, start: dt.date, end: dt.date) -> list[int]:
    """The enterprises the officer stewarded at any time in the period."""
    return list(
        Stewardship.objects.filter(officer=officer, started_on__lte=end)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=start))
        .order_by()
        .values_list("enterprise_id", flat=True)
        .distinct()
    )


def survey_link(sheet: SurveyResponse) -> str:
    return f"{settings.QIFU_SITE_URL}/evaluations/survey/{sheet.token}/"


@transaction.atomic
def survey_send(*, actor: User, payload: SurveyIn) -> Survey:
    require(actor, "officer_eval.manage")
    officer = access_officer_for(actor, payload.officer_id)
    errors: list[FieldError] = []
    if payload.period_end < payload.period_start:
        errors.append(FieldError("period_end", "评价期间止不能早于评价期间起"))
    if payload.closes_on < timezone.localdate():
        errors.append(FieldError("closes_on", "截止日期不能早于今天"))
    enterprise_ids = stewarded_in(officer, payload.period_start, payload.period_end)
    if not errors and not enterprise_ids:
        errors.append(FieldError("officer_id", "该助企干部在评价期间没有包联企业"))
    if errors:
        raise ValidationFailed("问卷信息有误：" + "；".join(e.message for e in errors), errors)
    if Survey.objects.filter(
        officer=officer, period_start=payload.period_start, period_end=payload.period_end
    ).exists():
        raise Conflict("该助企干部本期间的问卷已发送", [FieldError("officer_id", "本期间的问卷已发送")])
    survey = Survey.objects.create(
        officer=officer,
        period_start=payload.period_start,
        period_end=payload.period_end,
        closes_on=payload.closes_on,
        note=payload.note,
        sent_by=actor,
    )
    sheets = SurveyResponse.objects.bulk_create(
        [SurveyResponse(survey=survey, enterprise_id=e, token=new_token()) for e in enterprise_ids]
    )
    name = officer.display_name or officer.username
    for sheet in sheets:
        users = list(User.objects.filter(enterprise_id=sheet.enterprise_id, role=Role.ENTERPRISE, is_active=True))
        notify(
            recipients=users,
            title=f"请评价助企干部{name}的服务（{survey.closes_on}前）",
            body="问卷共8题，约需2分钟；也可通过链接免登录填写。",
            link=f"/evaluations/surveys/answer/{sheet.pk}/",
        )
    audit_record(
        actor=actor,
        action="survey.send",
        obj=survey,
        summary=f"{name} {survey.period_start}至{survey.period_end} 问卷发往{len(sheets)}家企业",
        data={"officer_id": officer.pk, "enterprise_ids": enterprise_ids},
    )
    return survey


def _answer(sheet: SurveyResponse, payload: SurveyAnswerIn, *, actor: User | None, via: str) -> SurveyResponse:
    if sheet.survey.closes_on < timezone.localdate():
        raise Conflict("问卷已过截止日期，不能再填写")
    values: dict[str, Any] = {f: getattr(payload, f) for f in QUESTION_FIELDS}
    changed = SurveyResponse.objects.filter(pk=sheet.pk, answered_at__isnull=True).update(
        **values, comment=payload.comment, answered_at=timezone.now(), answered_by=actor, via=via
    )
    if not changed:
        raise Conflict("该问卷已填写，每家企业只填一次")
    sheet.refresh_from_db()
    audit_record(
        actor=actor,
        action="survey.answer",
        obj=sheet,
        summary=f"{sheet.enterprise.name} 评价助企干部 {sheet.survey.officer.display_name}"
        + ("（免登录链接）" if via == AnswerVia.LINK else ""),
        data={**values, "via": via},
    )
    return sheet


@transaction.atomic
def survey_answer(*, actor: User, response_id: int, payload: SurveyAnswerIn) -> SurveyResponse:
    sheet = access_answer_sheet_for(actor, response_id)
    return _answer(sheet, payload, actor=actor, via=AnswerVia.ONLINE)


def sheet_by_token(token: str) -> SurveyResponse:
    sheet = (
        SurveyResponse.objects.select_related("survey__officer", "enterprise").filter(token=token[:40]).first()
        if token
        else None
    )
    if sheet is None:
        raise NotFound("链接无效")
    return sheet


@transaction.atomic
def survey_answer_by_link(*, token: str, payload: SurveyAnswerIn) -> SurveyResponse:
    return _answer(sheet_by_token(token), payload, actor=None, via=AnswerVia.LINK)


# ------------------------------------------------------------------ third party

COLUMNS: list[tuple[str, str]] = [
    ("officer", "助企干部账号"),
    ("agency", "评价机构"),
    ("period_start", "评价期间起"),
    ("period_end", "评价期间止"),
    *[(key, label) for key, label in THIRD_PARTY_ITEMS],
    ("overall", "综合得分"),
    ("note", "备注"),
]
REQUIRED = [c for c, _ in COLUMNS if c != "note"]


def template_bytes() -> bytes:
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("第三方评价结果")
    for col, (name, label) in enumerate(COLUMNS):
        sheet.write(0, col, label + ("*" if name in REQUIRED else ""))
        sheet.set_column(col, col, 16)
    book.close()
    return out.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value if value is not None else "").strip()


def _day(text: str) -> dt.date | None:
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"):
        try:
            day = dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar day, no time)
        except ValueError:
            continue
        return day if 1900 <= day.year <= 2100 else None
    return None


def _score(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return None
    if not value.is_finite() or not 0 <= value <= 100 or value != value.quantize(Decimal("0.1")):
        return None
    return value


@transaction.atomic
def third_party_import(*, actor: User, name: str, content: bytes) -> list[ThirdPartyResult]:
    """Every row of the file, or none: each problem named by its row and column in Chinese."""
    require(actor, "officer_eval.manage")
    clean_name = check_upload(name, content)
    try:
        rows = CalamineWorkbook.from_filelike(io.BytesIO(content)).get_sheet_by_index(0).to_python()
    except Exception:
        raise ValidationFailed.field("file", "无法读取文件，请上传 .xlsx 格式的第三方评价结果（可下载模板）") from None
    labels = {label: key for key, label in COLUMNS}
    header = [_cell(h).rstrip("*") for h in (rows[0] if rows else [])]
    index = {labels[h]: i for i, h in enumerate(header) if h in labels}
    missing = [dict(COLUMNS)[c] for c in REQUIRED if c not in index]
    if missing:
        raise ValidationFailed.field("file", f"缺少必填列：{'、'.join(missing)}（请使用模板）")
    column = dict(COLUMNS)
    errors: list[FieldError] = []
    found: list[ThirdPartyResult] = []
    seen: set[tuple[int, str, dt.date, dt.date]] = set()
    for number, row in enumerate(rows[1:], start=2):
        data = {key: _cell(row[i]) if i < len(row) else "" for key, i in index.items()}
        if not any(data.values()):
            continue
        problems: list[str] = []
        officer = User.objects.filter(username=data["officer"], role=Role.SERVICE_OFFICER).first()
        if officer is None:
            problems.append(f"{column['officer']}“{data['officer'][:30]}”不是助企干部账号")
        if not data["agency"] or len(data["agency"]) > 100:
            problems.append(f"{column['agency']}应填写（不超过100字）")
        start, end = _day(data["period_start"]), _day(data["period_end"])
        if start is None:
            problems.append(f"{column['period_start']}应为日期，如 2026-01-01")
        if end is None:
            problems.append(f"{column['period_end']}应为日期，如 2026-06-30")
        if start and end and end < start:
            problems.append(f"{column['period_end']}不能早于{column['period_start']}")
        scores: dict[str, Decimal] = {}
        for key in [k for k, _ in THIRD_PARTY_ITEMS] + ["overall"]:
            value = _score(data[key])
            if value is None:
                problems.append(f"{column[key]}应为0到100之间的分数（最多一位小数）")
            else:
                scores[key] = value
        if len(data.get("note", "")) > 500:
            problems.append(f"{column['note']}不能超过500字")
        if not problems and officer and start and end:
            identity = (officer.pk, data["agency"], start, end)
            if (
                identity in seen
                or ThirdPartyResult.objects.filter(
                    officer=officer, agency=data["agency"], period_start=start, period_end=end
                ).exists()
            ):
                problems.append("该干部本期间该机构的评价结果已导入")
            seen.add(identity)
        if problems:
            errors.extend(FieldError("file", f"第{number}行：{p}") for p in problems)
            continue
        if officer is None or start is None or end is None:  # every problem above was reported
            continue
        found.append(
            ThirdPartyResult(
                officer=officer,
                agency=data["agency"],
                period_start=start,
                period_end=end,
                note=data.get("note", ""),
                imported_by=actor,
                source_name=clean_name[:200],
                **scores,
            )
        )
    if errors:
        raise ValidationFailed(
            "第三方评价结果有误，未导入任何一行：" + "；".join(e.message for e in errors[:20]), errors
        )
    if not found:
        raise ValidationFailed.field("file", "文件中没有评价结果")
    created = ThirdPartyResult.objects.bulk_create(found)
    audit_record(
        actor=actor,
        action="third_party.import",
        object_type="evaluations.thirdpartyresult",
        summary=f"导入第三方评价结果 {len(created)} 条（{clean_name}）",
        data={"officer_ids": sorted({r.officer_id for r in created}), "file": clean_name},
    )
    return created
