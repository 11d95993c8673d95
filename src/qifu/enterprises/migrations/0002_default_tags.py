"""The common enterprise tags (reference data that policies match on)."""

from django.db import migrations

TAGS = ["高新技术企业", "专精特新", "规上企业", "外资", "台资", "重点项目", "招商引资项目", "科技型中小企业", "上市企业"]


def seed(apps, schema_editor):
    Tag = apps.get_model("enterprises", "Tag")
    for order, name in enumerate(TAGS):
        Tag.objects.get_or_create(name=name, defaults={"sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
