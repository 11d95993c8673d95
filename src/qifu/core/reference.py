"""Reference data every installation needs: the holidays of 2004-2026 (from chinese-calendar, frozen in
core/data so that they are always the same rows) and the audit chain's head.

Written by migration core/0002 with the historical models, and again (idempotently) by seed_demo,
because a flushed test database loses migration data.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent / "data" / "holidays_2004_2026.json"


def seed_calendar(calendar_year: Any, calendar_day: Any, audit_head: Any) -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for year in data["years"]:
        calendar_year.objects.get_or_create(
            year=year, defaults={"confirmed": True, "notice": f"国务院办公厅关于{year}年部分节假日安排的通知"}
        )
    calendar_day.objects.bulk_create(
        [
            calendar_day(date=dt.date.fromisoformat(d), year_id=int(d[:4]), kind=kind, name=name)
            for d, kind, name in data["days"]
        ],
        ignore_conflicts=True,
    )
    audit_head.objects.get_or_create(pk=1, defaults={"last_id": 0, "last_hash": "0" * 64})
