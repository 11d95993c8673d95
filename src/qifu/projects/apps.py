from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "qifu.projects"
    verbose_name = "重点项目"

    def ready(self) -> None:
        from qifu.core import hooks
        from qifu.core.periodic import periodic_job
        from qifu.core.supervised import LateSource
        from qifu.projects import demo, permissions, search, workbench  # noqa: F401  (to-dos)
        from qifu.projects.transitions import WORKFLOW

        hooks.register(hooks.DEMO_SEED, demo.seed_demo, order=47)
        hooks.register(hooks.SEARCH_PROVIDER, search.search_projects, order=60)
        periodic_job("projects.remind_stalled", "qifu.projects.services.remind_stalled")
        hooks.register(
            hooks.LATE_SOURCE,
            LateSource(
                kind="project_milestone",
                label="项目节点",
                workflow=WORKFLOW,
                visible=permissions.milestones_visible_to,
                number="",
                title="name",
                department="project__department_id",
                person="project__specialist_id",
            ),
        )
