"""The common enterprise tags."""

from django.db import migrations

from qifu.enterprises.reference import seed_tags


def seed(apps, schema_editor):
    seed_tags(apps.get_model("enterprises", "Tag"))


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
