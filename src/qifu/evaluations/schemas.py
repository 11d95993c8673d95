"""One schema per write of ratings and rectification (shared by the pages and the API), and the answers."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Schema
from pydantic import Field

from qifu.core.api_support import TimelineOut
from qifu.core.inputs import register_labels
from qifu.core.schema_types import Id, WriteIn, text_field
from qifu.evaluations.models import Rating, Rectification

SubjectTypeIn = Literal["demand", "application", "policy_claim", "appointment", "service_day_record"]


class RatingIn(WriteIn):
    subject_type: SubjectTypeIn = Field(title="评价对象")
    subject_id: Id = Field(title="对象编号")
    level: int = Field(title="评价等级", ge=1, le=5)
    reasons: list[Literal[
        "overall", "efficiency", "guide", "convenience", "platform", "service_efficiency", "service_level", "attitude"
    ]] = Field(default_factory=list, title="评价原因", max_length=8)  # fmt: skip
    comment: str = text_field("评价内容", 500, required=False)


class LinkRatingIn(WriteIn):
    """The one-click page's form (the link names the service)."""

    level: int = Field(title="评价等级", ge=1, le=5)
    reasons: list[str] = Field(default_factory=list, title="评价原因", max_length=8)
    comment: str = text_field("评价内容", 500, required=False)


class CallbackIn(WriteIn):
    note: str = text_field("回访核实情况", 1000)


class RectifyIn(WriteIn):
    measures: str = text_field("整改措施", 2000)


class ReportIn(WriteIn):
    result: str = text_field("整改结果", 2000)


class AppealIn(WriteIn):
    reason: str = text_field("申诉理由", 1000)


class DecideAppealIn(WriteIn):
    exclude: bool = Field(title="剔除该差评")
    note: str = text_field("复核意见", 1000, required=False)


register_labels({"level": "评价等级", "reasons": "评价原因", "subject_type": "评价对象", "subject_id": "对象编号"})


class ReasonOut(Schema):
    code: str
    label: str


class ReasonListOut(Schema):
    items: list[ReasonOut]


class RatingOut(Schema):
    id: int
    subject_type: str
    subject_id: int
    enterprise_id: int
    department_id: int | None
    staff_id: int | None
    level: int
    level_label: str
    reasons: list[str]
    comment: str
    channel: str
    created_at: dt.datetime
    excluded: bool
    rectification_id: int | None

    @staticmethod
    def of(r: Rating) -> RatingOut:
        case = Rectification.objects.filter(rating_id=r.pk).values_list("id", flat=True).first()
        return RatingOut(
            id=r.pk,
            subject_type=r.subject_type,
            subject_id=r.subject_id,
            enterprise_id=r.enterprise_id,
            department_id=r.department_id,
            staff_id=r.staff_id,
            level=r.level,
            level_label=r.get_level_display(),
            reasons=list(r.reasons),
            comment=r.comment,
            channel=r.channel,
            created_at=r.created_at,
            excluded=r.excluded,
            rectification_id=case,
        )


class SummaryOut(Schema):
    count: int
    by_level: dict[str, int]
    satisfaction_rate: float | None
    bad_count: int
    callback_rate: float | None
    rectification_rate: float | None
    rectified_on_time_rate: float | None
    excluded: int


class RectificationOut(Schema):
    id: int
    number: str
    rating_id: int
    department_id: int | None
    title: str
    status: str
    status_label: str
    level: int
    due_at: dt.datetime
    light: str | None
    callback_note: str
    measures: str
    result: str
    appeal_reason: str
    decision_note: str
    timeline: list[TimelineOut]

    @staticmethod
    def of(c: Rectification, timeline: Any, *, staff: bool, light: str | None) -> RectificationOut:
        return RectificationOut(
            id=c.pk,
            number=c.number,
            rating_id=c.rating_id,
            department_id=c.department_id,
            title=c.title,
            status=c.status,
            status_label=c.get_status_display(),
            level=c.rating.level,
            due_at=c.due_at,
            light=light,
            callback_note=c.callback_note if staff else "",
            measures=c.measures,
            result=c.result,
            appeal_reason=c.appeal_reason if staff else "",
            decision_note=c.decision_note if staff else "",
            timeline=TimelineOut.of(timeline, staff=staff),
        )


class RectificationPageOut(Schema):
    items: list[RectificationOut]
    next_cursor: str | None
