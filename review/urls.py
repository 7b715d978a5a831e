from django.urls import path

from .views import coproduction, dashboard, digest, statements, threads

app_name = "review"

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("reviewed/", dashboard.mark_reviewed, name="mark_reviewed"),
    path("digest/", digest.digest_settings, name="digest_settings"),
    path("statements/<int:pk>/", statements.statement, name="statement"),
    path("actions/<int:pk>/", threads.action_page, name="action"),
    path("measures/<int:pk>/", threads.measure_page, name="measure"),
    path("comments/<int:pk>/reply/", threads.reply, name="reply"),
    path("comments/<int:pk>/hide/", threads.hide, name="hide_comment"),
    path("comments/<int:pk>/you-said-we-did/", coproduction.you_said, name="you_said"),
    path("you-said-we-did/<int:pk>/withdraw/", coproduction.withdraw, name="withdraw_you_said"),
    path(
        "actions/<int:pk>/parents-view/",
        coproduction.action_parents_view,
        name="action_parents_view",
    ),
    path(
        "weaknesses/<int:pk>/parents-view/",
        coproduction.weakness_parents_view,
        name="weakness_parents_view",
    ),
    path(
        "parents-views/<int:pk>/publish/",
        coproduction.publish_view,
        name="publish_parents_view",
    ),
]
