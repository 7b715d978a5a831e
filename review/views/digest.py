"""Whether someone gets the weekly digest email: on by default, off with one button.

Only parent representatives on a workstream group are sent one (plan_digests); anyone
else who opens this page is told so, and offered nothing to turn on or off.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from actions.models import DigestOptOut
from workspace.access import internal_readers_only
from workstreams.models import Statement, WorkstreamMembership


@internal_readers_only
def digest_settings(request):
    may_get = request.user.has_perm("actions.get_digest")
    if request.method == "POST":
        if not may_get:
            raise PermissionDenied
        wanted = request.POST.get("digest") == "on"
        if wanted:
            DigestOptOut.objects.filter(user=request.user).delete()
            messages.success(request, "You will get the weekly digest email.")
        else:
            DigestOptOut.objects.get_or_create(user=request.user)
            messages.success(request, "You will not get the weekly digest email any more.")
        return redirect("review:digest_settings")
    context = {"may_get": may_get}
    if may_get:
        context["opted_out"] = DigestOptOut.objects.filter(user=request.user).exists()
        context["on_a_group"] = (
            WorkstreamMembership.objects.filter(user=request.user)
            .exclude(workstream__statement__status=Statement.Status.ARCHIVED)
            .exists()
        )
    return render(request, "review/digest_settings.html", context)
