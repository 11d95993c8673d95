"""Seed the statutory holidays and make-up working days of 2004-2026 (from chinese-calendar, frozen in
core/data so that this migration always writes the same rows), and the audit chain's head."""

import datetime as dt
import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "holidays_2004_2026.json"


def seed(apps, schema_editor):
    CalendarYear = apps.get_model("core", "CalendarYear")
    CalendarDay = apps.get_model("core", "CalendarDay")
    AuditHead = apps.get_model("core", "AuditHead")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for year in data["years"]:
        CalendarYear.objects.update_or_create(
            year=year, defaults={"confirmed": True, "notice": f"国务院办公厅关于{year}年部分节假日安排的通知"}
        )
    CalendarDay.objects.bulk_create(
        [CalendarDay(date=dt.date.fromisoformat(d), year_id=int(d[:4]), kind=kind, name=name) for d, kind, name in data["days"]],
        ignore_conflicts=True,
    )
    AuditHead.objects.get_or_create(pk=1, defaults={"last_id": 0, "last_hash": "0" * 64})


def unseed(apps, schema_editor):
    apps.get_model("core", "CalendarYear").objects.filter(year__lte=2026).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
