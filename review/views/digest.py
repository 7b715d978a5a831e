"""Whether someone gets the weekly digest email: on by default, off with one button."""

from django.contrib import messages
from django.shortcuts import redirect, render

from actions.models import DigestOptOut
from workspace.access import internal_readers_only


@internal_readers_only
def digest_settings(request):
    opted_out = DigestOptOut.objects.filter(user=request.user).exists()
    if request.method == "POST":
        wanted = request.POST.get("digest") == "on"
        if wanted:
            DigestOptOut.objects.filter(user=request.user).delete()
            messages.success(request, "You will get the weekly digest email.")
        else:
            DigestOptOut.objects.get_or_create(user=request.user)
            messages.success(request, "You will not get the weekly digest email any more.")
        return redirect("review:digest_settings")
    return render(request, "review/digest_settings.html", {"opted_out": opted_out})
