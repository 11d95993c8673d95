"""One running clock per application, as `due_at` / `warning_at` (WORKFLOW.light, light_q): the one-time notice
while submitted, the decision while accepted or in review, the delivery while approved or denied. Existing rows
are backfilled from the former `notice_due_at` and `delivery_due_at` and from their decision clocks."""

import datetime as dt

from django.db import migrations, models
from django.utils import timezone

TIMED = ("submitted", "accepted", "in_review", "approved", "denied")


def backfill(apps, schema_editor):
    from qifu.core.deadlines import compute
    from qifu.core.workcalendar import SHANGHAI

    Application = apps.get_model("applications", "Application")
    for a in Application.objects.filter(status__in=TIMED).iterator():
        due = warning = None
        if a.status == "submitted" and a.notice_due_at is not None:
            # The notice clock is 5 working days: it warns on its last day.
            due = a.notice_due_at
            warning = dt.datetime.combine(due.astimezone(SHANGHAI).date(), dt.time(0, 0), tzinfo=SHANGHAI)
        elif a.status in ("accepted", "in_review") and a.paused_since is None and a.deadline_start and a.days_total:
            deadline = compute(a.deadline_start, a.days_total + a.paused_days)
            due, warning = deadline.due_at, deadline.warning_at
        elif a.status in ("approved", "denied") and a.decided_at is not None:
            deadline = compute(timezone.localdate(a.decided_at), 10)
            due, warning = a.delivery_due_at or deadline.due_at, deadline.warning_at
        Application.objects.filter(pk=a.pk).update(due_at=due, warning_at=warning)


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_daily_counts"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="warning_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="预警时间"),
        ),
        migrations.AlterField(
            model_name="application",
            name="due_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="当前期限"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.RemoveIndex(model_name="application", name="application_notice_idx"),
        migrations.RemoveIndex(model_name="application", name="application_due_idx"),
        migrations.RemoveField(model_name="application", name="delivery_due_at"),
        migrations.RemoveField(model_name="application", name="notice_due_at"),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(("status__in", TIMED)), fields=["due_at"], name="application_due_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="application",
            index=models.Index(
                condition=models.Q(("status__in", TIMED)), fields=["warning_at"], name="application_warning_idx"
            ),
        ),
    ]
