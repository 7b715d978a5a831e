"""A statement as representatives review it: every weakness and action, with the officers'
status and the parents' view side by side."""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, render

from actions.models import Action, ParentsView
from workspace.access import internal_readers_only
from workstreams.models import Measurement, Statement
from workstreams.references import by_reference, by_workstream_and_reference

from ..changes import my_workstreams


def _newest_view(views):
    return views[0] if views else None


@internal_readers_only
def statement(request, pk):
    statement = get_object_or_404(Statement, pk=pk)
    if not request.user.has_perm("workstreams.read_internal", statement):
        raise PermissionDenied
    views = Prefetch("parents_views", queryset=ParentsView.objects.newest_first(), to_attr="views")
    weaknesses = list(statement.weaknesses.order_by("number").prefetch_related(views))
    actions = by_workstream_and_reference(
        Action.objects.filter(statement=statement)
        .select_related("workstream", "owner")
        .annotate(
            awaiting=Count(
                "comments",
                filter=Q(
                    comments__is_answer=False,
                    comments__answered_at__isnull=True,
                    comments__hidden_at__isnull=True,
                ),
            )
        )
        .prefetch_related(views)
        .order_by("workstream__number", "reference")
    )
    mine = {workstream.pk for workstream in my_workstreams(request.user)}
    groups = {}
    for action in actions:
        action.parents_view = _newest_view(action.views)
        groups.setdefault(action.workstream, []).append(action)
    for weakness in weaknesses:
        weakness.parents_view = _newest_view(weakness.views)
    ordered = sorted(groups.items(), key=lambda item: (item[0].pk not in mine, item[0].number))
    measures = by_reference(
        statement.measures.order_by("reference")
        .annotate(
            awaiting=Count(
                "comments",
                filter=Q(
                    comments__is_answer=False,
                    comments__answered_at__isnull=True,
                    comments__hidden_at__isnull=True,
                ),
            )
        )
        .prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on"))
        )
    )
    return render(
        request,
        "review/statement.html",
        {
            "statement": statement,
            "weaknesses": weaknesses,
            "groups": [
                {"workstream": workstream, "actions": items, "is_mine": workstream.pk in mine}
                for workstream, items in ordered
            ],
            "measures": measures,
            "can_give_view": request.user.has_perm("actions.give_parents_view", statement),
            "can_publish_view": request.user.has_perm("actions.publish_parents_view"),
        },
    )
