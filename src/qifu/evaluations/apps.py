from django.apps import AppConfig


class EvaluationsConfig(AppConfig):
    name = "qifu.evaluations"
    verbose_name = "好差评与整改"

    def ready(self) -> None:
        from qifu.core import hooks
        from qifu.core.supervised import LateSource
        from qifu.evaluations import demo, measures, services
        from qifu.evaluations.permissions import rectifications_visible_to
        from qifu.evaluations.transitions import WORKFLOW

        hooks.register(hooks.DEMO_SEED, demo.seed_demo, order=70)
        hooks.register(hooks.RATING_GIVEN, services.rating_given)
        hooks.register(hooks.SERVICE_RESULT, services.service_result)
        hooks.register(
            hooks.LATE_SOURCE,
            LateSource(
                kind="rectification",
                label="差评整改",
                workflow=WORKFLOW,
                visible=rectifications_visible_to,
                number="number",
                title="title",
                department="department_id",
                person="rating__staff_id",
            ),
        )
        for measure in measures.MEASURES:
            hooks.register(hooks.ASSESSMENT_MEASURE, measure)

        from qifu.evaluations import complaint_hooks

        complaint_hooks.register()
