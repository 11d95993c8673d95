"""The app's models, one module per part: supervision orders and 电子监察 cards (watch.py); reform tasks,
department assessment and classes of problems (reform.py, assessment.py, classes.py)."""

from qifu.supervision.models.assessment import AssessmentWeight
from qifu.supervision.models.classes import MeasureKind, ProblemClass
from qifu.supervision.models.reform import (
    ReformAttachment,
    ReformProgress,
    ReformTask,
    ReformTaskStatus,
    ReportCycle,
)
from qifu.supervision.models.watch import Card, CardColor, SupervisionOrder

__all__ = [
    "AssessmentWeight",
    "Card",
    "CardColor",
    "MeasureKind",
    "ProblemClass",
    "ReformAttachment",
    "ReformProgress",
    "ReformTask",
    "ReformTaskStatus",
    "ReportCycle",
    "SupervisionOrder",
]
