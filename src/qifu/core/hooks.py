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
  rendered HTML, or "" when there is nothing to show to this user).
- OFFICER_ENTERPRISES, `fn(user) -> QuerySet` of enterprise ids: the enterprises an officer stewards (the
  access helper scopes officers by it).
- OPEN_CASES, `fn(user, limit) -> list[core.ui.OpenCase]`: one app's newest open cases the user may see (demands,
  applications, claims); the enterprise's workbench lists them together.
The workbench's to-dos and the calendar's change hooks have their own registries (core.ui.todo_provider,
core.workcalendar.on_calendar_change).
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

DEMO_SEED = "demo_seed"
PERIODIC_JOB = "periodic_job"
ENTERPRISE_PANEL = "enterprise_panel"
OFFICER_ENTERPRISES = "officer_enterprises"
OPEN_CASES = "open_cases"

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
