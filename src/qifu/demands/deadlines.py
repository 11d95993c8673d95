"""How many working days a demand gets (seed 001): simple = the same working day, general 5-15, complex 30.

The arithmetic and the lights are core's (qifu.core.deadlines), the same for every kind of case.
"""

from __future__ import annotations

from qifu.core.errors import ValidationFailed
from qifu.demands.choices import Complexity

GENERAL_MIN, GENERAL_MAX, COMPLEX_DAYS = 5, 15, 30


def days_for(complexity: str, days: int | None, default: int) -> int:
    """The working days a dispatcher may grant for a complexity (ValidationFailed naming `days` otherwise)."""
    if complexity == Complexity.SIMPLE:
        return 0
    if complexity == Complexity.COMPLEX:
        if days not in (None, COMPLEX_DAYS):
            raise ValidationFailed.field("days", f"复杂类诉求办理时限为{COMPLEX_DAYS}个工作日")
        return COMPLEX_DAYS
    if complexity == Complexity.GENERAL:
        chosen = days if days is not None else min(max(default, GENERAL_MIN), GENERAL_MAX)
        if not GENERAL_MIN <= chosen <= GENERAL_MAX:
            raise ValidationFailed.field("days", f"一般类诉求办理时限应为{GENERAL_MIN}至{GENERAL_MAX}个工作日")
        return chosen
    raise ValidationFailed.field("complexity", "复杂程度应为简单类、一般类或复杂类")
