"""Two-step verification and the change history (names live in the workspace namespace)."""

from django.urls import path

from .views import history, two_factor

urlpatterns = [
    path("history/<slug:model>/<int:pk>/", history.object_history, name="history"),
    path("two-factor/", two_factor.setup, name="two_factor_setup"),
    path("two-factor/qr-code.svg", two_factor.qr_code, name="two_factor_qr"),
    path("two-factor/verify/", two_factor.verify, name="two_factor_verify"),
]
