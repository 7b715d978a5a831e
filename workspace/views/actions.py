"""Updating an action: one form, one service call, nothing lost to a conflict."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from actions.coproduction import RESUBMIT_WINDOW
from actions.models import Action, ProgressUpdate
from actions.services import EditConflict, record_progress
from review.discussion import discussion_for
from workstreams.glossary import Glossary
from workstreams.plain_english import hints

from ..access import get_action_for_update, internal_readers_only, staff_only
from ..forms.progress import ProgressForm


def _timeline(action):
    return action.updates.select_related("author").order_by("-created_at", "-pk")


def _page(request, action, form, *, bound_reply=None, **extra):
    context = {
        "action": action,
        "form": form,
        "updates": _timeline(action),
        "hints": hints(form["public_summary"].value(), Glossary.load()),
        # The same comment threads parent representatives see, to answer here.
        "discussion": discussion_for(
            action, request.user, bound_reply=bound_reply, next_url=_update_url(action)
        ),
        "bound_reply": bound_reply,
        **extra,
    }
    return render(request, "workspace/action_update.html", context)


def _update_url(action):
    return reverse("workspace:update_action", kwargs={"pk": action.pk})


def update_page_with_reply(request, action, reply):
    """The update page, for a reply written on it that could not be posted: the reply
    comes back under its thread with the reason, as a form on this page would. None if
    the reply was not written here, or its writer may not update the action."""
    if reply.cleaned_data.get("next") != _update_url(action) or not request.user.has_perm(
        "actions.update_action", action
    ):
        return None
    return _page(request, action, ProgressForm(action=action), bound_reply=reply)


@staff_only
@require_http_methods(["GET", "POST"])
def update_action(request, pk):
    action = get_action_for_update(request, pk)
    if request.method == "GET":
        return _page(request, action, ProgressForm(action=action))

    form = ProgressForm(request.POST, request.FILES, action=action)
    if "preview" in request.POST or not form.is_valid():
        # Checking the wording saves nothing: the form comes back with hints.
        return _page(request, action, form, chosen_file=_chosen_file(request, form))
    try:
        record_progress(
            action, request.user, form.change(), expected_version=form.cleaned_data["version"]
        )
    except EditConflict as conflict:
        if _sent_again(request, conflict.current, form):
            messages.success(request, f"Action {action.reference} updated.")
            return redirect("workspace:dashboard")
        return _conflict(request, conflict.current, form)
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, action, form, chosen_file=_chosen_file(request, form))
    messages.success(request, f"Action {action.reference} updated.")
    return redirect("workspace:dashboard")


def _sent_again(request, current, form):
    """Whether the only update since the form was opened is this very one, by this
    person a moment ago: the button pressed twice, or the page sent again. It is saved
    already, so the second is not "someone else's change" and saves nothing more."""
    since = list(current.updates.filter(action_version__gt=form.cleaned_data["version"])[:2])
    if len(since) != 1:
        return False
    saved, change = since[0], form.change()
    return (
        saved.author_id == request.user.pk
        and saved.created_at > timezone.now() - RESUBMIT_WINDOW
        and saved.action_version == current.version
        and (saved.status_after, saved.confidence_after) == (current.status, current.confidence)
        and current.status == change.status
        and current.confidence
        == (change.confidence if change.status == Action.Status.IN_PROGRESS else "")
        and current.completed_on
        == (change.completed_on if change.status == Action.Status.COMPLETE else None)
        and (change.revised_due_date is None or change.revised_due_date == current.revised_due_date)
        and (saved.narrative, saved.public_summary, saved.evidence_link)
        == (change.narrative, change.public_summary, change.evidence_link)
        and bool(saved.evidence_file) == bool(change.evidence_file)
    )


def _chosen_file(request, form):
    """The name of the evidence file posted, if the form comes back without it and the
    file itself was not refused (its error says what to do)."""
    posted = request.FILES.get(form.add_prefix("evidence_file"))
    if posted is None or form.has_error("evidence_file"):
        return ""
    return posted.name


def _conflict(request, current, form):
    """Show what changed since the form was opened, and keep what this officer wrote."""
    opened = form.cleaned_data["version"]
    since = _timeline(current).filter(action_version__gt=opened)
    data = request.POST.copy()
    data["version"] = current.version
    if form.keeps_due_date:
        # They left the due date alone: their form now shows the one saved since.
        revised = current.revised_due_date
        data[form.add_prefix("revised_due_date")] = revised.isoformat() if revised else ""
        data[form.add_prefix("revision_reason")] = current.revision_reason
    retry = ProgressForm(data, action=current)
    retry.is_valid()
    return render(
        request,
        "workspace/conflict.html",
        {
            "action": current,
            "form": retry,
            "since": since,
            "chosen_file": _chosen_file(request, form),
        },
        status=409,
    )


@internal_readers_only
def evidence(request, pk):
    update = get_object_or_404(ProgressUpdate.objects.select_related("action"), pk=pk)
    if not update.evidence_file or not request.user.has_perm(
        "actions.read_internal", update.action
    ):
        raise Http404
    try:
        handle = update.evidence_file.open("rb")
    except FileNotFoundError as error:
        raise Http404("The evidence file is missing.") from error
    return FileResponse(
        handle, as_attachment=True, filename=update.evidence_file.name.split("/")[-1]
    )


@staff_only
def plain_english_hints(request):
    """The hints for a piece of text, as an HTML fragment for the live check."""
    text = request.GET.get("text", "")[:5000]
    return render(
        request, "includes/_plain_english_hints.html", {"hints": hints(text, Glossary.load())}
    )
