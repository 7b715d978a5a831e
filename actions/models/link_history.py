"""History records that keep an action's links, one record per save.

django-simple-history copies an object's many-to-many links (`m2m_fields`) into
each history record. Its own handling writes a new record for every add, remove
or clear; `HistoricalRecordsWithLinks` folds those into the record the same
transaction wrote, so the history page shows one entry per save.
"""

import threading
from functools import partial

from django.conf import settings
from django.db import models, transaction
from simple_history.models import HistoricalRecords
from simple_history.utils import get_m2m_field_name, get_m2m_reverse_field_name


class LinkSnapshot(models.Model):
    """Added to each historical action: does the record hold a copy of the action's links?"""

    links_recorded = models.BooleanField(
        default=True,
        editable=False,
        help_text="False for records written before links were kept with each record.",
    )

    class Meta:
        abstract = True


# The history records each object got in this thread's open transactions:
# {(database alias, model, pk): {(history_id, history_date), ...}}. Each is
# forgotten when its transaction commits. One rolled back (with its transaction or
# a savepoint) can outlive its record, so a remembered record is only trusted
# while it is still the object's newest; and so that such leftovers cannot pile
# up, the whole memory is dropped past REMEMBERED (the cost: a link change then
# writes a record of its own, as the library would).
_records_this_transaction = threading.local()
REMEMBERED = 10_000


def _records():
    if not hasattr(_records_this_transaction, "records"):
        _records_this_transaction.records = {}
    return _records_this_transaction.records


def _remember(key, record):
    records = _records()
    if len(records) >= REMEMBERED:
        records.clear()
    records.setdefault(key, set()).add(record)


def _forget(key, record):
    remembered = _records().get(key)
    if remembered is not None:
        remembered.discard(record)
        if not remembered:
            del _records()[key]


class HistoricalRecordsWithLinks(HistoricalRecords):
    """Records that also keep the links (`m2m_fields`), one record per save.

    django-simple-history copies the links into every record, but it also writes
    a whole new record for each add, remove or clear. A form that changes an
    action's title, weaknesses and measures would leave five records, four of
    them showing states the action never had once saved (no weaknesses at all,
    between the remove and the add). Here a link change made in the transaction
    that wrote the action's newest record updates that record's copy instead; with
    no record yet in this transaction, or outside one, it writes a new record as
    the library does, unless the links are as the newest record has them.

    Links restored by loaddata are not a change (the backup brings its records).
    A change made from the other end (`weakness.actions.add()`), or the deletion of
    a linked weakness or measure, is recorded on each action it touches.
    """

    def finalize(self, sender, **kwargs):
        super().finalize(sender, **kwargs)
        if sender is not self.cls:
            return
        # Deleting a linked object removes its links without an m2m_changed signal.
        for field in self.get_m2m_fields_from_model(sender):
            for signal, receiver in (
                (models.signals.pre_delete, self._linked_object_deleting),
                (models.signals.post_delete, self._linked_object_deleted),
            ):
                signal.connect(
                    partial(receiver, field=field), sender=field.remote_field.model, weak=False
                )

    def create_historical_record_m2ms(self, history_instance, instance):
        super().create_historical_record_m2ms(history_instance, instance)
        alias = history_instance._state.db
        if transaction.get_connection(alias).in_atomic_block:
            key = self._key(alias, instance)
            record = (history_instance.pk, history_instance.history_date)
            _remember(key, record)
            transaction.on_commit(partial(_forget, key, record), using=alias)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if kwargs.get("raw") or not self._enabled():
            return
        field, alias = self.cls._meta.get_field(attr), kwargs["using"]
        if not reverse:
            if hasattr(instance, "skip_history_when_saving"):
                return
            if action in ("post_add", "post_remove", "post_clear"):
                self._record_links(instance, field, alias)
            return
        # From the other end: `instance` is a weakness or measure, `pk_set` actions.
        if action == "pre_clear":
            self._remember_linked(instance, field, alias)
        elif action == "post_clear":
            self._record_links_of(self._linked_before(instance, field), field, alias)
        elif action in ("post_add", "post_remove"):
            self._record_links_of(pk_set, field, alias)

    def _linked_object_deleting(self, instance, field, using, **kwargs):
        if self._enabled():
            self._remember_linked(instance, field, using)

    def _linked_object_deleted(self, instance, field, using, **kwargs):
        if self._enabled():
            self._record_links_of(self._linked_before(instance, field), field, using)

    def _enabled(self):
        return getattr(settings, "SIMPLE_HISTORY_ENABLED", True)

    def _remember_linked(self, other, field, alias):
        """Before `other` loses its links: the ids of the objects linked to it."""
        through = field.remote_field.through.objects.using(alias)
        linked = through.filter(**{get_m2m_reverse_field_name(field): other})
        ids = set(linked.values_list(f"{get_m2m_field_name(field)}_id", flat=True))
        other.__dict__[f"_history_linked_{field.name}"] = ids

    def _linked_before(self, other, field):
        return other.__dict__.pop(f"_history_linked_{field.name}", set())

    def _record_links_of(self, pks, field, alias):
        for changed in self.cls._base_manager.using(alias).filter(pk__in=pks or ()):
            self._record_links(changed, field, alias)

    def _key(self, alias, instance):
        return (alias, self.cls._meta.label_lower, instance.pk)

    def _record_links(self, instance, field, alias):
        records = getattr(instance, self.manager_name).using(alias)
        newest = records.order_by("-history_id").first()
        through = field.remote_field.through
        rows = list(through.objects.using(alias).filter(**{get_m2m_field_name(field): instance}))
        copies = self.m2m_models[field].objects.using(alias)
        ours = (
            newest is not None
            and transaction.get_connection(alias).in_atomic_block
            and (newest.history_id, newest.history_date)
            in _records().get(self._key(alias, instance), ())
        )
        if ours:
            # Bring the copy of these links kept with this transaction's record up to date.
            copies.filter(history_id=newest.history_id).delete()
            copies.bulk_create(
                copies.model(
                    history_id=newest.history_id,
                    **{f.attname: getattr(row, f.attname) for f in through._meta.fields},
                )
                for row in rows
            )
            return
        if newest is not None and getattr(newest, "links_recorded", True):
            target = f"{get_m2m_reverse_field_name(field)}_id"
            kept = copies.filter(history_id=newest.history_id).values_list(target, flat=True)
            if set(kept) == {getattr(row, target) for row in rows}:
                return  # nothing changed (a link added twice, or one not there removed)
        self.create_historical_record(instance, "~", using=alias)
