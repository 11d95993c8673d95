"""Registries through which apps give `core` (and each other) what only they know, in the style of wagtail's
hooks: `core` imports no domain app; each app registers its providers when it starts (AppConfig.ready()).

    hooks.register(hooks.DEMO_SEED, seed_demo, order=40)
    for seed in hooks.get_hooks(hooks.DEMO_SEED): ...

The registries (name: what is registered, who calls it):
- DEMO_SEED, `fn(rng: random.Random) -> str`: one app's part of the demo district, in `order` (orgs and
  accounts before enterprises before demands, catalogue and policies); `manage.py seed_demo` runs them in one
  transaction and prints what they return.
- PERIODIC_JOB, a `core.periodic.PeriodicJob` (register with `core.periodic.periodic_job`): the one schedule
  read by both Celery beat and `manage.py run_periodic`.
- ENTERPRISE_PANEL, `fn(request, enterprise) -> str`: a card of another app on the enterprise page (its
  rendered HTML, or "" when there is nothing to show to this user), in `order`; `core.panels.enterprise_panel`
  renders the usual one (a title, a count, the newest rows and a link to the list filtered to the enterprise).
- ENTERPRISE_ACTION, `fn(request, enterprise) -> list[core.panels.QuickAction]`: an app's quick actions on the
  enterprise page (新诉求, 办事, 预约 …), linking to its forms with the enterprise chosen; [] for a user who may
  not use them.
- SEARCH_PROVIDER, `fn(user, q) -> list[core.search.Hit]`: an app's part of the header search, already scoped
  to what the user may see; core.search asks each in `order` and joins the answers.
- OFFICER_ENTERPRISES, `fn(user) -> QuerySet` of enterprise ids: the enterprises an officer stewards (the
  access helper scopes officers by it).
- TRACKER, a `core.workflow.Workflow` whose cases have a public progress page (`/t/<token>/`, the QR code on
  their prints): the workflow names the kind (`subject`), finds the case (`model`, by id) and labels its steps;
  the case gives `number`, `status` (`get_status_display()`) and `due_at`. core.tracking reads them.
- OPEN_CASES, `fn(user, limit) -> list[core.ui.OpenCase]`: one app's newest open cases the user may see (demands,
  applications, claims); the enterprise's workbench lists them together.
- LATE_SOURCE, a `core.supervised.LateSource`: one kind of timed case (demands, applications, claims,
  rectification cases, reform tasks, project milestones, plan tasks) for the supervision view, its reminders,
  supervision orders and 电子监察 cards.
- SIMILAR_DEMANDS, `fn(user, demand) -> list[str]` of demand numbers: open demands like this one from every
  enterprise in the user's scope (the knowledge app's text similarity); the duplicate warning at intake adds
  them to the same enterprise's.
- ASSESSMENT_MEASURE, a `core.assessment.Measure`: one figure of the monthly department assessment (on-time
  rates, satisfaction, rectification, reform progress, orders and cards received).
- RATING_GIVEN, `fn(*, subject_type, subject_id, level, comment, channel, actor) -> None`: a rating given
  inside a lower app's own step (the demand follow-up's satisfaction, a claim's stars; `level` 1 非常不满意 … 5
  非常满意, `channel` "online" | "onsite"). The evaluations app records it as the service's one rating (好差评),
  unless it has one already, so that every satisfaction figure reads one table; call `rating_given(...)`.
- SERVICE_RESULT, `fn(*, subject_type, subject_id) -> None`: a service has its result (a demand replied, an
  application decided, a claim paid or denied, an appointment attended, a service-day record made); the
  evaluations app sends the enterprise the one-click rating link (valid 14 days, no login). Call
  `service_result(...)` from the service that gives the result, inside its transaction.
The workbench's to-dos and the calendar's change hooks have their own registries (core.ui.todo_provider,
core.workcalendar.on_calendar_change).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

DEMO_SEED = "demo_seed"
PERIODIC_JOB = "periodic_job"
ENTERPRISE_PANEL = "enterprise_panel"
ENTERPRISE_ACTION = "enterprise_action"
SEARCH_PROVIDER = "search_provider"
OFFICER_ENTERPRISES = "officer_enterprises"
TRACKER = "tracker"
OPEN_CASES = "open_cases"
LATE_SOURCE = "late_source"
ASSESSMENT_MEASURE = "assessment_measure"
RATING_GIVEN = "rating_given"
SERVICE_RESULT = "service_result"
SIMILAR_DEMANDS = "similar_demands"

_registry: defaultdict[str, list[tuple[int, int, Any]]] = defaultdict(list)


def register(name: str, entry: Any, *, order: int = 0) -> Any:
    """Register `entry` under `name`; entries come back in `order`, then in the order they were registered.

    Registering the same entry twice (a module imported again) keeps one."""
    entries = _registry[name]
    if not any(existing == entry for _, _, existing in entries):
        entries.append((order, len(entries), entry))
        entries.sort(key=lambda e: (e[0], e[1]))
    return entry


def get_hooks(name: str) -> list[Any]:
    return [entry for _, _, entry in _registry[name]]


def rating_given(
    *, subject_type: str, subject_id: int, level: int, comment: str = "", channel: str = "online", actor: Any = None
) -> None:
    """Hand a rating given inside a lower app's step to the app that keeps ratings (RATING_GIVEN)."""
    for record in get_hooks(RATING_GIVEN):
        record(
            subject_type=subject_type,
            subject_id=subject_id,
            level=level,
            comment=comment,
            channel=channel,
            actor=actor,
        )


def service_result(*, subject_type: str, subject_id: int) -> None:
    """Tell the app that keeps ratings that a service has its result (SERVICE_RESULT)."""
    for tell in get_hooks(SERVICE_RESULT):
        tell(subject_type=subject_type, subject_id=subject_id)
