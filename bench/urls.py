"""`make bench` only: every page of the site, and an empty signed-in page.

The empty page is the workspace layout with nothing in it, behind the same
checks as the dashboard (session, user, two-step verification, permissions):
what any signed-in page costs before it shows anything, so the dashboards'
figures can be read against the most a signed-in page could reach.
"""

from django.shortcuts import render
from django.urls import path

from bench import EMPTY_PAGE
from sutton_send.urls import urlpatterns as site
from workspace.access import staff_only


@staff_only
def signed_in_empty(request):
    return render(request, "workspace/base.html")


urlpatterns = [path(EMPTY_PAGE.strip("/") + "/", signed_in_empty), *site]
