"""Each step's public line (what the enterprise reads) for the steps recorded before steps had one, the public
progress token of every application (core 0005), and the notifications of the first weeks that pointed at the API
instead of the application's page."""

import re
import secrets

from django.db import migrations


def public_line(action: str, note: str) -> str:
    if action == "approve":
        return "准予许可"  # the department's approval note is its own
    if action == "handover":
        return note.split("：")[0]  # "移交X审批"; the window's note to the department followed
    return note


def forwards(apps, schema_editor):
    TimelineEvent = apps.get_model("core", "TimelineEvent")
    TrackingToken = apps.get_model("core", "TrackingToken")
    Notification = apps.get_model("core", "Notification")
    Application = apps.get_model("applications", "Application")
    for event in TimelineEvent.objects.filter(subject_type="application", internal=False, public="").iterator():
        line = public_line(event.action, event.note)
        if line:
            TimelineEvent.objects.filter(pk=event.pk).update(public=line)
    have = set(TrackingToken.objects.filter(subject_type="application").values_list("subject_id", flat=True))
    TrackingToken.objects.bulk_create(
        [
            TrackingToken(subject_type="application", subject_id=pk, token=secrets.token_urlsafe(18))
            for pk in Application.objects.values_list("pk", flat=True).iterator()
            if pk not in have
        ],
        batch_size=1000,
    )
    for notification in Notification.objects.filter(link__startswith="/api/v1/applications/").iterator():
        found = re.match(r"^/api/v1/applications/(\d+)", notification.link)
        if found:
            Notification.objects.filter(pk=notification.pk).update(link=f"/applications/{found.group(1)}/")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_timeline_public_tracking"),
        ("applications", "0005_running_clock"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
