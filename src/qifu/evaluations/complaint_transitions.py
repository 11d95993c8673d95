"""The special study's workflow, on the core mechanism (003 §7.2.5: 组织专题研究，制定整改措施，及时跟踪检查效果).

open -analyse (cause)-> analysed -plan (measures, check date)-> measures -check_effective-> closed;
measures -check_ineffective-> analysed (the measures did not work: new ones are needed). A complaint joining an
open study is recorded without moving it (`add_complaint`).
"""

from __future__ import annotations

from typing import Any

from qifu.core.workflow import Workflow
from qifu.evaluations.complaint_choices import StudyStatus as S
from qifu.evaluations.complaint_permissions import may_check_study, may_run_study
from qifu.evaluations.models import SpecialStudy


def _nobody(user: Any, case: Any) -> bool:
    return False  # the system only (actor None)


STUDY_TRANSITIONS: dict[tuple[str, str], str] = {
    (S.OPEN, "analyse"): S.ANALYSED,
    (S.ANALYSED, "plan"): S.MEASURES,
    (S.MEASURES, "check_effective"): S.CLOSED,
    (S.MEASURES, "check_ineffective"): S.ANALYSED,
}

STUDY_WORKFLOW: Workflow[SpecialStudy] = Workflow(
    subject="special_study",
    noun="专题研究",
    model=SpecialStudy,
    transitions=STUDY_TRANSITIONS,
    side_actions={"add_complaint": (S.OPEN, S.ANALYSED, S.MEASURES)},
    who={
        "analyse": may_run_study,
        "plan": may_run_study,
        "check_effective": may_check_study,
        "check_ineffective": may_check_study,
        "add_complaint": _nobody,
    },
    labels={
        "open": "启动专题研究",
        "analyse": "分析原因",
        "plan": "制定整改措施",
        "check_effective": "检查效果（措施有效，办结）",
        "check_ineffective": "检查效果（效果不明显，重新制定措施）",
        "add_complaint": "新增同类投诉",
    },
    heading=lambda study: f"{study.number} {study.title}",
    link=lambda study: f"/evaluations/complaints/studies/{study.pk}/",
)
