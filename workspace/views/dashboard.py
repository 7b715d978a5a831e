from django.conf import settings
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from actions.models import Comment
from sutton_send import versioned_cache

from ..access import staff_only
from ..dashboard import (
    DashboardFilters,
    build_dashboard,
    dashboard_actions,
    dashboard_key,
    dashboard_measures,
    dashboard_query,
)


@staff_only
def dashboard(request):
    """The reader's dashboard, rendered once for each version of what it is built from."""
    query = dashboard_query(request.GET)
    if getattr(settings, "DASHBOARD_CACHE", True):
        key = dashboard_key(request.user, query)
        body, has_errors = versioned_cache.fetch(key, lambda: _render(request.user, query))
    else:
        body, has_errors = _render(request.user, query)
    return render(
        request,
        "workspace/dashboard.html",
        {
            "body": mark_safe(body),  # noqa: S308 - our own render
            "has_errors": has_errors,
        },
    )


def _render(user, query):
    """The dashboard's content, and whether a filter could not be read."""
    filters = DashboardFilters(query or None)
    focus = filters.section_key or None
    measures = None if focus else dashboard_measures(user)
    body = render_to_string(
        "workspace/_dashboard.html",
        {
            "manages": user.has_perm("workstreams.manage_plan"),
            "filters": filters,
            "dashboard": build_dashboard(
                user,
                dashboard_actions(user, filters),
                focus=focus,
                page=query.get("page"),
                query_for=filters.query_for,
                narrowed=filters.narrows,
            ),
            "focus": focus,
            "comments_to_answer": (
                Comment.objects.in_active_statements().awaiting_answer().for_answer_by(user)
            ).count(),
            "reads_review": user.has_perm("actions.view_internal"),
            "measures": measures,
            "measure_statements": len({m.statement_id for m in measures or ()}),
        },
    )
    return body, bool(filters.errors)
