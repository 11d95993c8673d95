"""Core's part of `manage.py seed_demo`: the holidays of 2004-2026 and the audit chain's head (a flushed test
database has lost what migration 0002 wrote)."""

from __future__ import annotations

import random

from qifu.core.models import AuditHead, CalendarDay, CalendarYear
from qifu.core.reference import seed_calendar


def seed_demo_calendar(rng: random.Random) -> str:
    seed_calendar(CalendarYear, CalendarDay, AuditHead)
    return ""
