"""The workbench's to-dos of complaints and officers' evaluation: complaints whose unit is not yet named, special
studies waiting for the user's step, and an enterprise's unanswered questionnaires."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone

from qifu.core.access import can
from qifu.core.ui import Todo, todo_provider
from qifu.evaluations.complaint_choices import StudyStatus
from qifu.evaluations.complaint_permissions import may_run_study, studies_for
from qifu.evaluations.complaint_selectors import unnamed_complaints_for
from qifu.evaluations.officer_permissions import answer_sheets_for


@todo_provider("投诉分析")
def complaint_todos(user: Any) -> list[Todo]:
    todos: list[Todo] = []
    index = reverse("evaluations_complaints:index")
    if can(user, "complaint.manage"):
        n = unnamed_complaints_for(user).count()
        todos.append(
            Todo("待认定投诉对象", n, index + "#unnamed", "warning" if n else "primary", "写明被投诉的单位和工作人员")
        )
    waiting = [s for s in studies_for(user).exclude(status=StudyStatus.CLOSED)[:200] if may_run_study(user, s)]
    if waiting:
        todos.append(
            Todo("进行中的专题研究", len(waiting), index + "#studies", "warning", "分析原因、制定措施、检查效果")
        )
    return todos


@todo_provider("服务评价")
def survey_todos(user: Any) -> list[Todo]:
    if not can(user, "survey.answer"):
        return []
    n = answer_sheets_for(user).filter(answered_at__isnull=True, survey__closes_on__gte=timezone.localdate()).count()
    if not n:
        return []
    return [Todo("待填写的助企干部评价问卷", n, reverse("evaluations_complaints:my_surveys"), "warning")]
