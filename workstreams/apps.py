from django.apps import AppConfig


class WorkstreamsConfig(AppConfig):
    name = "workstreams"
    verbose_name = "Statement of action: the plan"

    def ready(self):
        from . import checks, freshness  # noqa: F401 (checks registers itself)

        freshness.connect()
