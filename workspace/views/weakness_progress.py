"""Progress against a weakness: the internal page a revisit is prepared from, and the
programme manager's plain-English summary of it."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from reports.weakness_progress import weakness_progress as progress_of
from workstreams.glossary import Glossary
from workstreams.models import Weakness
from workstreams.plain_english import hints

from ..access import internal_readers_only
from ..forms.weakness_summary import WeaknessSummaryForm
from .plan import _data, _part, _save, plan_view


@internal_readers_only
@require_GET
def weakness_progress(request, pk):
    weakness = get_object_or_404(
        Weakness.objects.select_related("statement", "progress_summary_updated_by"), pk=pk
    )
    if not request.user.has_perm("workstreams.read_internal", weakness.statement):
        raise PermissionDenied
    return render(
        request,
        "workspace/weakness_progress.html",
        {
            "progress": progress_of(weakness, internal=True),
            "statement": weakness.statement,
            "weakness": weakness,
            "can_edit_summary": request.user.has_perm(
                "workstreams.manage_statement", weakness.statement
            ),
        },
    )


@plan_view
@require_http_methods(["GET", "POST"])
def weakness_summary(request, pk):
    weakness = _part(request, Weakness.objects, pk)
    form = WeaknessSummaryForm(_data(request), instance=weakness, user=request.user)
    # "Check the wording" shows the hints and saves nothing.
    saving = request.method == "POST" and "preview" not in request.POST
    if saving and form.is_valid() and _save(request, form, weakness.statement) is not None:
        messages.success(
            request, f"The summary of progress on weakness {weakness.number} is saved."
        )
        return redirect("workspace:weakness_progress", pk=weakness.pk)
    return render(
        request,
        "workspace/plan/weakness_summary.html",
        {
            "form": form,
            "weakness": weakness,
            "statement": weakness.statement,
            "hints": hints(form["progress_summary"].value(), Glossary.load()),
        },
    )
