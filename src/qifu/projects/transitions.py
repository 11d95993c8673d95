"""A milestone's workflow on the core mechanism: planned -done-> done. While planned its deadline (the end of its
planned day) runs; the system's one reminder to the specialist once it has passed is a side action."""

from __future__ import annotations

from typing import Any

from qifu.core.workflow import Workflow
from qifu.projects.choices import MilestoneStatus as S
from qifu.projects.models import Milestone
from qifu.projects.permissions import may_update

ACTION_LABELS = {
    "create": "新增节点",
    "done": "完成节点",
    "remind": "节点滞后提醒",
}


def _updater(user: Any, milestone: Milestone) -> bool:
    return may_update(user, milestone.project)


def _system_only(user: Any, milestone: Milestone) -> bool:
    return False


WORKFLOW: Workflow[Milestone] = Workflow(
    subject="project_milestone",
    noun="项目节点",
    model=Milestone,
    transitions={(S.PLANNED, "done"): S.DONE},
    side_actions={"remind": (S.PLANNED,)},
    who={"done": _updater, "remind": _system_only},
    labels=ACTION_LABELS,
    heading=lambda m: f"{m.project.name}·{m.name}",
    link=lambda m: f"/projects/{m.project_id}/",
    timed=(S.PLANNED,),
)
