"""The ratings' figures on the monthly department assessment (core.assessment, hooks.ASSESSMENT_MEASURE)."""

from __future__ import annotations

import datetime as dt

from qifu.core.assessment import Fraction, Measure
from qifu.evaluations.selectors import rating_summary


def _summary(department_id: int, start: dt.date, end: dt.date) -> dict[str, object]:
    # The measure's period is [start, end); the summary's days are both included.
    return rating_summary(start=start, end=end - dt.timedelta(days=1), department_id=department_id)


def satisfaction(department_id: int, start: dt.date, end: dt.date) -> Fraction:
    s = _summary(department_id, start, end)
    by_level: dict[str, int] = s["by_level"]  # type: ignore[assignment]
    return Fraction(by_level["3"] + by_level["4"] + by_level["5"], int(s["count"]))  # type: ignore[call-overload]


def rectified_on_time(department_id: int, start: dt.date, end: dt.date) -> Fraction:
    from qifu.evaluations.selectors import rectification_counts

    counts = rectification_counts(start=start, end=end - dt.timedelta(days=1), department_id=department_id)
    return Fraction(counts["on_time"], counts["bad"])


MEASURES = (
    Measure(code="rating_satisfaction", label="好差评满意率", weight=10.0, compute=satisfaction),
    Measure(code="rectified_on_time", label="差评按期整改率", weight=5.0, compute=rectified_on_time),
)
