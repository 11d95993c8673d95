"""Input and output of officers' evaluation: questionnaires, answers, a third party's results and evaluation cards."""

from __future__ import annotations

import datetime as dt

from ninja import Schema
from pydantic import Field

from qifu.core.schema_types import Day, Id, WriteIn, text_field

Score = Field(ge=1, le=5)


class SurveyIn(WriteIn):
    officer_id: Id = Field(title="助企干部")
    period_start: Day = Field(title="评价期间起")
    period_end: Day = Field(title="评价期间止")
    closes_on: Day = Field(title="截止日期")
    note: str = text_field("说明", 500, required=False)


class SurveyAnswerIn(WriteIn):
    """003 §7.1.2 a)–e), each 5 很好 … 1 很差."""

    ability: int = Field(title="业务能力", ge=1, le=5)
    attitude: int = Field(title="服务态度", ge=1, le=5)
    efficiency: int = Field(title="服务效率", ge=1, le=5)
    satisfaction: int = Field(title="总体满意度", ge=1, le=5)
    plan: int = Field(title="服务方案的合理性、完整性", ge=1, le=5)
    process: int = Field(title="服务过程的规范性", ge=1, le=5)
    on_time: int = Field(title="服务事项的按时办结情况", ge=1, le=5)
    complaint_handling: int = Field(title="投诉、意见建议处理的及时性", ge=1, le=5)
    comment: str = text_field("意见建议", 2000, required=False)


class SurveyQuestionOut(Schema):
    field: str
    clause: str
    text: str


class AnswerSheetOut(Schema):
    id: int
    survey_id: int
    officer_name: str
    period_start: dt.date
    period_end: dt.date
    closes_on: dt.date
    enterprise_id: int
    answered: bool
    answered_at: dt.datetime | None
    questions: list[SurveyQuestionOut]
    answers: dict[str, int | None]
    comment: str


class AnswerSheetPage(Schema):
    items: list[AnswerSheetOut]
    next_cursor: str | None


class SurveyOut(Schema):
    id: int
    officer_id: int
    officer_name: str
    period_start: dt.date
    period_end: dt.date
    closes_on: dt.date
    note: str
    sent: int
    answered: int
    averages: dict[str, float | None]


class SurveyPage(Schema):
    items: list[SurveyOut]
    next_cursor: str | None


class ThirdPartyImportOut(Schema):
    imported: int


class ThirdPartyOut(Schema):
    id: int
    officer_id: int
    officer_name: str
    agency: str
    period_start: dt.date
    period_end: dt.date
    score_a: float
    score_b: float
    score_c: float
    score_d: float
    score_e: float
    overall: float


class ThirdPartyPage(Schema):
    items: list[ThirdPartyOut]
    next_cursor: str | None


class EvaluationFigureOut(Schema):
    key: str
    label: str
    value: float | int | None
    display: str
    how: str


class EvaluationCardOut(Schema):
    kind: str
    id: int
    name: str
    period_start: dt.date
    period_end: dt.date
    figures: list[EvaluationFigureOut]


class EvaluationCardPage(Schema):
    items: list[EvaluationCardOut]
    next_cursor: str | None
