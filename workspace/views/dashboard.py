from django.shortcuts import render

from ..access import staff_only
from ..dashboard import DashboardFilters, build_dashboard, dashboard_actions, dashboard_measures


@staff_only
def dashboard(request):
    filters = DashboardFilters(request.GET or None)
    actions = dashboard_actions(request.user, filters)
    return render(
        request,
        "workspace/dashboard.html",
        {
            "filters": filters,
            "dashboard": build_dashboard(request.user, actions),
            "measures": dashboard_measures(request.user),
        },
    )
