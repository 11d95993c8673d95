"""A reform task's workflow on the core mechanism: open -complete-> done, when a lead unit reports 100% on a dated
task. Reporting progress is a side action (it records the report without moving the task); so is the system's
reminder (supervision's watcher sends it through LateSource "reform_task")."""

from __future__ import annotations

from typing import Any

from qifu.core.workflow import Workflow
from qifu.supervision.models import ReformTask
from qifu.supervision.models import ReformTaskStatus as S
from qifu.supervision.reform_selectors import may_report

ACTION_LABELS = {
    "create": "登记任务",
    "report": "报送进展",
    "complete": "任务完成",
    "attach": "上传进展附件",
    "remind": "到期提醒",
    "supervise": "督办",
}


def _reporter(user: Any, task: ReformTask) -> bool:
    return may_report(user, task)


def _system_only(user: Any, task: ReformTask) -> bool:
    return False


WORKFLOW: Workflow[ReformTask] = Workflow(
    subject="reform_task",
    noun="改革任务",
    model=ReformTask,
    transitions={(S.OPEN, "complete"): S.DONE},
    side_actions={"report": (S.OPEN,), "remind": (S.OPEN,), "supervise": (S.OPEN,)},
    who={"complete": _reporter, "report": _reporter, "remind": _system_only, "supervise": _system_only},
    labels=ACTION_LABELS,
    heading=lambda t: f"改革任务{t.number}·{t.title}",
    link=lambda t: f"/supervision/reform/{t.pk}/",
    timed=(S.OPEN,),
)
