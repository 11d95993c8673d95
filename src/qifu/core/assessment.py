"""The measures of the monthly department assessment (绩效考核), declared by the app that knows each figure.

Each app registers its `Measure`s under `hooks.ASSESSMENT_MEASURE` (in its AppConfig.ready()); the supervision
app's scorecard combines them with configurable weights. A measure answers a fraction for one department and
one period, so that the page can show the figures and a department can recompute its own score by hand:
score = Σ weight × numerator / denominator (a measure with denominator 0 is shown as "无数据" and scored as the
setting says).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Fraction:
    numerator: int
    denominator: int


@dataclass(frozen=True)
class Measure:
    """`code` is its stable name (the weight setting's key), `label` its Chinese name on the scorecard,
    `weight` its default weight, `higher_is_better` False for counts of bad things (supervision orders, cards)
    that lower a score. `compute(department_id, start, end)` answers the fraction for [start, end)."""

    code: str
    label: str
    weight: float
    compute: Callable[[int, dt.date, dt.date], Fraction]
    higher_is_better: bool = True
