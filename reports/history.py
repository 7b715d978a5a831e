"""Rows as they stood at a moment, read from django-simple-history's records.

simple-history writes a record of the whole row on every save, create and delete
(`Model.history`), each dated `history_date`. `as_it_stood` reads, for each row,
its newest record from before a moment: `Model.history.as_of(moment)` does the
same, but for one model at a time with no filter, and loses the record's own
fields (`history_id`, `links_recorded`).
"""

from django.db.models import Exists, OuterRef, Subquery, Value


def as_it_stood(model, moment, *, record_fields=(), **filters):
    """The rows of `model` matching `filters` as they stood just before `moment`, in one query.

    Returns unsaved instances built from each row's newest history record written
    before `moment`: rows deleted by then, and rows whose first record is later (not
    yet created), are left out. `filters` apply to the records, so they match a row
    as it was then. Each instance also carries `history_id` and each of
    `record_fields` (fields only the history record has, such as `links_recorded`).

    A row with no history record at all was written in bulk (the load-test data
    is): it cannot be dated, so it is taken as it is now, with `history_id` and the
    `record_fields` None.
    """
    history = model.history.model
    kept = {field.attname for field in history._meta.concrete_fields}
    fields = [field.attname for field in model._meta.concrete_fields if field.attname in kept]
    extra = ["history_id", *record_fields]
    newest = (
        history.objects.filter(id=OuterRef("id"), history_date__lt=moment)
        .order_by("-history_date", "-history_id")
        .values("history_id")[:1]
    )
    recorded = (
        history.objects.filter(**filters, history_id=Subquery(newest))
        .exclude(history_type="-")
        .order_by()
        .values_list(*fields, *extra)
    )
    never_recorded = (
        model._base_manager.filter(**filters)
        .exclude(Exists(history.objects.filter(id=OuterRef("pk"))))
        .order_by()
        .annotate(
            **{name: Value(None, output_field=history._meta.get_field(name)) for name in extra}
        )
        .values_list(*fields, *extra)
    )
    rows = []
    for row in recorded.union(never_recorded, all=True).order_by():
        instance = model.from_db(history.objects.db, fields, row[: len(fields)])
        for name, value in zip(extra, row[len(fields) :], strict=True):
            setattr(instance, name, value)
        rows.append(instance)
    return rows
