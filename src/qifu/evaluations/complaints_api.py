"""API of complaints, special studies and officers' evaluation (the style of API.md: lists `{items, next_cursor}`,
actions answer the whole record, errors name their fields, 404 outside the caller's scope)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Router, Status
from ninja.files import UploadedFile
from ninja.params import functions as params

from qifu.core.access import require
from qifu.core.api_support import ErrorOut, idempotent
from qifu.core.cleaning import parse_day, parse_id
from qifu.core.errors import Conflict, FieldError, NotFound, ValidationFailed
from qifu.core.http import AuthedRequest
from qifu.core.models import TimelineEvent
from qifu.core.pagination import keyset_page
from qifu.evaluations import complaint_selectors, complaint_services, officer_selectors, officer_services
from qifu.evaluations.complaint_choices import QUESTION_FIELDS, QUESTIONS, StudyStatus
from qifu.evaluations.complaint_permissions import access_complaint_for, access_study_for, studies_for
from qifu.evaluations.complaint_schemas import (
    AnalysisCategoryOut,
    AnalysisGroupOut,
    AnalysisLedgerOut,
    ComplaintAnalysisOut,
    ComplaintIn,
    ComplaintOut,
    ComplaintPage,
    ComplaintRef,
    StudyAnalyseIn,
    StudyCheckIn,
    StudyItem,
    StudyOut,
    StudyPage,
    StudyPlanIn,
    StudyStepOut,
)
from qifu.evaluations.complaint_transitions import STUDY_WORKFLOW
from qifu.evaluations.models import Complaint, SpecialStudy, SurveyResponse, ThirdPartyResult
from qifu.evaluations.officer_permissions import (
    access_officer_for,
    access_survey_for,
    answer_sheets_for,
    officers_for,
    surveys_for,
)
from qifu.evaluations.officer_schemas import (
    AnswerSheetOut,
    AnswerSheetPage,
    EvaluationCardOut,
    EvaluationCardPage,
    EvaluationFigureOut,
    SurveyAnswerIn,
    SurveyIn,
    SurveyOut,
    SurveyPage,
    SurveyQuestionOut,
    ThirdPartyImportOut,
    ThirdPartyOut,
    ThirdPartyPage,
)

router = Router(tags=["投诉分析与助企干部评价"])
ERRORS: dict[int, Any] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
READ: dict[int, Any] = {403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# ------------------------------------------------------------------ shapes


def complaint_out(c: Complaint) -> ComplaintOut:
    return ComplaintOut(
        id=c.pk,
        demand_id=c.demand_id,
        demand_number=c.demand.number,
        channel=c.demand.channel,
        title=c.demand.title,
        received_at=c.received_at,
        department=ComplaintRef(id=c.department_id, name=c.department.name),
        staff=ComplaintRef(id=c.staff.pk, name=c.staff.display_name or c.staff.username) if c.staff else None,
        subject=c.subject,
        major=c.major,
        study_ids=sorted(s.pk for s in c.studies.all()),
    )


def study_out(s: SpecialStudy) -> StudyOut:
    steps = TimelineEvent.objects.filter(subject_type=STUDY_WORKFLOW.subject, subject_id=s.pk).order_by("at", "id")
    return StudyOut(
        id=s.pk,
        number=s.number,
        title=s.title,
        trigger=s.trigger,
        department=ComplaintRef(id=s.department.pk, name=s.department.name) if s.department else None,
        subject=s.subject,
        status=s.status,
        cause=s.cause,
        measures=s.measures,
        check_on=s.check_on,
        effect=s.effect,
        effective=s.effective,
        opened_at=s.opened_at,
        closed_at=s.closed_at,
        complaint_ids=sorted(s.complaints.values_list("pk", flat=True)),
        timeline=[StudyStepOut(at=e.at, actor=e.actor_label, action=e.action, note=e.note or e.public) for e in steps],
    )


def _bool(field: str, label: str, value: str) -> bool | None:
    if value in ("", None):
        return None
    if value in ("1", "true"):
        return True
    if value in ("0", "false"):
        return False
    raise ValidationFailed.field(field, f"{label}应为 true 或 false")


def _month(value: str) -> dt.date:
    if not value:
        today = timezone.localdate()
        return today.replace(day=1)
    try:
        year, month = value.split("-")
        if len(year) != 4 or len(month) != 2 or not (year + month).isascii():
            raise ValueError
        day = dt.date(int(year), int(month), 1)
    except ValueError:
        raise ValidationFailed.field("month", "月份应写成 2026-01 这样的年月") from None
    if not 1900 <= day.year <= 2100:
        raise ValidationFailed.field("month", "月份应在1900年至2100年之间")
    return day


def period(start: Any, end: Any) -> tuple[dt.date, dt.date]:
    begin = parse_day("from", "开始日期", start)
    finish = parse_day("to", "结束日期", end)
    default_start, default_end = officer_selectors.period_default(timezone.localdate())
    begin, finish = begin or default_start, finish or default_end
    if finish < begin:
        raise ValidationFailed.field("to", "结束日期不能早于开始日期")
    return begin, finish


# ------------------------------------------------------------------ complaints


@router.get("/complaints", response={200: ComplaintPage, **READ}, summary="投诉对象台账（被投诉单位、工作人员）")
def complaint_list(
    request: AuthedRequest, department_id: str = "", major: str = "", cursor: str = "", limit: int = 50
) -> dict[str, Any]:
    require(request.user, "complaint.view")
    qs = complaint_selectors.complaint_list_for(
        request.user,
        department_id=parse_id("department_id", "部门", department_id),
        major=_bool("major", "重大投诉", major),
    )
    rows, next_cursor = keyset_page(qs, cursor=cursor, limit=limit)
    return {"items": [complaint_out(c) for c in rows], "next_cursor": next_cursor}


@router.post(
    "/complaints",
    response={201: ComplaintOut, **ERRORS},
    summary="认定投诉对象：投诉（办不成事、诚信建设投诉台账或投诉类诉求）针对的单位和工作人员；"
    "同一单位或事项90日内3次以上、或重大投诉，自动启动专题研究",
)
def complaint_create(request: AuthedRequest, payload: ComplaintIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        if Complaint.objects.filter(demand_id=payload.demand_id).exists():
            access_complaint_for(request.user, Complaint.objects.get(demand_id=payload.demand_id).pk)
            raise Conflict(
                "该投诉已认定投诉对象，如需更正请用 /complaints/{id}/correct",
                [FieldError("demand_id", "该投诉已认定投诉对象")],
            )
        complaint = complaint_services.complaint_name(actor=request.user, **payload.model_dump())
        return 201, complaint_out(complaint).model_dump(mode="json")

    return Status(*idempotent(request, "complaints.create", create))


@router.get(
    "/complaints/analysis",
    response={200: ComplaintAnalysisOut, **READ},
    summary="办不成事、诚信建设投诉台账月度共性问题分析",
)
def complaint_analysis(request: AuthedRequest, month: str = "") -> ComplaintAnalysisOut:
    require(request.user, "complaint.view")
    analysis = complaint_selectors.monthly_analysis(request.user, _month(month))
    return ComplaintAnalysisOut(
        month=f"{analysis.month:%Y-%m}",
        ledgers=[
            AnalysisLedgerOut(
                channel=ledger.channel,
                name=ledger.name,
                count=ledger.count,
                categories=[
                    AnalysisCategoryOut(
                        category=c.category,
                        count=c.count,
                        groups=[
                            AnalysisGroupOut(label=g.label, count=g.count, demand_numbers=g.numbers, units=g.unit_text)
                            for g in c.groups
                        ],
                    )
                    for c in ledger.categories
                ],
                units=[AnalysisGroupOut(label=name, count=n, demand_numbers=[], units=[]) for name, n in ledger.units],
            )
            for ledger in analysis.ledgers
        ],
    )


@router.get("/complaints/{complaint_id}", response={200: ComplaintOut, **READ}, summary="投诉对象")
def complaint_detail(request: AuthedRequest, complaint_id: int) -> ComplaintOut:
    return complaint_out(access_complaint_for(request.user, complaint_id))


@router.post("/complaints/{complaint_id}/correct", response={200: ComplaintOut, **ERRORS}, summary="更正投诉对象")
def complaint_correct(request: AuthedRequest, complaint_id: int, payload: ComplaintIn) -> ComplaintOut:
    found = access_complaint_for(request.user, complaint_id)
    if payload.demand_id != found.demand_id:
        raise ValidationFailed.field("demand_id", "不能改为另一件诉求")
    complaint = complaint_services.complaint_name(actor=request.user, **payload.model_dump())
    return complaint_out(complaint)


# ------------------------------------------------------------------ special studies


@router.get("/special-studies", response={200: StudyPage, **READ}, summary="专题研究（重大或重复投诉）")
def study_list(
    request: AuthedRequest, status: str = "", department_id: str = "", cursor: str = "", limit: int = 50
) -> dict[str, Any]:
    require(request.user, "complaint.view")
    qs = studies_for(request.user)
    if status:
        if status not in StudyStatus.values:
            raise ValidationFailed.field("status", "状态不在可选范围内")
        qs = qs.filter(status=status)
    department = parse_id("department_id", "部门", department_id)
    if department is not None:
        qs = qs.filter(department_id=department)
    rows, next_cursor = keyset_page(qs.annotate(n=Count("complaints")), cursor=cursor, limit=limit)
    return {
        "items": [
            StudyItem(
                id=s.pk,
                number=s.number,
                title=s.title,
                trigger=s.trigger,
                department_id=s.department_id,
                subject=s.subject,
                status=s.status,
                opened_at=s.opened_at,
                complaints=s.n,  # type: ignore[attr-defined]
            )
            for s in rows
        ],
        "next_cursor": next_cursor,
    }


@router.get(
    "/special-studies/{study_id}", response={200: StudyOut, **READ}, summary="专题研究详情（原因、措施、效果检查）"
)
def study_detail(request: AuthedRequest, study_id: int) -> StudyOut:
    return study_out(access_study_for(request.user, study_id))


@router.post("/special-studies/{study_id}/analyse", response={200: StudyOut, **ERRORS}, summary="分析原因")
def study_analyse(request: AuthedRequest, study_id: int, payload: StudyAnalyseIn) -> StudyOut:
    return study_out(complaint_services.study_analyse(actor=request.user, study_id=study_id, cause=payload.cause))


@router.post(
    "/special-studies/{study_id}/plan", response={200: StudyOut, **ERRORS}, summary="制定整改措施和效果检查日期"
)
def study_plan(request: AuthedRequest, study_id: int, payload: StudyPlanIn) -> StudyOut:
    return study_out(
        complaint_services.study_plan(
            actor=request.user, study_id=study_id, measures=payload.measures, check_on=payload.check_on
        )
    )


@router.post(
    "/special-studies/{study_id}/check",
    response={200: StudyOut, **ERRORS},
    summary="跟踪检查效果（有效则办结，效果不明显则重新制定措施）",
)
def study_check(request: AuthedRequest, study_id: int, payload: StudyCheckIn) -> StudyOut:
    return study_out(
        complaint_services.study_check(
            actor=request.user, study_id=study_id, effect=payload.effect, effective=payload.effective
        )
    )


# ------------------------------------------------------------------ officers' evaluation


def _questions() -> list[SurveyQuestionOut]:
    return [SurveyQuestionOut(field=f, clause=c, text=t) for f, c, t in QUESTIONS]


def sheet_out(sheet: SurveyResponse) -> AnswerSheetOut:
    survey = sheet.survey
    return AnswerSheetOut(
        id=sheet.pk,
        survey_id=survey.pk,
        officer_name=survey.officer.display_name or survey.officer.username,
        period_start=survey.period_start,
        period_end=survey.period_end,
        closes_on=survey.closes_on,
        enterprise_id=sheet.enterprise_id,
        answered=sheet.answered_at is not None,
        answered_at=sheet.answered_at,
        questions=_questions(),
        answers={f: getattr(sheet, f) for f in QUESTION_FIELDS},
        comment=sheet.comment,
    )


def survey_out(survey: Any) -> SurveyOut:
    sheets = survey.responses.all()
    answered = [s for s in sheets if s.answered_at is not None]
    averages: dict[str, float | None] = {}
    for f in QUESTION_FIELDS:
        values = [getattr(s, f) for s in answered if getattr(s, f) is not None]
        averages[f] = round(sum(values) / len(values), 2) if values else None
    return SurveyOut(
        id=survey.pk,
        officer_id=survey.officer_id,
        officer_name=survey.officer.display_name or survey.officer.username,
        period_start=survey.period_start,
        period_end=survey.period_end,
        closes_on=survey.closes_on,
        note=survey.note,
        sent=len(sheets),
        answered=len(answered),
        averages=averages,
    )


@router.post(
    "/surveys", response={201: SurveyOut, **ERRORS}, summary="向助企干部包联的企业发送满意度调查问卷（003 §7.1.2 a–e）"
)
def survey_create(request: AuthedRequest, payload: SurveyIn) -> Status[Any]:
    def create() -> tuple[int, Any]:
        survey = officer_services.survey_send(actor=request.user, payload=payload)
        return 201, survey_out(survey).model_dump(mode="json")

    return Status(*idempotent(request, "surveys.create", create))


@router.get("/surveys", response={200: SurveyPage, **READ}, summary="助企干部评价问卷")
def survey_list(request: AuthedRequest, officer_id: str = "", cursor: str = "", limit: int = 50) -> dict[str, Any]:
    require(request.user, "officer_eval.view")
    qs = surveys_for(request.user).select_related("officer").prefetch_related("responses")
    officer = parse_id("officer_id", "助企干部", officer_id)
    if officer is not None:
        qs = qs.filter(officer_id=officer)
    rows, next_cursor = keyset_page(qs, cursor=cursor, limit=limit)
    return {"items": [survey_out(s) for s in rows], "next_cursor": next_cursor}


@router.get("/surveys/{survey_id}", response={200: SurveyOut, **READ}, summary="问卷及作答情况")
def survey_detail(request: AuthedRequest, survey_id: int) -> SurveyOut:
    return survey_out(access_survey_for(request.user, survey_id))


@router.get("/survey-answers", response={200: AnswerSheetPage, **READ}, summary="本企业收到的评价问卷")
def answer_sheet_list(request: AuthedRequest, cursor: str = "", limit: int = 50) -> dict[str, Any]:
    require(request.user, "survey.answer")
    qs = answer_sheets_for(request.user).select_related("survey__officer")
    rows, next_cursor = keyset_page(qs, cursor=cursor, limit=limit)
    return {"items": [sheet_out(s) for s in rows], "next_cursor": next_cursor}


@router.post(
    "/survey-answers/{response_id}", response={200: AnswerSheetOut, **ERRORS}, summary="企业在线填写问卷（每家一次）"
)
def answer_sheet_submit(request: AuthedRequest, response_id: int, payload: SurveyAnswerIn) -> AnswerSheetOut:
    sheet = officer_services.survey_answer(actor=request.user, response_id=response_id, payload=payload)
    return sheet_out(sheet)


@router.get(
    "/survey-links/{token}", auth=None, response={200: AnswerSheetOut, 404: ErrorOut}, summary="免登录问卷（链接打开）"
)
def survey_link(request: HttpRequest, token: str) -> AnswerSheetOut:
    return sheet_out(officer_services.sheet_by_token(token))


@router.post(
    "/survey-links/{token}",
    auth=None,
    response={200: AnswerSheetOut, 404: ErrorOut, 409: ErrorOut, 400: ErrorOut, 422: ErrorOut},
    summary="免登录填写问卷（每家一次）",
)
def survey_link_submit(request: HttpRequest, token: str, payload: SurveyAnswerIn) -> AnswerSheetOut:
    return sheet_out(officer_services.survey_answer_by_link(token=token, payload=payload))


def third_party_out(r: ThirdPartyResult) -> ThirdPartyOut:
    return ThirdPartyOut(
        id=r.pk,
        officer_id=r.officer_id,
        officer_name=r.officer.display_name or r.officer.username,
        agency=r.agency,
        period_start=r.period_start,
        period_end=r.period_end,
        score_a=float(r.score_a),
        score_b=float(r.score_b),
        score_c=float(r.score_c),
        score_d=float(r.score_d),
        score_e=float(r.score_e),
        overall=float(r.overall),
    )


@router.post(
    "/third-party-results/import",
    response={201: ThirdPartyImportOut, **ERRORS},
    summary="导入第三方评价结果（.xlsx；有错误则逐行逐项列出，全部不导入）",
)
def third_party_import(request: AuthedRequest, file: File[UploadedFile]) -> Status[Any]:
    created = officer_services.third_party_import(actor=request.user, name=file.name or "", content=file.read())
    return Status(201, {"imported": len(created)})


@router.get("/third-party-results", response={200: ThirdPartyPage, **READ}, summary="第三方评价结果")
def third_party_list(request: AuthedRequest, officer_id: str = "", cursor: str = "", limit: int = 50) -> dict[str, Any]:
    require(request.user, "officer_eval.view")
    qs = ThirdPartyResult.objects.filter(officer__in=officers_for(request.user)).select_related("officer")
    officer = parse_id("officer_id", "助企干部", officer_id)
    if officer is not None:
        qs = qs.filter(officer_id=officer)
    rows, next_cursor = keyset_page(qs, cursor=cursor, limit=limit)
    return {"items": [third_party_out(r) for r in rows], "next_cursor": next_cursor}


def evaluation_card_out(card: officer_selectors.EvaluationCard) -> EvaluationCardOut:
    return EvaluationCardOut(
        kind=card.kind,
        id=card.id,
        name=card.name,
        period_start=card.start,
        period_end=card.end,
        figures=[
            EvaluationFigureOut(key=f.key, label=f.label, value=f.value, display=f.display, how=f.how)
            for f in card.figures
        ],
    )


@router.get(
    "/officer-evaluations/officers/{officer_id}",
    response={200: EvaluationCardOut, **READ},
    summary="助企干部评价表：自我评价（走访、诉求按时、好差评、方案完成）、企业问卷、第三方评价、被投诉",
)
def officer_evaluation(
    request: AuthedRequest,
    officer_id: int,
    start: str = params.Query("", alias="from"),
    end: str = params.Query("", alias="to"),
) -> EvaluationCardOut:
    require(request.user, "officer_eval.view")
    officer = access_officer_for(request.user, officer_id)
    begin, finish = period(start, end)
    return evaluation_card_out(officer_selectors.officer_evaluation(officer, begin, finish))


@router.get(
    "/officer-evaluations/departments/{department_id}",
    response={200: EvaluationCardOut, **READ},
    summary="部门评价表：本部门助企干部、好差评、被投诉与专题研究",
)
def department_evaluation(
    request: AuthedRequest,
    department_id: int,
    start: str = params.Query("", alias="from"),
    end: str = params.Query("", alias="to"),
) -> EvaluationCardOut:
    require(request.user, "officer_eval.view")
    department = officer_selectors.departments_for(request.user).filter(pk=department_id).first()
    if department is None:
        raise NotFound()
    begin, finish = period(start, end)
    return evaluation_card_out(officer_selectors.department_evaluation(department, begin, finish))


@router.get(
    "/officer-evaluations/windows", response={200: EvaluationCardPage, **READ}, summary="窗口评价表（每个综合窗口）"
)
def window_evaluations(
    request: AuthedRequest,
    start: str = params.Query("", alias="from"),
    end: str = params.Query("", alias="to"),
    cursor: str = "",
    limit: int = 50,
) -> dict[str, Any]:
    require(request.user, "officer_eval.view")
    begin, finish = period(start, end)
    rows, next_cursor = keyset_page(officer_selectors.windows_for(request.user), cursor=cursor, limit=limit)
    return {
        "items": [evaluation_card_out(officer_selectors.window_evaluation(w, begin, finish)) for w in rows],
        "next_cursor": next_cursor,
    }
