"""Pages of complaints and officers' evaluation: the complaint ledger (naming the unit complained of), special
studies, the monthly analysis (A4 print and .xlsx), officers' evaluation cards, questionnaires (sent by the centre,
answered by the enterprise online or by its no-login link) and a third party's results imported from .xlsx."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from qifu.accounts.models import User
from qifu.core.access import can
from qifu.core.choices import Role
from qifu.core.errors import Conflict, DomainError, NotFound, ValidationFailed
from qifu.core.http import AuthedRequest, xlsx_download
from qifu.core.inputs import errors_by_field, parse, uploaded
from qifu.core.models import TimelineEvent
from qifu.core.ui import page
from qifu.core.xlsx import table_xlsx
from qifu.demands.permissions import access_demand_for
from qifu.evaluations import complaint_selectors, complaint_services, officer_selectors, officer_services
from qifu.evaluations.complaint_choices import QUESTIONS, SCORE_LABELS, StudyStatus
from qifu.evaluations.complaint_permissions import access_study_for, studies_for
from qifu.evaluations.complaint_schemas import ComplaintIn, StudyAnalyseIn, StudyCheckIn, StudyPlanIn
from qifu.evaluations.complaint_transitions import STUDY_WORKFLOW
from qifu.evaluations.complaints_api import _month, period
from qifu.evaluations.models import Complaint, SurveyResponse, ThirdPartyResult
from qifu.evaluations.officer_permissions import (
    access_answer_sheet_for,
    access_officer_for,
    answer_sheets_for,
    officers_for,
    surveys_for,
)
from qifu.evaluations.officer_schemas import SurveyAnswerIn, SurveyIn
from qifu.orgs.models import Department

# ------------------------------------------------------------------ complaints


@page("complaint.view")
def complaint_index(request: AuthedRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "evaluations/complaints/index.html",
        {
            "unnamed": list(complaint_selectors.unnamed_complaints_for(user).order_by("-pk")[:100])
            if can(user, "complaint.manage")
            else [],
            "complaints": list(complaint_selectors.complaint_list_for(user).order_by("-pk")[:100]),
            "studies": list(studies_for(user).select_related("department").order_by("-pk")[:50]),
            "may_name": can(user, "complaint.manage"),
            "month": timezone.localdate().strftime("%Y-%m"),
        },
    )


@page("complaint.manage")
def complaint_name(request: AuthedRequest, demand_id: int) -> HttpResponse:
    demand = access_demand_for(request.user, demand_id)
    existing = Complaint.objects.filter(demand=demand).first()
    errors: dict[str, str] = {}
    values: Any = {
        "department_id": existing.department_id if existing else (demand.lead_department_id or ""),
        "staff_id": (existing.staff_id or "") if existing else "",
        "subject": existing.subject if existing else "",
        "major": existing.major if existing else False,
    }
    if request.method == "POST":
        values = request.POST
        data = {k: request.POST.get(k, "") for k in ("department_id", "staff_id", "subject")}
        data["major"] = "true" if request.POST.get("major") else "false"
        data["demand_id"] = str(demand.pk)
        try:
            payload = parse(ComplaintIn, data)
            complaint = complaint_services.complaint_name(actor=request.user, **payload.model_dump())
        except ValidationFailed as exc:
            errors = errors_by_field(exc)
        except Conflict as exc:
            messages.error(request, exc.detail)
        else:
            studies = list(complaint.studies.exclude(status=StudyStatus.CLOSED))
            text = f"已认定：{complaint.department.name}"
            if studies:
                text += "；已纳入专题研究：" + "、".join(s.title for s in studies)
            messages.success(request, text)
            return redirect("evaluations_complaints:index")
    return render(
        request,
        "evaluations/complaints/name.html",
        {
            "d": demand,
            "existing": existing,
            "errors": errors,
            "values": values,
            "departments": Department.objects.filter(is_active=True).order_by("code"),
            "staff": User.objects.filter(is_active=True)
            .exclude(role__in=["", Role.ENTERPRISE])
            .select_related("department")
            .order_by("department__code", "username"),
        },
        status=422 if errors else 200,
    )


@page("complaint.view")
def study_detail(request: AuthedRequest, study_id: int) -> HttpResponse:
    study = access_study_for(request.user, study_id)
    steps = TimelineEvent.objects.filter(subject_type=STUDY_WORKFLOW.subject, subject_id=study.pk).order_by("at", "id")
    return render(
        request,
        "evaluations/complaints/study.html",
        {
            "s": study,
            "complaints": study.complaints.select_related("demand", "department", "staff").order_by("received_at"),
            "steps": [
                {"at": e.at, "label": STUDY_WORKFLOW.label(e.action), "actor": e.actor_label, "note": e.note}
                for e in steps
            ],
            "may": {a: STUDY_WORKFLOW.may(request.user, study, a) for a in ("analyse", "plan", "check_effective")},
            "errors": {},
            "today": timezone.localdate().isoformat(),
        },
    )


@require_POST
@page("complaint.view")
def study_action(request: AuthedRequest, study_id: int, action: str) -> HttpResponse:
    study = access_study_for(request.user, study_id)
    try:
        if action == "analyse":
            a = parse(StudyAnalyseIn, request.POST)
            complaint_services.study_analyse(actor=request.user, study_id=study.pk, cause=a.cause)
        elif action == "plan":
            p = parse(StudyPlanIn, request.POST)
            complaint_services.study_plan(
                actor=request.user, study_id=study.pk, measures=p.measures, check_on=p.check_on
            )
        elif action == "check":
            c = parse(StudyCheckIn, {**request.POST.dict(), "effective": request.POST.get("effective", "")})
            complaint_services.study_check(
                actor=request.user, study_id=study.pk, effect=c.effect, effective=c.effective
            )
        else:
            raise NotFound()
    except ValidationFailed as exc:
        study.refresh_from_db()
        steps = TimelineEvent.objects.filter(subject_type=STUDY_WORKFLOW.subject, subject_id=study.pk).order_by("at")
        return render(
            request,
            "evaluations/complaints/study.html",
            {
                "s": study,
                "complaints": study.complaints.select_related("demand", "department", "staff"),
                "steps": [
                    {"at": e.at, "label": STUDY_WORKFLOW.label(e.action), "actor": e.actor_label, "note": e.note}
                    for e in steps
                ],
                "may": {a: STUDY_WORKFLOW.may(request.user, study, a) for a in ("analyse", "plan", "check_effective")},
                "errors": errors_by_field(exc),
                "values": request.POST,
                "today": timezone.localdate().isoformat(),
            },
            status=422,
        )
    except DomainError as exc:
        if exc.status == 404:
            raise
        messages.error(request, exc.detail)
    else:
        messages.success(request, "已保存")
    return redirect("evaluations_complaints:study", study_id=study.pk)


def _analysis(request: AuthedRequest) -> Any:
    try:
        month = _month(request.GET.get("month", ""))
    except ValidationFailed as exc:
        messages.error(request, exc.detail)
        month = timezone.localdate().replace(day=1)
    return complaint_selectors.monthly_analysis(request.user, month)


@page("complaint.view")
def analysis(request: AuthedRequest) -> HttpResponse:
    found = _analysis(request)
    return render(request, "evaluations/complaints/analysis.html", {"a": found, "month": f"{found.month:%Y-%m}"})


@page("complaint.view")
def analysis_export(request: AuthedRequest) -> HttpResponse:
    found = _analysis(request)
    content = table_xlsx(
        f"{found.month:%Y年%m月}共性问题",
        ["台账", "类别", "共性问题", "件数", "诉求编号", "被投诉单位（次数）"],
        complaint_selectors.analysis_rows(found),
    )
    return xlsx_download(content, f"投诉台账共性问题分析-{found.month:%Y%m}", dated=False)


# ------------------------------------------------------------------ officers' evaluation


def _period(request: AuthedRequest) -> tuple[dt.date, dt.date]:
    try:
        return period(request.GET.get("from", ""), request.GET.get("to", ""))
    except ValidationFailed as exc:
        messages.error(request, exc.detail)
        return officer_selectors.period_default(timezone.localdate())


@page("officer_eval.view")
def officer_index(request: AuthedRequest) -> HttpResponse:
    start, end = _period(request)
    user = request.user
    cards = [officer_selectors.officer_evaluation(o, start, end) for o in officers_for(user).order_by("username")[:100]]
    departments = officer_selectors.departments_for(user).order_by("code")
    return render(
        request,
        "evaluations/complaints/officers.html",
        {
            "cards": cards,
            "keys": [
                "visits",
                "demands_on_time",
                "satisfaction_rate",
                "plans_completed",
                "survey_score",
                "third_party",
                "complaints",
            ],
            "departments": departments,
            "windows": officer_selectors.windows_for(user).exists(),
            "surveys": list(
                surveys_for(user).select_related("officer").prefetch_related("responses").order_by("-pk")[:30]
            ),
            "results": list(
                ThirdPartyResult.objects.filter(officer__in=officers_for(user))
                .select_related("officer")
                .order_by("-pk")[:30]
            ),
            "may_manage": can(user, "officer_eval.manage"),
            "start": start,
            "end": end,
        },
    )


def _card_page(request: AuthedRequest, cards: list[officer_selectors.EvaluationCard], title: str) -> HttpResponse:
    start, end = _period(request)
    return render(
        request,
        "evaluations/complaints/evaluation_card.html",
        {"cards": cards, "title": title, "start": start, "end": end},
    )


@page("officer_eval.view")
def officer_card(request: AuthedRequest, officer_id: int) -> HttpResponse:
    officer = access_officer_for(request.user, officer_id)
    start, end = _period(request)
    card = officer_selectors.officer_evaluation(officer, start, end)
    return _card_page(request, [card], f"助企干部评价表 · {card.name}")


@page("officer_eval.view")
def department_card(request: AuthedRequest, department_id: int) -> HttpResponse:
    department = officer_selectors.departments_for(request.user).filter(pk=department_id).first()
    if department is None:
        raise NotFound()
    start, end = _period(request)
    return _card_page(
        request, [officer_selectors.department_evaluation(department, start, end)], f"部门评价表 · {department.name}"
    )


@page("officer_eval.view")
def window_cards(request: AuthedRequest) -> HttpResponse:
    start, end = _period(request)
    windows = officer_selectors.windows_for(request.user).order_by("username")[:100]
    return _card_page(request, [officer_selectors.window_evaluation(w, start, end) for w in windows], "窗口评价表")


@page("officer_eval.manage")
def survey_new(request: AuthedRequest) -> HttpResponse:
    errors: dict[str, str] = {}
    start, end = officer_selectors.period_default(timezone.localdate())
    values: Any = {
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "closes_on": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
        "officer_id": request.GET.get("officer_id", ""),
    }
    if request.method == "POST":
        values = request.POST
        try:
            survey = officer_services.survey_send(actor=request.user, payload=parse(SurveyIn, request.POST))
        except ValidationFailed as exc:
            errors = errors_by_field(exc)
        except Conflict as exc:
            errors = errors_by_field(exc) or {"officer_id": exc.detail}
        else:
            messages.success(request, f"问卷已发往 {survey.responses.count()} 家包联企业")
            return redirect("evaluations_complaints:survey", survey_id=survey.pk)
    return render(
        request,
        "evaluations/complaints/survey_form.html",
        {"errors": errors, "values": values, "officers": officers_for(request.user).order_by("username")},
        status=422 if errors else 200,
    )


@page("officer_eval.view")
def survey_detail(request: AuthedRequest, survey_id: int) -> HttpResponse:
    survey = surveys_for(request.user).select_related("officer").filter(pk=survey_id).first()
    if survey is None:
        raise NotFound()
    sheets = survey.responses.select_related("enterprise").order_by("pk")
    return render(
        request,
        "evaluations/complaints/survey.html",
        {
            "survey": survey,
            "sheets": [{"s": s, "link": officer_services.survey_link(s)} for s in sheets],
            "show_links": can(request.user, "officer_eval.manage"),
            "questions": QUESTIONS,
        },
    )


@page("officer_eval.manage")
def third_party(request: AuthedRequest) -> HttpResponse:
    errors: list[str] = []
    if request.method == "POST":
        files = uploaded(request, "file")
        try:
            if not files:
                raise ValidationFailed.field("file", "请选择要导入的 .xlsx 文件")
            created = officer_services.third_party_import(actor=request.user, name=files[0][0], content=files[0][1])
        except ValidationFailed as exc:
            errors = [e.message for e in exc.errors] or [exc.detail]
        else:
            messages.success(request, f"已导入第三方评价结果 {len(created)} 条")
            return redirect("evaluations_complaints:officers")
    return render(request, "evaluations/complaints/third_party.html", {"errors": errors}, status=422 if errors else 200)


@page("officer_eval.manage")
def third_party_template(request: AuthedRequest) -> HttpResponse:
    return xlsx_download(officer_services.template_bytes(), "第三方评价结果导入模板", dated=False)


# ------------------------------------------------------------------ the enterprise's answers


@page("survey.answer")
def my_surveys(request: AuthedRequest) -> HttpResponse:
    sheets = answer_sheets_for(request.user).select_related("survey__officer").order_by("-pk")[:50]
    return render(request, "evaluations/complaints/my_surveys.html", {"sheets": sheets})


def _answer_page(
    request: HttpRequest, sheet: SurveyResponse, *, errors: dict[str, str], template_extra: dict[str, Any]
) -> HttpResponse:
    return render(
        request,
        "evaluations/complaints/answer.html",
        {
            "sheet": sheet,
            "survey": sheet.survey,
            "questions": [
                {
                    "field": f,
                    "text": text,
                    "value": request.POST.get(f, "") if request.method == "POST" else "",
                    "error": errors.get(f, ""),
                }
                for f, clause, text in QUESTIONS
            ],
            "scores": sorted(SCORE_LABELS.items(), reverse=True),
            "errors": errors,
            "comment": request.POST.get("comment", "") if request.method == "POST" else "",
            "closed": sheet.survey.closes_on < timezone.localdate(),
            **template_extra,
        },
        status=422 if errors else 200,
    )


@page("survey.answer")
def answer(request: AuthedRequest, response_id: int) -> HttpResponse:
    sheet = access_answer_sheet_for(request.user, response_id)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            officer_services.survey_answer(
                actor=request.user, response_id=sheet.pk, payload=parse(SurveyAnswerIn, request.POST)
            )
        except ValidationFailed as exc:
            errors = errors_by_field(exc)
        except Conflict as exc:
            messages.error(request, exc.detail)
            return redirect("evaluations_complaints:my_surveys")
        else:
            messages.success(request, "感谢您的评价")
            return redirect("evaluations_complaints:my_surveys")
    return _answer_page(request, sheet, errors=errors, template_extra={"public": False})


def answer_by_link(request: HttpRequest, token: str) -> HttpResponse:
    """The questionnaire without logging in, through the link the centre sent (SMS, WeChat)."""
    try:
        sheet = officer_services.sheet_by_token(token)
    except NotFound:
        return render(request, "evaluations/complaints/answer.html", {"invalid": True, "public": True}, status=404)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            sheet = officer_services.survey_answer_by_link(token=token, payload=parse(SurveyAnswerIn, request.POST))
        except ValidationFailed as exc:
            errors = errors_by_field(exc)
        except Conflict as exc:
            return _answer_page(request, sheet, errors={}, template_extra={"public": True, "refused": exc.detail})
        else:
            return _answer_page(request, sheet, errors={}, template_extra={"public": True, "thanks": True})
    return _answer_page(request, sheet, errors=errors, template_extra={"public": True})
