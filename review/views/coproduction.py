"""The parents' view of an action or weakness, and publishing "you said, we did"."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from actions.coproduction import (
    publish_parents_view,
    record_parents_view,
    withdraw_you_said,
)
from actions.models import Action, Comment, ParentsView, YouSaidWeDid
from workspace.access import internal_readers_only, managers_only
from workstreams.models import Weakness

from ..discussion import comment_url, parents_views_of
from ..forms import ParentsViewForm, YouSaidForm

# The parents' view ------------------------------------------------------------------


def _view_page_url(subject):
    if isinstance(subject, Action):
        return reverse("review:action", kwargs={"pk": subject.pk}) + "#parents-view"
    return (
        reverse("review:statement", kwargs={"pk": subject.statement_id})
        + f"#weakness-{subject.number}"
    )


@internal_readers_only
@require_http_methods(["GET", "POST"])
def action_parents_view(request, pk):
    action = get_object_or_404(
        Action.objects.select_related("statement", "workstream", "owner"), pk=pk
    )
    return _record_view(request, action)


@internal_readers_only
@require_http_methods(["GET", "POST"])
def weakness_parents_view(request, pk):
    weakness = get_object_or_404(Weakness.objects.select_related("statement"), pk=pk)
    return _record_view(request, weakness)


def _record_view(request, subject):
    if not request.user.has_perm("actions.give_parents_view", subject):
        raise PermissionDenied
    form = ParentsViewForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            record_parents_view(
                subject, request.user, form.cleaned_data["assessment"], form.cleaned_data["reason"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "The parents' view is recorded. Officers see it now; families see it once a "
                "programme manager publishes it.",
            )
            return redirect(_view_page_url(subject))
    return render(
        request,
        "review/parents_view_form.html",
        {
            "subject": subject,
            "is_action": isinstance(subject, Action),
            "form": form,
            "views": parents_views_of(subject),
            "back": _view_page_url(subject),
        },
    )


@managers_only
@require_POST
def publish_view(request, pk):
    view = get_object_or_404(
        ParentsView.objects.select_related("action__statement", "weakness__statement"), pk=pk
    )
    if not request.user.has_perm("actions.publish_parents_view", view):
        raise PermissionDenied
    try:
        publish_parents_view(view, request.user)
    except ValidationError as error:
        messages.success(request, " ".join(error.messages))
    else:
        messages.success(request, "The parents' view is published on the public pages.")
    return redirect(_view_page_url(view.subject))


# You said, we did -------------------------------------------------------------------


@managers_only
@require_http_methods(["GET", "POST"])
def you_said(request, pk):
    comment = get_object_or_404(
        Comment.objects.select_related(
            "author", "action__statement", "measure__statement", "you_said"
        ),
        pk=pk,
    )
    if not request.user.has_perm("actions.publish_you_said", comment):
        raise PermissionDenied
    answers = (
        Comment.objects.visible()
        .filter(reply_to_id=comment.thread_id, is_answer=True)
        .select_related("author")
        .order_by("created_at", "pk")
    )
    entry = getattr(comment, "you_said", None)
    publishable = not comment.is_hidden and not comment.is_answer
    form = YouSaidForm(
        request.POST if request.method == "POST" else None,
        answers=answers,
        comment=comment,
        user=request.user,
        instance=entry,
        initial=None if entry is not None else _initial(comment, answers),
    )
    if request.method == "POST" and publishable and form.is_valid():
        try:
            form.save()
        except ValidationError:
            # The form shows why; after a conflict, with the saved version next to it.
            if form.conflict is not None:
                entry = form.conflict
        else:
            messages.success(request, "Published on the “You said, we did” page.")
            return redirect(comment_url(comment))
    return render(
        request,
        "review/you_said_form.html",
        {
            "comment": comment,
            "entry": entry,
            "form": form,
            "publishable": publishable,
            "has_answers": form.fields["answer"].queryset.exists() if publishable else False,
            "back": comment_url(comment),
        },
    )


def _initial(comment, answers):
    """A starting point for a first publication: the comment and its first answer."""
    first = answers.first()
    return {
        "you_said": comment.body[:1000],
        "we_did": first.body[:2000] if first else "",
        "answer": first.pk if first else None,
    }


@managers_only
@require_POST
def withdraw(request, pk):
    entry = get_object_or_404(
        YouSaidWeDid.objects.select_related(
            "comment__action__statement", "comment__measure__statement"
        ),
        pk=pk,
    )
    if not request.user.has_perm("actions.publish_you_said", entry.comment):
        raise PermissionDenied
    try:
        withdraw_you_said(entry, request.user)
    except ValidationError as error:
        messages.success(request, " ".join(error.messages))
    else:
        messages.success(request, "Taken off the “You said, we did” page. The record is kept.")
    return redirect(comment_url(entry.comment))
