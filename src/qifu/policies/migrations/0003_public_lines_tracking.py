"""Each step's public line (what the enterprise reads) for the steps recorded before steps had one, and the
public progress token of every claim (core 0005). The hall's and the department's notes on accepting, handing
over and approving stay with staff."""

import secrets

from django.db import migrations

PUBLIC = {"approve": "审核通过，待兑付", "accept": "", "handover": ""}


def forwards(apps, schema_editor):
    TimelineEvent = apps.get_model("core", "TimelineEvent")
    TrackingToken = apps.get_model("core", "TrackingToken")
    PolicyClaim = apps.get_model("policies", "PolicyClaim")
    for event in TimelineEvent.objects.filter(subject_type="policy_claim", internal=False, public="").iterator():
        line = PUBLIC.get(event.action, event.note)
        if line:
            TimelineEvent.objects.filter(pk=event.pk).update(public=line)
    have = set(TrackingToken.objects.filter(subject_type="policy_claim").values_list("subject_id", flat=True))
    TrackingToken.objects.bulk_create(
        [
            TrackingToken(subject_type="policy_claim", subject_id=pk, token=secrets.token_urlsafe(18))
            for pk in PolicyClaim.objects.values_list("pk", flat=True).iterator()
            if pk not in have
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_timeline_public_tracking"),
        ("policies", "0002_claim_lights_policy_cap"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
