from django.contrib import admin
from django.urls import include, path

from public.views import health

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("workspace.auth")),
    path("manage/", include("workspace.urls")),
    path("review/", include("review.urls")),
    path("", include("public.urls")),
]

handler404 = "public.views.errors.not_found"
handler500 = "public.views.errors.server_error"
