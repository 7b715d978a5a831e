"""Programme managers build and change the plan here (names live in the workspace namespace)."""

from django.urls import path

from .views import plan

urlpatterns = [
    path("", plan.statements, name="statements"),
    path("statements/new/", plan.statement_new, name="statement_new"),
    path("statements/<int:pk>/", plan.statement_detail, name="statement_detail"),
    path("statements/<int:pk>/edit/", plan.statement_edit, name="statement_edit"),
    path("statements/<int:pk>/publish/", plan.statement_publish, name="statement_publish"),
    path("statements/<int:pk>/unpublish/", plan.statement_unpublish, name="statement_unpublish"),
    path("statements/<int:pk>/archive/", plan.statement_archive, name="statement_archive"),
    path("statements/<int:pk>/weaknesses/new/", plan.weakness_new, name="weakness_new"),
    path("weaknesses/<int:pk>/edit/", plan.weakness_edit, name="weakness_edit"),
    path("statements/<int:pk>/workstreams/new/", plan.workstream_new, name="workstream_new"),
    path("workstreams/<int:pk>/edit/", plan.workstream_edit, name="workstream_edit"),
    path(
        "workstreams/<int:pk>/representatives/",
        plan.workstream_representatives,
        name="workstream_representatives",
    ),
    path(
        "workstreams/<int:pk>/representatives/<int:user_pk>/remove/",
        plan.workstream_representative_remove,
        name="workstream_representative_remove",
    ),
    path("statements/<int:pk>/measures/new/", plan.measure_new, name="measure_new"),
    path("measures/<int:pk>/edit/", plan.measure_edit, name="measure_edit"),
    path("measures/<int:pk>/milestones/", plan.measure_milestones, name="measure_milestones"),
    path(
        "measures/<int:pk>/milestones/<int:milestone_pk>/remove/",
        plan.milestone_remove,
        name="milestone_remove",
    ),
    path("statements/<int:pk>/actions/new/", plan.action_new, name="action_new"),
    path("actions/<int:pk>/edit/", plan.action_edit, name="action_edit"),
    path("owners/", plan.owners, name="owners"),
    path("owners/new/", plan.owner_new, name="owner_new"),
    path("owners/<int:pk>/edit/", plan.owner_edit, name="owner_edit"),
]
