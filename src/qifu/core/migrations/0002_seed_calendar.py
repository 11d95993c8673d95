"""Seed the statutory holidays and make-up working days of 2004-2026, and the audit chain's head."""

from django.db import migrations

from qifu.core.reference import seed_calendar


def seed(apps, schema_editor):
    seed_calendar(
        apps.get_model("core", "CalendarYear"),
        apps.get_model("core", "CalendarDay"),
        apps.get_model("core", "AuditHead"),
    )


def unseed(apps, schema_editor):
    apps.get_model("core", "CalendarYear").objects.filter(year__lte=2026).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
