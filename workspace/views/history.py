"""The full change history of one part of the plan, for programme managers.

django-simple-history keeps a copy of the row at every save (who, when, and what
kind of change); this page lays the copies side by side as "before" and "after"
for each field that changed. It works for deleted objects too: their history is kept.
Links between objects (which weaknesses an action addresses, for example) are
many-to-many and not part of these records.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.views.decorators.http import require_GET

from actions.models import Action
from workstreams.models import (
    Measurement,
    Milestone,
    Owner,
    Statement,
    SuccessMeasure,
    Weakness,
    Workstream,
)

from ..access import managers_only

HISTORY_MODELS = {
    model._meta.model_name: model
    for model in (
        Statement,
        Weakness,
        Workstream,
        Owner,
        SuccessMeasure,
        Milestone,
        Measurement,
        Action,
    )
}
KINDS = {"+": "Created", "~": "Changed", "-": "Deleted"}
NOT_SET = "Not set"
NOT_RECORDED = "Not recorded (a change made outside the service)"


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Entry:
    kind: str
    when: datetime.datetime
    who: str
    reason: str
    changes: list[Change]


def _tracked_fields(model):
    """The fields people edit, in the model's order (not ids, versions or timestamps)."""
    return [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def _person(user):
    if user is None:
        return NOT_RECORDED
    return user.get_full_name() or user.get_username()


def _related_names(fields, records):
    """For each foreign key, the names of the objects it pointed at: one query per field."""
    names = {}
    for field in fields:
        if field.is_relation:
            pks = {getattr(record, field.attname) for record in records} - {None}
            related = field.related_model._base_manager.in_bulk(pks)
            names[field.attname] = {
                pk: _person(obj) if hasattr(obj, "get_username") else str(obj)
                for pk, obj in related.items()
            }
    return names


def _display(field, value, names):
    if value is None or value == "":
        return NOT_SET
    if field.is_relation:
        return names[field.attname].get(value, f"Deleted (number {value})")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return formats.date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    return str(value)


def _entries(model, records):
    """Newest first: what each save changed, against the save before it."""
    fields = _tracked_fields(model)
    names = _related_names(fields, records)
    entries = []
    previous = None
    for record in records:
        changes = []
        if record.history_type != "-":
            for field in fields:
                after = getattr(record, field.attname)
                before = getattr(previous, field.attname) if previous is not None else None
                if previous is None and after in (None, ""):
                    continue
                if previous is None or before != after:
                    changes.append(
                        Change(
                            field=capfirst(field.verbose_name),
                            before="" if previous is None else _display(field, before, names),
                            after=_display(field, after, names),
                        )
                    )
        entries.append(
            Entry(
                kind=KINDS.get(record.history_type, record.history_type),
                when=record.history_date,
                who=_person(record.history_user),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    entries.reverse()
    return entries


@managers_only
@require_GET
def object_history(request, model, pk):
    model_class = HISTORY_MODELS.get(model)
    if model_class is None:
        raise Http404("No history is kept for that kind of thing.")
    records = list(
        model_class.history.filter(id=pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    if not records:
        raise Http404("Nothing with that number has any history.")
    current = model_class._base_manager.filter(pk=pk).first()
    return render(
        request,
        "workspace/history.html",
        {
            "kind": model_class._meta.verbose_name,
            "label": _label(current if current is not None else records[-1].instance),
            "deleted": current is None,
            "back_url": _back_url(
                pk if model_class is Statement else getattr(records[-1], "statement_id", None)
            ),
            "entries": _entries(model_class, records),
        },
    )


def _back_url(statement_id):
    """The statement's page in the plan builder, when there is one."""
    if statement_id is not None:
        try:
            return reverse("workspace:statement_detail", kwargs={"pk": statement_id})
        except NoReverseMatch:
            pass
    return reverse("workspace:dashboard")


def _label(obj):
    try:
        return str(obj)
    except ObjectDoesNotExist:  # a deleted object whose name needs another deleted one
        return f"{capfirst(obj._meta.verbose_name)} number {obj.pk}"
