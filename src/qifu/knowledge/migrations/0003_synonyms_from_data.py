"""The maintained synonym list starts with knowledge/data/synonyms.json (groups: the first word is the one the
others fold into), written for the product; later edits are made in the admin."""

import json
from pathlib import Path
from typing import Any

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "synonyms.json"


def forwards(apps: Any, schema_editor: Any) -> None:
    if not DATA.exists():
        return
    Synonym = apps.get_model("knowledge", "Synonym")
    for group in json.loads(DATA.read_text(encoding="utf-8")):
        words = [str(w).strip() for w in group if str(w).strip()]
        if len(words) < 2:
            continue
        row = Synonym.objects.filter(word=words[0]).first()
        if row is None:
            Synonym.objects.create(word=words[0][:30], variants=" ".join(words[1:])[:300])
            continue
        known = row.variants.split()
        extra = [w for w in words[1:] if w not in known]
        if extra:
            row.variants = " ".join(known + extra)[:300]
            row.save(update_fields=["variants"])


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_search_index")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
