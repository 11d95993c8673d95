"""Hooks for apps that keep something derived from enterprises' data (policy matches): a pair per watcher,
`capture(enterprise_id)` before a change and `react(enterprise_id, captured)` once it commits; and, for a
bulk import, `react()` once the import commits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

_watchers: list[tuple[Callable[[int], Any], Callable[[int, Any], None]]] = []
_bulk_watchers: list[Callable[[], None]] = []


def watch_enterprise_changes(capture: Callable[[int], Any], react: Callable[[int, Any], None]) -> None:
    _watchers.append((capture, react))


def watch_bulk_enterprise_changes(react: Callable[[], None]) -> None:
    _bulk_watchers.append(react)


def captured(enterprise_id: int | None) -> list[Any]:
    """What each watcher needs to know of the enterprise before it changes (None for a new one)."""
    return [capture(enterprise_id) if enterprise_id else None for capture, _ in _watchers]


def changed(enterprise_id: int, before: list[Any]) -> None:
    def run() -> None:
        for (_, react), state in zip(_watchers, before, strict=True):
            react(enterprise_id, state)

    transaction.on_commit(run)


def bulk_changed() -> None:
    def run() -> None:
        for react in _bulk_watchers:
            react()

    transaction.on_commit(run)
