"""Officers' evaluation figures (003 §7.1): the self-evaluation drawn from an officer's own records, the
questionnaire's averages, the third party's results, and the evaluation cards of an officer, a department and a hall
window. Every figure says how it is made (`Figure.how`), so a evaluation card can be checked against its sources."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, F, Q, QuerySet

from qifu.accounts.models import User
from qifu.core.access import SEE_ALL, role_of
from qifu.core.choices import Role
from qifu.core.workcalendar import SHANGHAI
from qifu.demands.models import Demand
from qifu.evaluations.complaint_choices import QUESTION_FIELDS, QUESTIONS
from qifu.evaluations.models import Complaint, SpecialStudy, SurveyResponse, ThirdPartyResult
from qifu.evaluations.selectors import rating_summary
from qifu.lifecycle.choices import TaskStatus
from qifu.lifecycle.models import PlanTask, Visit
from qifu.orgs.models import Department


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: float | int | None
    display: str
    how: str


@dataclass(frozen=True)
class EvaluationCard:
    kind: str  # officer | department | window
    id: int
    name: str
    start: dt.date
    end: dt.date
    figures: list[Figure]

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return (
        dt.datetime.combine(start, dt.time(0, 0), tzinfo=SHANGHAI),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(0, 0), tzinfo=SHANGHAI),
    )


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _rate(n: int, d: int) -> float | None:
    return round(n / d, 4) if d else None


def _name(user: User) -> str:
    return user.display_name or user.username


def _visits(officers: QuerySet[User], start: dt.date, end: dt.date) -> Figure:
    n = Visit.objects.filter(visitor__in=officers, visited_on__gte=start, visited_on__lte=end).count()
    return Figure("visits", "走访次数", n, f"{n}次", "本期间本人（本单位干部）记录的走访，按走访日期计")


def _demands_on_time(officers: QuerySet[User], start: dt.date, end: dt.date) -> Figure:
    lo, hi = _bounds(start, end)
    qs = (
        Demand.objects.filter(Q(visits__visitor__in=officers) | Q(handler__in=officers))
        .filter(due_at__isnull=False, replied_at__gte=lo, replied_at__lt=hi)
        .distinct()
    )
    total = qs.count()
    on_time = qs.filter(replied_at__lte=F("due_at")).count()
    rate = _rate(on_time, total)
    return Figure(
        "demands_on_time",
        "诉求按时办结率",
        rate,
        f"{_pct(rate)}（{on_time}/{total}）",
        "本期间答复的、由本人走访提出或由本人承办的诉求中，在办结期限前答复的件数 ÷ 答复件数",
    )


def _ratings(start: dt.date, end: dt.date, **who: Any) -> list[Figure]:
    summary = rating_summary(start=start, end=end, **who)
    rate = summary["satisfaction_rate"]
    return [
        Figure(
            "satisfaction_rate",
            "好差评满意率",
            rate,
            f"{_pct(rate)}（{summary['count']}条评价）",
            "本期间企业对本人（本单位）服务的评价中，基本满意及以上的条数 ÷ 评价条数；申诉复核后剔除的不计",
        ),
        Figure(
            "bad_count",
            "差评数",
            summary["bad_count"],
            f"{summary['bad_count']}条",
            "本期间不满意、非常不满意的评价条数",
        ),
    ]


def _plans(officers: QuerySet[User], start: dt.date, end: dt.date) -> Figure:
    qs = PlanTask.objects.filter(plan__created_by__in=officers, due_on__gte=start, due_on__lte=end).exclude(
        status=TaskStatus.CANCELLED
    )
    total = qs.count()
    done = qs.filter(status=TaskStatus.DONE).count()
    rate = _rate(done, total)
    return Figure(
        "plans_completed",
        "服务方案任务完成率",
        rate,
        f"{_pct(rate)}（{done}/{total}）",
        "本人制定的服务方案中，完成期限在本期间的任务（随方案终止的不计）已完成的个数 ÷ 任务个数",
    )


def _survey(officers: QuerySet[User], start: dt.date, end: dt.date) -> list[Figure]:
    sheets = SurveyResponse.objects.filter(
        survey__officer__in=officers, survey__period_start__lte=end, survey__period_end__gte=start
    )
    sent = sheets.count()
    answered = sheets.filter(answered_at__isnull=False)
    averages = answered.aggregate(**{f: Avg(f) for f in QUESTION_FIELDS})
    n = answered.count()
    values = [float(v) for v in averages.values() if v is not None]
    overall = round(sum(values) / len(values) * 20, 1) if values else None
    figures = [
        Figure(
            "survey_score",
            "企业问卷得分",
            overall,
            "—" if overall is None else f"{overall}分（{n}/{sent}家企业作答）",
            "包联企业对8个问题（DB4106/T 98—2023 第7.1.2条 a)–e)）按5分制作答，各题平均分的平均 × 20 折成百分制",
        )
    ]
    for field, clause, text in QUESTIONS:
        avg = averages[field]
        figures.append(
            Figure(
                f"survey_{field}",
                f"问卷 {clause}) {text}",
                None if avg is None else round(float(avg), 2),
                "—" if avg is None else f"{float(avg):.2f}/5",
                f"作答企业对“{text}”的平均分",
            )
        )
    return figures


def _third_party(officers: QuerySet[User], start: dt.date, end: dt.date) -> Figure:
    qs = ThirdPartyResult.objects.filter(officer__in=officers, period_start__lte=end, period_end__gte=start)
    found = qs.aggregate(avg=Avg("overall"), n=Count("id"))
    avg = found["avg"]
    value = None if avg is None else round(float(Decimal(avg)), 1)
    return Figure(
        "third_party",
        "第三方评价得分",
        value,
        "—" if value is None else f"{value}分（{found['n']}份结果）",
        "评价期间与本期间重叠的第三方评价结果（导入）的综合得分平均",
    )


def _complaints(start: dt.date, end: dt.date, **match: Any) -> Figure:
    lo, hi = _bounds(start, end)
    n = Complaint.objects.filter(received_at__gte=lo, received_at__lt=hi, **match).count()
    return Figure(
        "complaints", "被投诉次数", n, f"{n}次", "本期间认定为投诉对象的次数（办不成事、诚信建设投诉台账及投诉类诉求）"
    )


def officer_evaluation(officer: User, start: dt.date, end: dt.date) -> EvaluationCard:
    """One officer: the self-evaluation (visits, demands on time, ratings, plans), the enterprises' questionnaire,
    the third party's results and the complaints about the officer."""
    me = User.objects.filter(pk=officer.pk)
    figures = [
        _visits(me, start, end),
        _demands_on_time(me, start, end),
        *_ratings(start, end, staff_id=officer.pk),
        _plans(me, start, end),
        *_survey(me, start, end),
        _third_party(me, start, end),
        _complaints(start, end, staff=officer),
    ]
    return EvaluationCard("officer", officer.pk, _name(officer), start, end, figures)


def department_evaluation(department: Department, start: dt.date, end: dt.date) -> EvaluationCard:
    """A department: its officers' figures together, the ratings of its services, the complaints about it and
    the special studies they opened."""
    officers = User.objects.filter(department=department, role=Role.SERVICE_OFFICER)
    lo, hi = _bounds(start, end)
    studies = SpecialStudy.objects.filter(department=department, opened_at__gte=lo, opened_at__lt=hi).count()
    figures = [
        _visits(officers, start, end),
        _demands_on_time(officers, start, end),
        *_ratings(start, end, department_id=department.pk),
        _plans(officers, start, end),
        *_survey(officers, start, end)[:1],
        _third_party(officers, start, end),
        _complaints(start, end, department=department),
        Figure("studies", "启动专题研究", studies, f"{studies}项", "本期间因本单位被重复投诉或重大投诉启动的专题研究"),
    ]
    return EvaluationCard("department", department.pk, department.name, start, end, figures)


def window_evaluation(staff: User, start: dt.date, end: dt.date) -> EvaluationCard:
    """A hall window (its window staff member): what it took in, how it was rated, and complaints about it."""
    lo, hi = _bounds(start, end)
    taken = Demand.objects.filter(first_responder=staff, created_at__gte=lo, created_at__lt=hi).count()
    figures = [
        Figure("demands_taken", "窗口受理诉求", taken, f"{taken}件", "本期间由该窗口登记（首问负责）的诉求件数"),
        *_ratings(start, end, staff_id=staff.pk),
        _complaints(start, end, staff=staff),
    ]
    return EvaluationCard("window", staff.pk, _name(staff), start, end, figures)


def windows_for(user: Any) -> QuerySet[User]:
    """The hall windows whose evaluation cards the user may read: the centre and supervisors all of them."""
    if role_of(user) not in SEE_ALL:
        return User.objects.none()
    return User.objects.filter(role=Role.WINDOW_STAFF, is_active=True)


def departments_for(user: Any) -> QuerySet[Department]:
    """The departments whose evaluation cards the user may read: the centre and supervisors all, a head its own."""
    role = role_of(user)
    if role in SEE_ALL:
        return Department.objects.all()
    if role == Role.DEPARTMENT_HEAD and user.department_id is not None:
        return Department.objects.filter(pk=user.department_id)
    return Department.objects.none()


def period_default(today: dt.date) -> tuple[dt.date, dt.date]:
    """This year so far."""
    return dt.date(today.year, 1, 1), today
