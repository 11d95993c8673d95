"""The rectification case's workflow (差评整改) on the core mechanism:

    open -callback-> called_back -rectify-> rectified -report-> closed
    called_back -appeal-> appealed -exclude-> excluded | -dismiss-> called_back

The unit calls the enterprise back to verify the bad review (回访核实), then either rectifies and reports the
result to the enterprise (which closes the case), or, having verified a mistaken or malicious rating, appeals;
the centre's review (申诉复核, API action `decide_appeal`) excludes the rating or dismisses the appeal. The
deadline runs while the case is open, called back or rectified."""

from __future__ import annotations

from typing import Any

from qifu.core.workflow import Workflow
from qifu.evaluations.choices import RectificationStatus as S
from qifu.evaluations.models import Rectification
from qifu.evaluations.permissions import may_decide, may_rectify

ACTION_LABELS = {
    "open": "差评立案",
    "callback": "回访核实",
    "rectify": "整改",
    "report": "反馈整改结果",
    "appeal": "申诉",
    "exclude": "复核剔除差评",
    "dismiss": "复核维持差评",
}

TRANSITIONS: dict[tuple[str, str], str] = {
    (S.OPEN, "callback"): S.CALLED_BACK,
    (S.CALLED_BACK, "rectify"): S.RECTIFIED,
    (S.RECTIFIED, "report"): S.CLOSED,
    (S.CALLED_BACK, "appeal"): S.APPEALED,
    (S.APPEALED, "exclude"): S.EXCLUDED,
    (S.APPEALED, "dismiss"): S.CALLED_BACK,
}

TIMED: tuple[str, ...] = (S.OPEN, S.CALLED_BACK, S.RECTIFIED)


def _nobody(user: Any, case: Rectification) -> bool:
    return False


WORKFLOW: Workflow[Rectification] = Workflow(
    subject="rectification",
    noun="差评整改",
    model=Rectification,
    transitions=TRANSITIONS,
    side_actions={"open": (S.OPEN,)},
    who={
        "open": _nobody,
        "callback": may_rectify,
        "rectify": may_rectify,
        "report": may_rectify,
        "appeal": may_rectify,
        "exclude": may_decide,
        "dismiss": may_decide,
    },
    labels=ACTION_LABELS,
    heading=lambda c: f"{c.number} {c.title}",
    link=lambda c: f"/evaluations/rectifications/{c.pk}/",
    timed=TIMED,
)
