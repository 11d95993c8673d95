from django.apps import AppConfig


class EnterprisesConfig(AppConfig):
    name = "qifu.enterprises"
    verbose_name = "企业库"

    def ready(self) -> None:
        from qifu.core import hooks
        from qifu.core.inputs import register_labels
        from qifu.enterprises import demo, search, selectors, workbench  # noqa: F401  (workbench registers the to-dos)
        from qifu.enterprises.validation import FIELD_LABELS

        register_labels(FIELD_LABELS)

        hooks.register(hooks.DEMO_SEED, demo.seed_demo_enterprises, order=30)
        hooks.register(hooks.OFFICER_ENTERPRISES, selectors.officer_enterprise_ids)
        hooks.register(hooks.SEARCH_PROVIDER, search.search_enterprises, order=10)
