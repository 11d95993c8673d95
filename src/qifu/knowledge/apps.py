from typing import Any

from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "qifu.knowledge"
    verbose_name = "知识库"

    def ready(self) -> None:
        from qifu.core import hooks
        from qifu.knowledge import demo, search, workbench  # noqa: F401  (to-dos)

        hooks.register(hooks.DEMO_SEED, demo.seed_demo, order=80)
        hooks.register(hooks.SEARCH_PROVIDER, search.search_articles, order=70)
        hooks.register(hooks.SIMILAR_DEMANDS, similar_numbers)


def similar_numbers(user: Any, demand: Any) -> list[str]:
    """The duplicate warning's alike demands from every enterprise in scope (core.hooks.SIMILAR_DEMANDS)."""
    from qifu.knowledge.routing import similar_open

    text = f"{demand.title} {demand.content[:200]}"
    return [d.number for d in similar_open(user, text, exclude_id=demand.pk, limit=5)]
