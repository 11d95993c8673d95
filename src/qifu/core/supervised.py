"""What supervision (督查督办) watches, declared by the app that owns each kind of case.

Every app whose cases run against a deadline registers one `LateSource` per kind under `hooks.LATE_SOURCE`
(in its AppConfig.ready()); the supervision app reads them all for its one view of warnings and overdues, its
reminders and supervision orders, and its 电子监察 cards. The case's workflow says which statuses are timed and
gives `light_q` over the indexed `due_at` / `warning_at` columns, so the view never scans every case.

    hooks.register(hooks.LATE_SOURCE, LateSource(kind="demand", label="诉求", workflow=WORKFLOW,
                                                 visible=selectors.demands_visible_to))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from qifu.core.workflow import Workflow


@dataclass(frozen=True)
class LateSource:
    """One kind of timed case. `kind` is its name in `/api/v1/supervision/overdue` ("demand", "application",
    "policy_claim", "rectification", "reform_task", "project_milestone", "plan_task"), `label` its Chinese noun.
    `visible(user)` is the queryset of cases this user may see (scoped as the app's own lists are). The other
    fields name the case's columns: its number, its title and the department answerable for it (the unit that
    is reminded, supervised and carded); `department` may follow a relation ("project__department_id")."""

    kind: str
    label: str
    workflow: Workflow[Any]
    visible: Callable[[Any], QuerySet[Any]]
    number: str = "number"
    title: str = "title"
    department: str = "department_id"
    due: str = "due_at"
    person: str = ""
    """The staff member answerable (the handler), for 电子监察 cards counted per person; "" when none."""
