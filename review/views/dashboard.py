"""The review dashboard: what changed since the last review, and what waits for an answer."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from sutton_send.clock import date_time
from workspace.access import internal_readers_only
from workstreams.models import Statement

from ..changes import awaiting_answers, build_review
from ..forms import MarkReviewedForm
from ..models import ReviewVisit


@internal_readers_only
def dashboard(request):
    return _dashboard(request, MarkReviewedForm(initial={"seen_up_to": timezone.now()}))


@internal_readers_only
@require_POST
def mark_reviewed(request):
    form = MarkReviewedForm(request.POST)
    if not form.is_valid():
        return _dashboard(request, form)
    seen = form.cleaned_data["seen_up_to"]
    visit, created = ReviewVisit.objects.get_or_create(
        user=request.user, defaults={"last_reviewed_at": seen}
    )
    if not created:
        # Only ever forward, compared and written in one statement: a mark another tab
        # saves meanwhile, for a later time, is never taken back.
        ReviewVisit.objects.filter(pk=visit.pk, last_reviewed_at__lt=seen).update(
            last_reviewed_at=seen
        )
    messages.success(
        request,
        f"Marked as reviewed. Changes after {date_time(timezone.localtime(seen))} "
        "will show here next time.",
    )
    return redirect("review:dashboard")


def _dashboard(request, form):
    review = build_review(request.user)
    return render(
        request,
        "review/dashboard.html",
        {
            "review": review,
            "awaiting": awaiting_answers(request.user, review.my_workstreams),
            "statements": Statement.objects.exclude(status=Statement.Status.ARCHIVED),
            "form": form,
            "mark_form": form,
        },
    )
