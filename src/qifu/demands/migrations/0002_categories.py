"""The dispatch catalogue's categories (reference data; departments are set per installation)."""

from django.db import migrations

from qifu.demands.reference import seed_categories


def seed(apps, schema_editor):
    seed_categories(apps.get_model("demands", "DemandCategory"))


class Migration(migrations.Migration):
    dependencies = [("demands", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
