"""The one case-workflow mechanism. Every case kind (demand, application, policy claim, and the kinds still to
come) declares a `Workflow`: its transition table, the actions that record without moving, who may take each
action, and how its cases are named. Services call `Workflow.act` and nothing else changes a case's status.

`act` checks the table (409 with a Chinese message) and the actor's right (403), moves the status with a
compare-and-set (`filter(pk=…, status=old).update(…)`, so two concurrent actions never both succeed), and writes
the timeline step, the audit row and the notifications in one transaction: the notification rows are the outbox,
visible when, and only if, the change commits (emails are sent from the outbox by the periodic task).

Every step carries two texts: `note` for staff (an instruction, an approval note: internal by default) and
`public`, the plain line the enterprise reads. A notification to an enterprise user carries the public line only,
whatever the Notice's body says, so that no staff note reaches the enterprise by a notification or an email.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from qifu.core import deadlines, hooks, tracking
from qifu.core.access import role_of
from qifu.core.audit import audit_record, register_action_labels
from qifu.core.choices import Role
from qifu.core.errors import Conflict, PermissionDenied
from qifu.core.services import notify, timeline_add

CaseT = TypeVar("CaseT", bound=models.Model)

LATE_LABELS = {"late_remind": "即将超期，系统催办", "late_supervise": "督办"}
"""Steps supervision takes on a case of any kind (core.supervised): labelled for every workflow."""
Check = Callable[[Any, Any], bool]
"""Who may act: (user, case) -> bool."""


def anyone_of(*checks: Check) -> Check:
    """A check that passes when one of `checks` does."""
    return lambda user, case: any(check(user, case) for check in checks)


@dataclass(frozen=True)
class Notice:
    """A notification that goes out with an action: to these people, with this title and body. Staff read
    `body`; an enterprise user among the recipients reads the step's public line instead."""

    recipients: Sequence[Any]
    title: str
    body: str = ""
    link: str = ""
    """The page it opens when not the case's own (the enterprise's one-time follow-up page, say)."""


@dataclass(frozen=True)
class Workflow(Generic[CaseT]):
    """One case kind's workflow. `transitions` maps (status, action) to the next status; `side_actions` maps an
    action that records without moving to the statuses it is allowed in; `who` says who may take each action.

    `subject` names the kind in timelines, audit rows and notifications ("demand"); `noun` in messages ("诉求").
    `heading(case)` is how a case is named in audit summaries and notifications (number and title), `link(case)`
    the page a notification opens. `timed` lists the statuses in which the case's deadline (`due_at`,
    `warning_at`) runs.
    """

    subject: str
    noun: str
    model: type[CaseT]
    transitions: Mapping[tuple[str, str], str]
    who: Mapping[str, Check]
    labels: Mapping[str, str]
    heading: Callable[[Any], str]
    link: Callable[[Any], str]
    side_actions: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    timed: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """The audit log names this kind's actions as "诉求 回访（满意，销号）"."""
        register_action_labels({f"{self.subject}.{a}": f"{self.noun} {label}" for a, label in self.labels.items()})

    # ------------------------------------------------------------ the table

    @property
    def actions(self) -> list[str]:
        return sorted({action for _, action in self.transitions} | set(self.side_actions))

    def allowed(self, status: str, action: str) -> bool:
        """Whether the table allows `action` in `status`, whoever asks."""
        if action in self.side_actions:
            return status in self.side_actions[action]
        return (status, action) in self.transitions

    def may(self, user: Any, case: Any, action: str) -> bool:
        """Whether this user may take `action` on this case now (state and role): what pages ask to show a button."""
        return self.allowed(case.status, action) and self.who[action](user, case)

    def check(self, case: Any, actor: Any, action: str) -> None:
        """409 when the state does not allow the action, 403 when the actor may not take it.

        An actor of None is the system acting by a rule (a deadline, a bundle's parent) or a caller whose
        authority was established otherwise (a one-time link); only the table is checked then.
        """
        if not self.allowed(case.status, action):
            status = case.get_status_display() if hasattr(case, "get_status_display") else case.status
            raise Conflict(f"{self.noun}当前状态为“{status}”，不能{self.label(action)}")
        if actor is not None and not self.who[action](actor, case):
            raise PermissionDenied()

    def label(self, action: str) -> str:
        return self.labels.get(action) or LATE_LABELS.get(action, action)

    # ------------------------------------------------------------ the move

    def act(
        self,
        case: CaseT,
        *,
        actor: Any,
        action: str,
        note: str = "",
        public: str = "",
        internal: bool = False,
        data: Mapping[str, Any] | None = None,
        notices: Iterable[Notice] = (),
        actor_label: str = "",
        updates: Mapping[str, Any] | None = None,
        when: Mapping[str, Any] | None = None,
        checked: bool = False,
    ) -> CaseT:
        """Take `action` on `case`: check it, compare-and-set the status (and `updates`), record and notify.

        A side action keeps the status but still compares it, so that it never lands on a case that has just
        moved. `when` adds conditions (field lookups) that must still hold for the move to happen: a flag the
        action sets once, so that two runs of a periodic check never both take it. `checked=True` skips the
        check when the caller has just made it inside the same transaction (to validate input before writing).
        Returns the case as stored after the action.
        """
        if not checked:
            self.check(case, actor, action)
        old = str(case.status)  # type: ignore[attr-defined]
        new = old if action in self.side_actions else self.transitions[(old, action)]
        values = dict(updates or {})
        if new != old:
            values["status"] = new
        if any(f.name == "updated_at" for f in self.model._meta.concrete_fields):
            values["updated_at"] = timezone.now()
        with transaction.atomic():
            changed = self.model._default_manager.filter(pk=case.pk, status=old, **(when or {})).update(**values)
            if not changed:
                raise Conflict(f"该{self.noun}刚被他人处理，请刷新后重试")
            case.refresh_from_db()
            self.record(
                case,
                actor=actor,
                action=action,
                note=note,
                public=public,
                internal=internal,
                data={"from": old, **(data or {})} if new != old else data,
                notices=notices,
                actor_label=actor_label,
            )
        return case

    def record(
        self,
        case: CaseT,
        *,
        actor: Any,
        action: str,
        note: str = "",
        public: str = "",
        internal: bool = False,
        data: Mapping[str, Any] | None = None,
        notices: Iterable[Notice] = (),
        actor_label: str = "",
    ) -> None:
        """The timeline step, the audit row and the notifications of one action, in the caller's transaction.

        Used by `act`, and directly for events that are not actions on the case's state (its creation, an
        attachment, a deadline moved by a calendar change). `note` is the staff's; `public` what the enterprise
        reads (in its timeline and its notifications); an `internal` step the enterprise does not see at all.
        A tracked kind's case gets its progress token with its first step.
        """
        payload = dict(data or {})
        # No savepoint: a failure here must undo the caller's whole change, never just these rows.
        with transaction.atomic(savepoint=False):
            if any(tracked is self for tracked in hooks.get_hooks(hooks.TRACKER)):
                tracking.ensure_token(self.subject, case.pk)
            timeline_add(
                subject_type=self.subject,
                subject_id=case.pk,
                actor=actor,
                action=action,
                note=note,
                public="" if internal else public,
                internal=internal,
                data=payload,
                actor_label=actor_label,
            )
            text = note or public
            summary = f"{self.heading(case)} {self.label(action)}" + (f"：{text}" if text else "")
            audit_record(
                actor=actor,
                action=f"{self.subject}.{action}",
                obj=case,
                summary=summary[:500],
                data={"status": str(case.status), **payload},  # type: ignore[attr-defined]
            )
            for notice in notices:
                people = [r for r in notice.recipients if r is not None]
                enterprise = [r for r in people if role_of(r) == Role.ENTERPRISE]
                staff = [r for r in people if role_of(r) != Role.ENTERPRISE]
                for recipients, body in ((staff, notice.body), (enterprise, "" if internal else public)):
                    if recipients:
                        notify(
                            recipients=recipients,
                            title=f"{notice.title}：{self.heading(case)}"[:200],
                            body=body,
                            link=notice.link or self.link(case),
                        )

    # ------------------------------------------------------------ deadlines

    def light(self, case: Any, now: dt.datetime | None = None) -> str | None:
        """The case's light while its deadline runs; None in any other status."""
        if case.status not in self.timed:
            return None
        return deadlines.light(case.due_at, getattr(case, "warning_at", None), now)

    def light_q(self, wanted: str, now: dt.datetime | None = None) -> Q:
        """The SQL condition selecting this kind's cases at one light."""
        return Q(status__in=self.timed) & deadlines.light_q(wanted, now)
