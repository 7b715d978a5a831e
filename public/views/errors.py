"""Error pages in the site's own layout."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    # Rendered without a RequestContext: the failure may be in what it needs.
    return HttpResponseServerError(loader.render_to_string("errors/500.html"))
