"""The full change history of one part of the plan, for programme managers.

django-simple-history keeps a copy of the row at every save (who, when, and what
kind of change); this page lays the copies side by side as "before" and "after"
for each field that changed. It works for deleted objects too: their history is kept.
An action's records also keep its links (the weaknesses it addresses and the
measures it should move), so a change to them shows as a field change would.
Records written before links were kept have none (`links_recorded` is False):
no link change is shown against them. Other links (a workstream's weaknesses,
for example) are not part of these records.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.views.decorators.http import require_GET
from simple_history.utils import get_m2m_reverse_field_name

from actions.models import Action
from sutton_send.clock import date_time
from workstreams.models import (
    Measurement,
    Milestone,
    Owner,
    Statement,
    SuccessMeasure,
    Weakness,
    Workstream,
)
from workstreams.models.measure import plain_number
from workstreams.references import reference_key

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

# A link list, as people read it: the label of each kind of link, and how each
# linked object is named and ordered (weaknesses by number, measures as counted).
LINK_LABELS = {"weaknesses": "Weaknesses addressed", "measures": "Measures"}
LINK_NAMES = {
    Weakness: ("number", lambda number: f"Weakness {number}", lambda number: number),
    SuccessMeasure: ("reference", str, reference_key),
}


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
        return date_time(timezone.localtime(value))
    if isinstance(value, datetime.date):
        return formats.date_format(value, "j F Y")
    if isinstance(value, Decimal):
        return plain_number(value)  # 77, not 77.00
    return str(value)


@dataclass(frozen=True)
class Links:
    """The copies of one kind of link kept with a model's records."""

    label: str
    by_record: dict  # history_id -> frozenset of the linked objects' ids
    names: dict  # linked object's id -> (sort key, name)

    def display(self, ids):
        if not ids:
            return NOT_SET
        known = [name for _key, name in sorted(self.names[pk] for pk in ids if pk in self.names)]
        unknown = [f"Deleted (number {pk})" for pk in sorted(ids - self.names.keys())]
        return ", ".join(known + unknown)


def _links(history_model, pk):
    """Each kind of link kept with the records of object `pk`: one query per kind."""
    links = {}
    for field in getattr(history_model, "_history_m2m_fields", ()):
        copies = getattr(history_model, field.name).model
        target = get_m2m_reverse_field_name(field)
        name_field, name, key = LINK_NAMES[field.related_model]
        rows = copies.objects.filter(history__id=pk).values_list(
            "history_id", f"{target}_id", f"{target}__{name_field}"
        )
        by_record, names, missing = {}, {}, set()
        for history_id, linked, value in rows:
            by_record.setdefault(history_id, set()).add(linked)
            if value is None:
                missing.add(linked)
            else:
                names[linked] = (key(value), name(value))
        if missing:  # deleted since: named as their history last had them
            gone = field.related_model.history.filter(id__in=missing)
            for linked, value in gone.order_by("history_date", "history_id").values_list(
                "id", name_field
            ):
                names[linked] = (key(value), f"{name(value)} (deleted)")
        links[field] = Links(
            label=LINK_LABELS[field.name],
            by_record={history_id: frozenset(ids) for history_id, ids in by_record.items()},
            names=names,
        )
    return links


def _field_change(field, record, previous, names):
    after = getattr(record, field.attname)
    if previous is None:
        if after in (None, ""):
            return None
        return Change(capfirst(field.verbose_name), "", _display(field, after, names))
    before = getattr(previous, field.attname)
    if before == after:
        return None
    return Change(
        capfirst(field.verbose_name),
        _display(field, before, names),
        _display(field, after, names),
    )


def _links_recorded(record):
    return getattr(record, "links_recorded", True)


def _link_change(links, record, previous):
    """Only between two records that both hold a copy of the links."""
    if not _links_recorded(record) or (previous is not None and not _links_recorded(previous)):
        return None
    after = links.by_record.get(record.history_id, frozenset())
    if previous is None:
        return Change(links.label, "", links.display(after)) if after else None
    before = links.by_record.get(previous.history_id, frozenset())
    if before == after:
        return None
    return Change(links.label, links.display(before), links.display(after))


def _entries(model, records, links):
    """Newest first: what each save changed, against the save before it."""
    fields = _tracked_fields(model)
    names = _related_names(fields, records)
    # Links take their place among the fields, in the order the model declares them.
    tracked = sorted([*fields, *links], key=lambda field: field.creation_counter)
    entries = []
    previous = None
    for record in records:
        changes = []
        if record.history_type != "-":
            for field in tracked:
                if field in links:
                    change = _link_change(links[field], record, previous)
                else:
                    change = _field_change(field, record, previous, names)
                if change is not None:
                    changes.append(change)
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
            "entries": _entries(model_class, records, _links(model_class.history.model, pk)),
            "links_not_always_recorded": not all(map(_links_recorded, records)),
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
