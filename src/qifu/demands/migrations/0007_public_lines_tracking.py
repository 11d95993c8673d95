"""Each step's public line (what the enterprise reads) for the steps recorded before steps had one, and the
public progress token of every demand (core 0005). The staff notes stay where they were, read by staff only:
an assignment's instruction, a handler's name and an extension's approval note never reach the enterprise."""

import secrets

from django.db import migrations

AS_IS = {
    "register",
    "reply",
    "visit_satisfied",
    "visit_unsatisfied",
    "withdraw",
    "merge",
    "merged_in",
    "add_info",
    "deadline_moved",
    "attach",
}


def public_line(action: str, note: str) -> str:
    if action in AS_IS:
        return f"答复：{note}" if action == "reply" else note
    if action == "assign":
        return note.split("。")[0]  # "交办X主办，一般，10个工作日，2026-12-07前办结"; the instruction followed
    if action == "accept":
        return note.split("，承办人")[0] + "，正在办理"
    if action == "escalate":
        return "已上报区政府协调"
    if action == "consult":
        return "已组织相关部门会商研究"
    return ""


def forwards(apps, schema_editor):
    TimelineEvent = apps.get_model("core", "TimelineEvent")
    TrackingToken = apps.get_model("core", "TrackingToken")
    Demand = apps.get_model("demands", "Demand")
    for event in TimelineEvent.objects.filter(subject_type="demand", internal=False, public="").iterator():
        line = public_line(event.action, event.note)
        if line:
            TimelineEvent.objects.filter(pk=event.pk).update(public=line)
    have = set(TrackingToken.objects.filter(subject_type="demand").values_list("subject_id", flat=True))
    TrackingToken.objects.bulk_create(
        [
            TrackingToken(subject_type="demand", subject_id=pk, token=secrets.token_urlsafe(18))
            for pk in Demand.objects.values_list("pk", flat=True).iterator()
            if pk not in have
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_timeline_public_tracking"),
        ("demands", "0006_daily_count_base"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
