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


# The history record each object got last in this thread's open transaction:
# {(database alias, model, pk): (history_id, history_date)}. Emptied as each
# transaction commits; after a rollback an entry can outlive its record, so it
# is only trusted while that record is still the action's newest.
_records_this_transaction = threading.local()


def _records():
    if not hasattr(_records_this_transaction, "newest"):
        _records_this_transaction.newest = {}
    return _records_this_transaction.newest


def _forget(key, record):
    if _records().get(key) == record:
        del _records()[key]


class HistoricalRecordsWithLinks(HistoricalRecords):
    """Records that also keep the links (`m2m_fields`), one record per save.

    django-simple-history copies the links into every record, but it also writes
    a whole new record for each add, remove or clear. A form that changes an
    action's title, weaknesses and measures would leave five records, four of
    them showing states the action never had once saved (no weaknesses at all,
    between the remove and the add). Here a link change made in the transaction that
    wrote the action's newest record updates that record's copy instead; with no
    record yet in this transaction, or outside one, it writes a new record as the
    library does. Links restored by loaddata are not a change (the backup brings
    its records), and a change made from the other end (`weakness.actions.add()`)
    is recorded on each action it touches, not on the weakness.
    """

    def create_historical_record_m2ms(self, history_instance, instance):
        super().create_historical_record_m2ms(history_instance, instance)
        alias = history_instance._state.db
        if transaction.get_connection(alias).in_atomic_block:
            key = self._key(alias, instance)
            _records()[key] = record = (history_instance.pk, history_instance.history_date)
            transaction.on_commit(partial(_forget, key, record), using=alias)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if kwargs.get("raw") or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        field, alias = self.cls._meta.get_field(attr), kwargs["using"]
        if not reverse:
            if hasattr(instance, "skip_history_when_saving"):
                return
            if action == "post_clear" or (action in ("post_add", "post_remove") and pk_set):
                self._record_links(instance, field, alias)
            return
        source, target = get_m2m_field_name(field), get_m2m_reverse_field_name(field)
        unlinked = f"_history_unlinked_{attr}"  # what a clear from the other end took away
        if action == "pre_clear":
            linked = field.remote_field.through.objects.using(alias).filter(**{target: instance})
            setattr(instance, unlinked, set(linked.values_list(f"{source}_id", flat=True)))
            return
        if action == "post_clear":
            pk_set = instance.__dict__.pop(unlinked, set())
        elif action not in ("post_add", "post_remove"):
            return
        for changed in self.cls._default_manager.using(alias).filter(pk__in=pk_set or ()):
            self._record_links(changed, field, alias)

    def _key(self, alias, instance):
        return (alias, self.cls._meta.label_lower, instance.pk)

    def _newest_is_ours(self, instance, alias):
        """The action's newest record, if this transaction wrote it: (history_id, date)."""
        ours = _records().get(self._key(alias, instance))
        if ours is None or not transaction.get_connection(alias).in_atomic_block:
            return None
        written = getattr(instance, self.manager_name).using(alias).order_by("-history_id")
        return ours if written.values_list("history_id", "history_date").first() == ours else None

    def _record_links(self, instance, field, alias):
        ours = self._newest_is_ours(instance, alias)
        if ours is None:
            self.create_historical_record(instance, "~", using=alias)
            return
        # Bring the copy of these links kept with this transaction's record up to date.
        history_id = ours[0]
        copies = self.m2m_models[field]
        through = field.remote_field.through
        copies.objects.using(alias).filter(history_id=history_id).delete()
        rows = through.objects.using(alias).filter(**{get_m2m_field_name(field): instance})
        copies.objects.using(alias).bulk_create(
            copies(
                history_id=history_id,
                **{f.attname: getattr(row, f.attname) for f in through._meta.fields},
            )
            for row in rows
        )
