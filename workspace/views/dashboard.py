from django.shortcuts import render

from ..access import staff_only
from ..dashboard import DashboardFilters, build_dashboard, dashboard_actions, dashboard_measures


@staff_only
def dashboard(request):
    filters = DashboardFilters(request.GET or None)
    focus = filters.section_key or None
    measures = None if focus else dashboard_measures(request.user)
    return render(
        request,
        "workspace/dashboard.html",
        {
            "filters": filters,
            "dashboard": build_dashboard(
                request.user,
                dashboard_actions(request.user, filters),
                focus=focus,
                page=request.GET.get("page"),
                query_for=filters.query_for,
                narrowed=filters.narrows,
            ),
            "focus": focus,
            "measures": measures,
            "measure_statements": len({m.statement_id for m in measures or ()}),
        },
    )
