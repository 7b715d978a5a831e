"""Whether someone gets the weekly digest email: on by default, off with one button.

Parent representatives on a workstream group are sent one (plan_digests, which sends
to every member of a group). Whoever is sent one, or may be once on a group, can turn
it off or on here; anyone else who opens this page is told so, and offered nothing.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from actions.models import DigestOptOut
from workspace.access import internal_readers_only
from workstreams.models import Statement, WorkstreamMembership


@internal_readers_only
def digest_settings(request):
    on_a_group = (
        WorkstreamMembership.objects.filter(user=request.user)
        .exclude(workstream__statement__status=Statement.Status.ARCHIVED)
        .exists()
    )
    # A member of a group is sent the digest whatever their role: they can stop it.
    may_get = on_a_group or request.user.has_perm("actions.get_digest")
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
    context = {"may_get": may_get, "on_a_group": on_a_group}
    if may_get:
        context["opted_out"] = DigestOptOut.objects.filter(user=request.user).exists()
    return render(request, "review/digest_settings.html", context)
