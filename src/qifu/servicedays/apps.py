from django.apps import AppConfig


class ServicedaysConfig(AppConfig):
    name = "qifu.servicedays"
    verbose_name = "企业服务日"

    def ready(self) -> None:
        import datetime as dt

        from qifu.core import hooks
        from qifu.core.periodic import periodic_job
        from qifu.core.workcalendar import on_calendar_change
        from qifu.servicedays import demo, services, workbench  # noqa: F401  (workbench registers the to-dos)

        on_calendar_change(services.follow_calendar)
        hooks.register(hooks.DEMO_SEED, demo.seed_demo, order=45)
        periodic_job("servicedays.generate_sessions", "qifu.servicedays.services.sessions_generate", at=dt.time(2, 0))
