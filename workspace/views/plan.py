"""Programme managers build and change the plan here, without the Django admin.

Every view is for programme managers only and checks `workstreams.manage_statement`
on the statement. Saves run in one transaction that first locks the statement row,
so a statement archived mid-edit cannot be changed; archived statements are
read-only and every change page says so with a 403 page.
"""

import copy
import functools
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from actions.models import Action
from workstreams.freshness import lock_statements_touched_by
from workstreams.models import (
    Owner,
    Statement,
    SuccessMeasure,
    Weakness,
    Workstream,
    WorkstreamMembership,
)
from workstreams.references import by_reference, by_workstream_and_reference

from ..access import managers_only
from ..forms.measurement import MilestoneForm
from ..forms.plan import (
    ActionForm,
    OwnerForm,
    RepresentativeForm,
    StatementForm,
    SuccessMeasureForm,
    WeaknessForm,
    WorkstreamForm,
    person_name,
)
from .history import HISTORY_MODELS

FORM_TEMPLATE = "workspace/plan/form.html"


class StatementArchived(Exception):
    """A change was asked of an archived (read-only) statement."""

    def __init__(self, statement):
        super().__init__(f"{statement} is archived.")
        self.statement = statement


def plan_view(view):
    """Programme managers only, never cached; archived statements get the read-only page."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except StatementArchived as archived:
            return render(
                request,
                "workspace/plan/read_only.html",
                {"statement": archived.statement},
                status=403,
            )

    return managers_only(wrapped)


def _check_may_manage(request, statement=None):
    if not request.user.has_perm("workstreams.manage_statement", statement):
        raise PermissionDenied


def _refuse_if_archived(statement):
    if statement.status == Statement.Status.ARCHIVED:
        raise StatementArchived(statement)


def _statement(request, pk, *, for_change=True):
    statement = get_object_or_404(Statement, pk=pk)
    _check_may_manage(request, statement)
    if for_change:
        _refuse_if_archived(statement)
    return statement


def _part(request, queryset, pk):
    """Something inside a statement, to change: a weakness, workstream, measure or action."""
    obj = get_object_or_404(queryset.select_related("statement"), pk=pk)
    _check_may_manage(request, obj.statement)
    _refuse_if_archived(obj.statement)
    return obj


def _lock_editable(statement):
    """Inside a transaction: lock the statement row and refuse if it is archived by now."""
    try:
        return Statement.objects.lock_for_change(statement.pk)
    except ValidationError as archived:
        raise StatementArchived(statement) from archived


def _save(request, form, statement):
    """Save the form in one transaction; None (and the form shows why) if it could not."""
    form.instance._history_user = request.user
    try:
        with transaction.atomic():
            if statement is not None:
                _lock_editable(statement)
            return form.save()
    except ValidationError:
        return None


def _data(request):
    return request.POST if request.method == "POST" else None


def _form_page(request, form, *, statement, title, saved, button, caption="", back_url=None):
    """GET shows the form; a valid POST saves and goes back to the statement."""
    if request.method == "POST" and form.is_valid():
        obj = _save(request, form, statement)
        if obj is not None:
            messages.success(request, saved(obj))
            if back_url:
                return redirect(back_url)
            return redirect("workspace:statement_detail", pk=statement.pk if statement else obj.pk)
    if back_url is None and statement is not None:
        back_url = reverse("workspace:statement_detail", kwargs={"pk": statement.pk})
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "statement": statement,
            "title": title,
            "caption": caption or (statement.title if statement else ""),
            "button": button,
            "back_url": back_url or reverse("workspace:statements"),
            "history_url": _history_url(form.instance),
        },
    )


def _history_url(instance):
    """Where to read who changed `instance` and when, if it is saved and history is kept."""
    name = instance._meta.model_name
    if instance.pk is None or name not in HISTORY_MODELS:
        return None
    return reverse("workspace:history", kwargs={"model": name, "pk": instance.pk})


# Statements ---------------------------------------------------------------


def _count(model):
    """How many `model` rows the statement has, as a subquery (no join fan-out)."""
    rows = (
        model.objects.filter(statement=OuterRef("pk"))
        .order_by()
        .values("statement")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


@plan_view
@require_GET
def statements(request):
    _check_may_manage(request)
    listed = Statement.objects.annotate(
        weakness_count=_count(Weakness),
        workstream_count=_count(Workstream),
        action_count=_count(Action),
        measure_count=_count(SuccessMeasure),
    )
    return render(request, "workspace/plan/statement_list.html", {"statements": listed})


@plan_view
@require_http_methods(["GET", "POST"])
def statement_new(request):
    _check_may_manage(request)
    form = StatementForm(_data(request), instance=Statement())
    return _form_page(
        request,
        form,
        statement=None,
        title="Create a statement",
        caption="New statement of action",
        button="Create statement",
        saved=lambda s: f"Statement “{s.title}” created as a draft.",
    )


@plan_view
@require_GET
def statement_detail(request, pk):
    statement = _statement(request, pk, for_change=False)
    workstreams = statement.workstreams.select_related("lead").prefetch_related(
        "weaknesses",
        Prefetch(
            "memberships",
            queryset=WorkstreamMembership.objects.select_related("user"),
        ),
    )
    actions = by_workstream_and_reference(
        statement.actions.select_related("workstream", "owner").prefetch_related("weaknesses")
    )
    # Subqueries rather than joins: one row per owner however many actions they own.
    owners = Owner.objects.filter(
        Q(pk__in=statement.actions.values("owner"))
        | Q(pk__in=statement.workstreams.values("lead"))
        | Q(pk__in=statement.measures.values("owner"))
    ).order_by("name")
    context = {
        "statement": statement,
        "editable": statement.status != Statement.Status.ARCHIVED,
        "weaknesses": statement.weaknesses.all(),
        "workstreams": workstreams,
        "measures": by_reference(statement.measures.select_related("owner", "weakness")),
        "actions": actions,
        "owners": owners,
        "today": timezone.localdate(),
    }
    return render(request, "workspace/plan/statement_detail.html", context)


@plan_view
@require_http_methods(["GET", "POST"])
def statement_edit(request, pk):
    statement = _statement(request, pk)
    form = StatementForm(_data(request), instance=statement)
    return _form_page(
        request,
        form,
        statement=statement,
        title="Edit the statement’s details",
        button="Save changes",
        saved=lambda s: f"Statement “{s.title}” saved.",
    )


@dataclass(frozen=True)
class Transition:
    method: str
    title: str
    explanation: str
    button: str
    done: str
    warning: bool = False


TRANSITIONS = {
    "publish": Transition(
        method="publish",
        title="Publish this statement",
        explanation=(
            "Publishing puts the statement on the public website, where anyone can read it: "
            "families, schools and inspectors. They will see its weaknesses, workstreams, "
            "actions, owners’ job titles and measures, and every summary written for "
            "families. Internal notes, evidence files, email addresses and parent "
            "representatives’ names stay private. You can unpublish it later."
        ),
        button="Publish statement",
        done="“{title}” is published on the public website.",
    ),
    "unpublish": Transition(
        method="unpublish",
        title="Unpublish this statement",
        explanation=(
            "Unpublishing takes the statement off the public website: families will no "
            "longer be able to read it, and its open data stops. It becomes a draft again. "
            "Nothing is deleted, and you can publish it again at any time."
        ),
        button="Unpublish statement",
        done="“{title}” is no longer on the public website. It is a draft again.",
    ),
    "archive": Transition(
        method="archive",
        title="Archive this statement",
        explanation=(
            "Archiving keeps everything in the statement as a record, and takes it off the "
            "public website. After that nobody can change it: not its details, weaknesses, "
            "workstreams, measures or actions, and officers can no longer record progress "
            "on its actions. An archived statement cannot be published again."
        ),
        button="Archive statement",
        done="“{title}” is archived. It is kept as a record and can no longer be changed.",
        warning=True,
    ),
}


def _change_status(request, pk, name):
    statement = _statement(request, pk, for_change=False)
    transition = TRANSITIONS[name]
    errors = []
    if request.method == "POST":
        try:
            with transaction.atomic():
                current = Statement.objects.select_for_update().get(pk=statement.pk)
                getattr(current, transition.method)()
                current._history_user = request.user
                current.save(update_fields=["status", "published_at", "updated_at"])
        except ValidationError as error:
            errors = error.messages
            statement.refresh_from_db()
        else:
            messages.success(request, transition.done.format(title=current.title))
            return redirect("workspace:statement_detail", pk=statement.pk)
    else:
        # Say before the button is pressed if it cannot be done (nothing is saved).
        try:
            getattr(copy.copy(statement), transition.method)()
        except ValidationError as error:
            errors = error.messages
    return render(
        request,
        "workspace/plan/confirm.html",
        {"statement": statement, "transition": transition, "errors": errors},
    )


@plan_view
@require_http_methods(["GET", "POST"])
def statement_publish(request, pk):
    return _change_status(request, pk, "publish")


@plan_view
@require_http_methods(["GET", "POST"])
def statement_unpublish(request, pk):
    return _change_status(request, pk, "unpublish")


@plan_view
@require_http_methods(["GET", "POST"])
def statement_archive(request, pk):
    return _change_status(request, pk, "archive")


# Weaknesses, workstreams, measures and actions -------------------------------


@plan_view
@require_http_methods(["GET", "POST"])
def weakness_new(request, pk):
    statement = _statement(request, pk)
    form = WeaknessForm(_data(request), instance=Weakness(statement=statement))
    return _form_page(
        request,
        form,
        statement=statement,
        title="Add a weakness",
        button="Add weakness",
        saved=lambda w: f"Weakness {w.number} added.",
    )


@plan_view
@require_http_methods(["GET", "POST"])
def weakness_edit(request, pk):
    weakness = _part(request, Weakness.objects, pk)
    form = WeaknessForm(_data(request), instance=weakness)
    return _form_page(
        request,
        form,
        statement=weakness.statement,
        title=f"Edit weakness {weakness.number}",
        button="Save changes",
        saved=lambda w: f"Weakness {w.number} saved.",
    )


@plan_view
@require_http_methods(["GET", "POST"])
def workstream_new(request, pk):
    statement = _statement(request, pk)
    form = WorkstreamForm(_data(request), instance=Workstream(statement=statement))
    return _form_page(
        request,
        form,
        statement=statement,
        title="Add a workstream",
        button="Add workstream",
        saved=lambda w: f"Workstream {w.number} added. Add its parent representatives next.",
    )


@plan_view
@require_http_methods(["GET", "POST"])
def workstream_edit(request, pk):
    workstream = _part(request, Workstream.objects, pk)
    form = WorkstreamForm(_data(request), instance=workstream)
    return _form_page(
        request,
        form,
        statement=workstream.statement,
        title=f"Edit workstream {workstream.number}",
        button="Save changes",
        saved=lambda w: f"Workstream {w.number} saved.",
    )


@plan_view
@require_http_methods(["GET", "POST"])
def workstream_representatives(request, pk):
    workstream = _part(request, Workstream.objects, pk)
    form = RepresentativeForm(_data(request), workstream=workstream)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                _lock_editable(workstream.statement)
                membership = form.save(by=request.user)
        except ValidationError:
            pass
        else:
            messages.success(
                request,
                f"{person_name(membership.user)} added to workstream {workstream.number} "
                f"as a parent representative.",
            )
            return redirect("workspace:workstream_representatives", pk=workstream.pk)
    members = workstream.memberships.select_related("user").order_by(
        "user__first_name", "user__last_name", "user__username"
    )
    return render(
        request,
        "workspace/plan/representatives.html",
        {
            "statement": workstream.statement,
            "workstream": workstream,
            "members": members,
            "form": form,
        },
    )


def _remove(request, statement, queryset, **lookup):
    """Delete the row of `queryset` that `lookup` (one id) finds, under the statement's
    lock, naming who did it. Returns the row deleted, or None if it was already gone."""
    (number,) = lookup.values()
    # An id past what the database holds is nothing (SQLite would raise OverflowError).
    if number >= 2**63:
        return None
    with transaction.atomic():
        _lock_editable(statement)
        row = queryset.filter(**lookup).first()
        if row is not None:
            row._history_user = request.user
            row.delete()
    return row


@plan_view
@require_POST
def workstream_representative_remove(request, pk, user_pk):
    workstream = _part(request, Workstream.objects, pk)
    members = workstream.memberships.select_related("user")
    membership = _remove(request, workstream.statement, members, user_id=user_pk)
    if membership is None:
        messages.info(
            request,
            "Nobody was removed: that person was no longer a parent representative on "
            "this workstream.",
        )
    else:
        messages.success(
            request,
            f"{person_name(membership.user)} is no longer a parent representative on "
            f"workstream {workstream.number}.",
        )
    return redirect("workspace:workstream_representatives", pk=workstream.pk)


@plan_view
@require_http_methods(["GET", "POST"])
def measure_new(request, pk):
    statement = _statement(request, pk)
    form = SuccessMeasureForm(_data(request), instance=SuccessMeasure(statement=statement))
    return _form_page(
        request,
        form,
        statement=statement,
        title="Add a measure of success",
        button="Add measure",
        saved=lambda m: f"Measure {m.reference} added.",
    )


@plan_view
@require_http_methods(["GET", "POST"])
def measure_edit(request, pk):
    measure = _part(request, SuccessMeasure.objects, pk)
    form = SuccessMeasureForm(_data(request), instance=measure)
    return _form_page(
        request,
        form,
        statement=measure.statement,
        title=f"Edit measure {measure.reference}",
        button="Save changes",
        saved=lambda m: f"Measure {m.reference} saved.",
    )


@plan_view
@require_http_methods(["GET", "POST"])
def measure_milestones(request, pk):
    """A measure's trajectory: the values it should reach by dates on the way to its target."""
    measure = _part(request, SuccessMeasure.objects, pk)
    form = MilestoneForm(_data(request), measure=measure)
    if request.method == "POST" and form.is_valid():
        form.instance._history_user = request.user
        try:
            milestone = form.save()
        except ValidationError:
            pass
        else:
            messages.success(
                request,
                f"Milestone added to {measure.reference}: "
                f"{measure.format_value(milestone.value)} by {milestone.due_on:%-d %B %Y}.",
            )
            return redirect("workspace:measure_milestones", pk=measure.pk)
    return render(
        request,
        "workspace/plan/milestones.html",
        {
            "statement": measure.statement,
            "measure": measure,
            "milestones": measure.milestones.order_by("due_on"),
            "form": form,
        },
    )


@plan_view
@require_POST
def milestone_remove(request, pk, milestone_pk):
    measure = _part(request, SuccessMeasure.objects, pk)
    milestone = _remove(request, measure.statement, measure.milestones.all(), pk=milestone_pk)
    if milestone is None:
        messages.info(request, "Nothing was removed: that milestone was already gone.")
    else:
        messages.success(
            request,
            f"Milestone of {measure.format_value(milestone.value)} by "
            f"{milestone.due_on:%-d %B %Y} removed from {measure.reference}.",
        )
    return redirect("workspace:measure_milestones", pk=measure.pk)


@plan_view
@require_http_methods(["GET", "POST"])
def action_new(request, pk):
    statement = _statement(request, pk)
    missing = _needed_before_an_action(statement)
    if missing:
        # A form whose workstream and weaknesses have nothing to choose from is a dead end.
        return render(
            request,
            "workspace/plan/add_first.html",
            {
                "statement": statement,
                "title": "Add an action",
                "missing": missing,
                "missing_words": " or ".join(link["what"] for link in missing),
            },
        )
    form = ActionForm(_data(request), instance=Action(statement=statement))
    return _form_page(
        request,
        form,
        statement=statement,
        title="Add an action",
        button="Add action",
        saved=lambda a: f"Action {a.reference} added.",
    )


def _needed_before_an_action(statement):
    """Links to add what an action must name and the statement does not have yet."""
    needed = []
    if not statement.weaknesses.exists():
        url = reverse("workspace:weakness_new", kwargs={"pk": statement.pk})
        needed.append({"what": "weaknesses", "url": url, "text": "Add a weakness"})
    if not statement.workstreams.exists():
        url = reverse("workspace:workstream_new", kwargs={"pk": statement.pk})
        needed.append({"what": "workstreams", "url": url, "text": "Add a workstream"})
    return needed


@plan_view
@require_http_methods(["GET", "POST"])
def action_edit(request, pk):
    action = _part(request, Action.objects, pk)
    form = ActionForm(_data(request), instance=action)
    return _form_page(
        request,
        form,
        statement=action.statement,
        title=f"Edit action {action.reference}",
        button="Save changes",
        saved=lambda a: f"Action {a.reference} saved.",
    )


# Owners (shared by every statement) -----------------------------------------


def _return_to(request):
    """The statement page to go back to, if the link came from one (`?statement=`)."""
    value = request.GET.get("statement", "")
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        return None
    statement = Statement.objects.filter(pk=int(value)).first()
    if statement is None or not request.user.has_perm("workstreams.manage_statement", statement):
        return None
    return statement


@plan_view
@require_GET
def owners(request):
    _check_may_manage(request)
    listed = Owner.objects.select_related("user").order_by("name", "job_title")
    return render(request, "workspace/plan/owner_list.html", {"owners": listed})


def _owner_page(request, form, *, title, button, saved):
    statement = _return_to(request)
    back_url = (
        reverse("workspace:statement_detail", kwargs={"pk": statement.pk})
        if statement
        else reverse("workspace:owners")
    )
    if request.method == "POST" and form.is_valid():
        form.instance._history_user = request.user
        try:
            with transaction.atomic():
                lock_statements_touched_by(form.instance)
                owner = form.save()
        except ValidationError:
            pass
        else:
            messages.success(request, saved(owner))
            return redirect(back_url)
    return render(
        request,
        FORM_TEMPLATE,
        {
            "form": form,
            "statement": statement,
            "title": title,
            "caption": "Owners",
            "button": button,
            "back_url": back_url,
        },
    )


@plan_view
@require_http_methods(["GET", "POST"])
def owner_new(request):
    _check_may_manage(request)
    form = OwnerForm(_data(request), instance=Owner())
    return _owner_page(
        request,
        form,
        title="Add an owner",
        button="Add owner",
        saved=lambda o: f"{o.name} ({o.job_title}) added as an owner.",
    )


@plan_view
@require_http_methods(["GET", "POST"])
def owner_edit(request, pk):
    _check_may_manage(request)
    owner = get_object_or_404(Owner.objects.select_related("user"), pk=pk)
    form = OwnerForm(_data(request), instance=owner)
    return _owner_page(
        request,
        form,
        title=f"Edit owner: {owner.name}",
        button="Save changes",
        saved=lambda o: f"Owner {o.name} saved.",
    )
