from django.apps import AppConfig


class SecurityConfig(AppConfig):
    """Middleware, security event logging and the lockout and error pages.

    Configuration only lives in sutton_send/settings.py ("Security"); the code
    that settings name is here.
    """

    name = "security"
    verbose_name = "Security"

    def ready(self):
        from . import events  # noqa: F401  (connects the signal receivers)
