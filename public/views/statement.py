"""The published statement: the pages families read. No login, public fields only.

Each page answers revalidation with 304 (conditional_on_statement) and is served
to anonymous readers from the cache until anything in its statement changes
(cache_public_page). None of these views reads request.GET.
"""

from django.shortcuts import get_object_or_404, render

from actions.models import Action
from reports.weakness_progress import weakness_progress
from workstreams.models import Statement
from workstreams.references import by_reference, by_workstream_and_reference

from .. import outline
from ..cache import cache_public_page
from ..conditional import conditional_on_statement


@conditional_on_statement
@cache_public_page
def home(request):
    statements = list(Statement.objects.published())
    if len(statements) == 1:
        return _statement_page(request, statements[0])
    return render(request, "public/statement_list.html", {"statements": statements})


@conditional_on_statement
@cache_public_page
def statement_detail(request, slug):
    return _statement_page(request, outline.published_statement(slug))


def _statement_page(request, statement):
    actions = by_workstream_and_reference(outline.public_actions(statement))
    return render(
        request,
        "public/statement.html",
        {
            "statement": statement,
            "counts": Action.objects.filter(statement=statement).progress_counts(),
            "sections": outline.weakness_sections(statement, actions),
            "workstreams": statement.workstreams.select_related("lead"),
        },
    )


@conditional_on_statement
@cache_public_page
def weakness_detail(request, slug, number):
    """The public progress page for one weakness: what a revisit would look at, for families."""
    statement = outline.published_statement(slug)
    weakness = get_object_or_404(statement.weaknesses, number=number)
    weakness.statement = statement
    return render(
        request,
        "public/weakness.html",
        {
            "statement": statement,
            "weakness": weakness,
            "progress": weakness_progress(weakness, internal=False),
        },
    )


@conditional_on_statement
@cache_public_page
def workstream_detail(request, slug, number):
    statement = outline.published_statement(slug)
    workstream = get_object_or_404(statement.workstreams.select_related("lead"), number=number)
    return render(
        request,
        "public/workstream.html",
        {
            "statement": statement,
            "workstream": workstream,
            "weaknesses": workstream.weaknesses.all(),
            "has_parent_representatives": workstream.memberships.exists(),
            "counts": workstream.actions.progress_counts(),
            "actions": by_workstream_and_reference(
                outline.public_actions(statement).filter(workstream=workstream)
            ),
        },
    )


@conditional_on_statement
@cache_public_page
def actions_by_progress(request, slug, progress):
    """The actions at one stage of progress (or late), linked from the statement's counts."""
    statement = outline.published_statement(slug)
    actions = by_workstream_and_reference(progress.actions(statement))
    counts = Action.objects.filter(statement=statement).progress_counts()
    return render(
        request,
        "public/actions_by_progress.html",
        {
            "statement": statement,
            "progress": progress,
            "count": len(actions),
            "total": counts.total,
            "groups": outline.group_by_workstream(actions),
            "other_lists": [
                (other, getattr(counts, other.count))
                for other in outline.PROGRESS_LISTS.values()
                if other != progress
            ],
        },
    )


@conditional_on_statement
@cache_public_page
def action_detail(request, slug, reference):
    statement = outline.published_statement(slug)
    action = get_object_or_404(
        Action.objects.filter(statement=statement).select_related(
            "statement", "workstream__statement", "owner"
        ),
        reference=reference,
    )
    return render(
        request,
        "public/action.html",
        {
            "statement": statement,
            "action": action,
            "weaknesses": action.weaknesses.select_related("statement"),
            "public_updates": action.updates.exclude(public_summary="").only(
                "created_at", "public_summary", "status_after", "action_id"
            ),
            "measures": by_reference(outline.measures_with_values(action.measures.all())),
        },
    )


@conditional_on_statement
@cache_public_page
def measures(request, slug):
    statement = outline.published_statement(slug)
    return render(
        request,
        "public/measures.html",
        {
            "statement": statement,
            "measures": by_reference(outline.statement_measures(statement)),
        },
    )
