from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Reports on the plan: progress against each weakness, board reports, and the
    progress reports a programme manager publishes (immutable snapshots).

    Reads `workstreams` and `actions`; only `public` and `workspace` import it.
    """

    name = "reports"
    verbose_name = "Statement of action: reports"
