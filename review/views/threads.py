"""An action's or a measure's page in the review area: its progress, its parents' view
and its comment threads, where representatives comment and officers answer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from actions.coproduction import hide_comment, post_comment
from actions.models import Action, Comment
from workspace.access import internal_readers_only
from workspace.views.actions import update_page_with_reply
from workstreams.models import Measurement, SuccessMeasure
from workstreams.references import by_reference

from ..discussion import comment_url, discussion_for, parents_views_of, subject_url
from ..forms import CommentForm, HideCommentForm, ReplyForm


def _action(pk):
    return get_object_or_404(
        Action.objects.select_related("statement", "workstream__lead", "owner"), pk=pk
    )


def _measure(pk):
    return get_object_or_404(
        SuccessMeasure.objects.select_related("statement", "owner", "weakness"), pk=pk
    )


def _check_readable(request, subject):
    if not request.user.has_perm("actions.read_internal", subject):
        raise PermissionDenied


@internal_readers_only
@require_http_methods(["GET", "POST"])
def action_page(request, pk):
    action = _action(pk)
    _check_readable(request, action)
    return _comment_or_show(request, action, "actions.comment_on_action")


@internal_readers_only
@require_http_methods(["GET", "POST"])
def measure_page(request, pk):
    measure = _measure(pk)
    _check_readable(request, measure)
    return _comment_or_show(request, measure, "actions.comment_on_measure")


def _comment_or_show(request, subject, perm):
    if request.method == "GET":
        return subject_page(request, subject)
    if not request.user.has_perm(perm, subject):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            comment = post_comment(
                subject,
                request.user,
                form.cleaned_data["body"],
                page_url=request.build_absolute_uri(subject_url(subject)),
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _posted_message(comment))
            return redirect(comment_url(comment))
    return subject_page(request, subject, comment_form=form, form=form)


def _posted_message(comment):
    if comment.answers_its_thread:
        return "Your answer was posted."
    if comment.is_answer:  # from someone who answers, so it waits for nothing
        return "Your comment was posted."
    return "Your comment was posted. It shows as awaiting response until it is answered."


def subject_page(request, subject, *, comment_form=None, bound_reply=None, form=None):
    """The page of an action or a measure, with any submitted form and its errors."""
    discussion = discussion_for(
        subject, request.user, comment_form=comment_form, bound_reply=bound_reply
    )
    context = {
        "subject": subject,
        "discussion": discussion,
        "parents_views": parents_views_of(subject) if isinstance(subject, Action) else [],
        "form": form,
    }
    if isinstance(subject, Action):
        context.update(
            action=subject,
            updates=subject.updates.select_related("author").order_by("-created_at", "-pk"),
            measures=by_reference(subject.measures.order_by("reference")),
            weaknesses=subject.weaknesses.order_by("number"),
            can_give_view=request.user.has_perm("actions.give_parents_view", subject),
            can_publish_view=request.user.has_perm("actions.publish_parents_view", subject),
        )
        template = "review/action.html"
    else:
        context.update(
            measure=subject,
            figures=Measurement.objects.filter(measure=subject)
            .select_related("recorded_by")
            .order_by("-measured_on"),
            actions=by_reference(
                subject.actions.select_related("workstream").order_by("reference")
            ),
        )
        template = "review/measure.html"
    return render(request, template, context)


def _thread_root(pk):
    comment = get_object_or_404(
        Comment.objects.select_related(
            "action__statement",
            "action__owner",
            "action__workstream__lead",
            "measure__statement",
            "measure__owner",
            "reply_to",
            "author",
        ),
        pk=pk,
    )
    if comment.reply_to_id:
        return _thread_root(comment.reply_to_id)
    return comment


@internal_readers_only
@require_POST
def reply(request, pk):
    root = _thread_root(pk)
    subject = root.subject
    if not request.user.has_perm("actions.reply_to_comment", subject):
        raise PermissionDenied
    form = ReplyForm(request.POST, thread=root)
    if form.is_valid():
        try:
            comment = post_comment(
                subject,
                request.user,
                form.cleaned_data["body"],
                reply_to=root,
                page_url=request.build_absolute_uri(subject_url(subject)),
            )
        except ValidationError as error:
            form.add_error("body", error)
        else:
            messages.success(request, _posted_message(comment))
            return HttpResponseRedirect(_next(request, form.cleaned_data["next"], comment))
    if isinstance(subject, Action):
        # Written on the officers' update page: it comes back there, not here.
        update_page = update_page_with_reply(request, subject, form)
        if update_page is not None:
            return update_page
    return subject_page(request, subject, bound_reply=form, form=form)


def _next(request, next_url, comment):
    """Back where the reply was written (the officers' update page, say), or to the thread."""
    if (
        next_url.startswith("/")
        and "#" not in next_url
        and url_has_allowed_host_and_scheme(
            next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return f"{next_url}#comment-{comment.pk}"
    return comment_url(comment)


@internal_readers_only
@require_http_methods(["GET", "POST"])
def hide(request, pk):
    comment = get_object_or_404(
        Comment.objects.select_related("author", "action__statement", "measure__statement"),
        pk=pk,
    )
    if not request.user.has_perm("actions.moderate_comments", comment):
        raise PermissionDenied
    if comment.is_hidden:
        messages.success(request, "This comment is already hidden.")
        return redirect(comment_url(comment))
    form = HideCommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            hide_comment(comment, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            messages.success(request, "The comment is hidden. It is kept, with your reason.")
            return redirect(comment_url(comment))
    return render(
        request,
        "review/hide_comment.html",
        {"comment": comment, "form": form, "back": comment_url(comment)},
    )
