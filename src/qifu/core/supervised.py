"""What supervision (督查督办) watches, declared by the app that owns each kind of case.

Every app whose cases run against a deadline registers one `LateSource` per kind (or per watched step of a kind)
under `hooks.LATE_SOURCE` (in its AppConfig.ready()); the supervision app reads them all for its one view of
warnings and overdues, its reminders and supervision orders, and its 电子监察 cards. The case's workflow says which
statuses are timed; the source's `late_q` reads the indexed deadline columns, so the view never scans every case.

    hooks.register(hooks.LATE_SOURCE, LateSource(kind="demand", label="诉求", workflow=WORKFLOW,
                                                 visible=selectors.demands_visible_to))

The reminder at warning and the supervision order at overdue land on the case's own timeline as the steps
`late_remind` and `late_supervise` of its workflow (labelled for every workflow by `core.workflow`), unless the
owning app gives `on_warning` / `on_overdue` to take its own steps (a demand's 催办 and 督办 records).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from qifu.core import hooks
from qifu.core.audit import register_action_labels
from qifu.core.choices import Light
from qifu.core.workflow import LATE_LABELS, Workflow

REMIND = "late_remind"
SUPERVISE = "late_supervise"


@dataclass(frozen=True)
class LateSource:
    """One kind of timed case, or one watched step of it. `kind` is its name in `/api/v1/supervision/overdue`
    ("demand", "application", "policy_claim", "rectification", "reform_task", "project_milestone", "plan_task"),
    `label` its Chinese noun. `visible(user)` is the queryset of cases this user may see (scoped as the app's own
    lists are). The other fields name the case's columns: its number, its title and the department answerable
    for it (the unit that is reminded, supervised and carded); a column may follow a relation
    ("project__department_id"); `number` may be "" for a kind without numbers.

    A kind with several watched steps (an application: handover, decision, delivery) registers one source per
    step, each with its `step` name and label, the `statuses` in which that step's clock runs (default: the
    workflow's timed statuses) and its own `due` / `warning` columns ("" when the step has no warning time)."""

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
    warning: str = "warning_at"
    step: str = ""
    step_label: str = ""
    statuses: tuple[str, ...] = ()
    on_warning: Callable[[Any], None] | None = None
    """The owner's own reminder step (called inside the watcher's transaction; may raise core.errors.Conflict
    when the case has just moved); None: the generic `late_remind` step on the case's timeline."""
    on_overdue: Callable[[Any], None] | None = None
    """The owner's own supervision step at overdue; None: the generic `late_supervise` step."""

    def __post_init__(self) -> None:
        register_action_labels(
            {
                f"{self.workflow.subject}.{action}": f"{self.workflow.noun} {text}"
                for action, text in LATE_LABELS.items()
            }
        )

    @property
    def key(self) -> str:
        """The source's name among all sources: the kind, and the step when it has one ("application:handover")."""
        return f"{self.kind}:{self.step}" if self.step else self.kind

    @property
    def name(self) -> str:
        """Its Chinese name in the view: "办件（审批决定）"."""
        return f"{self.label}（{self.step_label}）" if self.step_label else self.label

    @property
    def running(self) -> tuple[str, ...]:
        return self.statuses or self.workflow.timed

    @property
    def model(self) -> Any:
        return self.workflow.model

    def running_q(self) -> Q:
        """The statuses in which this source's clock runs, written as the partial deadline indexes are declared
        (the workflow's timed statuses: `status = x` for one, `status IN (…)` for several), so that SQLite can
        use them; a step's own statuses narrow it."""
        timed = self.workflow.timed
        running = Q(status=timed[0]) if len(timed) == 1 else Q(status__in=timed)
        if self.statuses and set(self.statuses) != set(timed):
            running &= Q(status=self.statuses[0]) if len(self.statuses) == 1 else Q(status__in=self.statuses)
        return running

    def late_q(self, now: dt.datetime, light: str = "") -> Q:
        """Cases at `warning`, at `overdue`, or (light "") at either, over the indexed deadline columns."""
        running = self.running_q()
        overdue = Q(**{f"{self.due}__lt": now})
        warning = Q(**{f"{self.warning}__lte": now, f"{self.due}__gte": now}) if self.warning else Q(pk__in=[])
        if light == Light.OVERDUE:
            return running & overdue
        if light == Light.WARNING:
            return running & warning
        if self.warning:
            # warning_at <= due_at, so "warning or overdue" is one range on the warning column's index
            return running & Q(**{f"{self.warning}__lte": now})
        return running & overdue

    def light(self, due_at: dt.datetime | None, warning_at: dt.datetime | None, now: dt.datetime) -> str | None:
        if due_at is None:
            return None
        if now > due_at:
            return Light.OVERDUE
        if warning_at is not None and now >= warning_at:
            return Light.WARNING
        return Light.NORMAL

    def value(self, case: Any, path: str) -> Any:
        """A column of a loaded case, following relations ("project__department_id")."""
        if not path:
            return None
        obj = case
        for part in path.split("__"):
            obj = getattr(obj, part, None)
            if obj is None:
                return None
        return obj


def late_sources() -> list[LateSource]:
    """Every registered source, in registration order."""
    return list(hooks.get_hooks(hooks.LATE_SOURCE))


def late_source(key: str) -> LateSource | None:
    return next((s for s in late_sources() if s.key == key), None)
