"""Indexes for the enterprise picker's prefix search (selectors.enterprise_pick): `name LIKE 'x%'` and
`uscc LIKE 'x%'`. SQLite's LIKE ignores ASCII case, so it uses an index only if the index does too (NOCASE);
PostgreSQL already has Django's varchar_pattern_ops indexes for both columns (name has db_index, uscc unique)."""

from django.db import migrations

INDEXES = {
    "enterprise_name_nocase_idx": "name",
    "enterprise_uscc_nocase_idx": "uscc",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name, column in INDEXES.items():
        schema_editor.execute(f"CREATE INDEX {name} ON enterprises_enterprise ({column} COLLATE NOCASE)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX {name}")


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0003_enterprise_credit_restricted")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
