"""Supervision's part of the demo: the watcher's pass over every demo case, so that the view, the orders and
the cards show what a running district would (core.hooks.DEMO_SEED, after every app's cases)."""

from __future__ import annotations

import random

from qifu.supervision.services import watch_late


def seed_watch(rng: random.Random) -> str:
    watch_late()
    return ""
