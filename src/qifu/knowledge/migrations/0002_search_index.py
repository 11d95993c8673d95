"""The full-text index of articles, per database: SQLite FTS5 (ranked by bm25) on the embedded default; on
PostgreSQL a tsvector column of the same segmented text ('simple' configuration, GIN index) and pg_trgm on titles.
The maintained synonym list starts with the usual pairs."""

from typing import Any

from django.db import migrations

SYNONYMS = [
    ("社保", "五险 社会保险 五险一金 社保费"),
    ("个转企", "个体户转企业 个体工商户转企业 个体转企业 个体户转公司"),
    ("营业执照", "执照 营业证"),
    ("公积金", "住房公积金"),
    ("发票", "开票 票据"),
    ("注销", "关掉公司 公司不开了"),
    ("遗失", "丢失 丢了 弄丢 掉了"),
    ("补办", "补领 补发 重新办"),
    ("留抵退税", "增值税留抵退税 留抵退款"),
    ("停电", "断电 没电"),
    ("招聘", "招工 招人"),
    ("贷款", "借款 融资"),
]


def forwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            "CREATE VIRTUAL TABLE knowledge_article_fts USING fts5("
            "title, keywords, question, answer, tokenize='unicode61 remove_diacritics 2')"
        )
        # Document counts per token: the vocabulary of typo correction and the lookup's common-token cut.
        schema_editor.execute("CREATE VIRTUAL TABLE knowledge_article_fts_v USING fts5vocab(knowledge_article_fts, row)")
    elif vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute("ALTER TABLE knowledge_article ADD COLUMN search_tsv tsvector")
        schema_editor.execute("CREATE INDEX knowledge_article_tsv ON knowledge_article USING gin (search_tsv)")
        schema_editor.execute(
            "CREATE INDEX knowledge_article_title_trgm ON knowledge_article USING gin (title gin_trgm_ops)"
        )
    Synonym = apps.get_model("knowledge", "Synonym")
    for word, variants in SYNONYMS:
        Synonym.objects.get_or_create(word=word, defaults={"variants": variants})


def backwards(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TABLE IF EXISTS knowledge_article_fts_v")
        schema_editor.execute("DROP TABLE IF EXISTS knowledge_article_fts")
    elif vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS knowledge_article_title_trgm")
        schema_editor.execute("DROP INDEX IF EXISTS knowledge_article_tsv")
        schema_editor.execute("ALTER TABLE knowledge_article DROP COLUMN IF EXISTS search_tsv")


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
