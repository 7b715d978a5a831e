"""Edit forms that never silently overwrite someone else's change, and never half-save.

A form opened on a saved object carries a hidden `fingerprint`: a hash of the
saved values of the fields the form edits (many-to-many fields as sorted
primary keys). On save, inside one transaction, the row is re-read with
`select_for_update()` and hashed again. If the hashes differ someone else saved
in between: nothing is written, the form keeps what this person typed, and it
is given the new fingerprint and the other person's version to compare, so a
second save applies their changes on top knowingly.

Only the form's own fields take part, so an officer recording progress on an
action (status, confidence) does not clash with a manager editing its wording,
and the save writes only those fields (`update_fields`), never stale copies of
the rest.
"""

import hashlib
import json

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction

CONFLICT_MESSAGE = (
    "Someone else changed this while you were editing. Their version is shown below; "
    "your changes are kept in the form: check them and save again."
)
GONE_MESSAGE = "Someone else deleted this while you were editing, so it cannot be saved."
SAVE_FAILED_MESSAGE = (
    "This could not be saved because it clashes with something saved at the same time. "
    "Check the details and save again."
)


def fingerprint(instance, field_names):
    """A hash of `instance`'s values for `field_names`, as saved in the database."""
    opts = instance._meta
    values = {}
    for name in sorted(field_names):
        field = opts.get_field(name)
        if field.many_to_many:
            related = getattr(instance, name).order_by("pk").values_list("pk", flat=True)
            values[name] = list(related) if instance.pk else []
        else:
            values[name] = field.value_from_object(instance)
    payload = json.dumps(values, sort_keys=True, cls=DjangoJSONEncoder)
    return hashlib.sha256(payload.encode()).hexdigest()


class ConcurrencyGuardMixin:
    """For ModelForms: a fingerprint guard on edits, and an all-or-nothing save.

    `save()` either saves the object and its many-to-many links in one
    transaction, or saves nothing, adds the reasons to the form's errors and
    raises ValidationError; the view then shows the form again.
    """

    # Model fields the save also writes although the form does not edit them
    # (timestamps the form's `prepare_instance` sets, or `auto_now` fields).
    touch_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self.instance.pk:
            self.fields["fingerprint"] = forms.CharField(
                widget=forms.HiddenInput,
                required=False,
                # A posted form carries its own; only a fresh form needs working out.
                initial=None if self.is_bound else fingerprint(self.instance, self.guarded_fields),
            )

    @property
    def guarded_fields(self):
        return [name for name in self._meta.fields if name in self.fields]

    def prepare_instance(self, instance):
        """Hook: set values the form does not edit (timestamps) just before saving."""

    def lock_first(self):
        """Hook: inside the save's transaction, before the object's own row is locked,
        lock the rows its rules depend on (the statement's first: see
        StatementQuerySet.lock_for_change). Raise ValidationError to save nothing."""

    def check_saved(self, current):
        """Hook: with the saved row `current` locked, and unchanged since the form was
        opened, check the rules that depend on other rows: they may have changed since
        the form was cleaned. Raise ValidationError to save nothing."""

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        if self.errors:
            raise ValueError("The form has errors: call is_valid() before save().")
        editing = self.instance.pk is not None and not self.instance._state.adding
        try:
            with transaction.atomic():
                self.lock_first()
                if editing:
                    self._check_unchanged_and_lock()
                self.prepare_instance(self.instance)
                self.instance.full_clean()
                if editing:
                    self.instance.save(update_fields=self._update_fields())
                else:
                    self.instance.save()
                self._save_m2m()
        except ValidationError as error:
            self._show_save_error(error)
            raise
        except IntegrityError as error:
            # A rule the checks above could not see yet: someone saved the same
            # number or reference at the same moment. The transaction rolled back.
            failure = ValidationError(SAVE_FAILED_MESSAGE, code="integrity")
            self._show_save_error(failure)
            raise failure from error
        return self.instance

    def _update_fields(self):
        opts = self.instance._meta
        names = [name for name in self.guarded_fields if not opts.get_field(name).many_to_many]
        return [*names, *self.touch_fields]

    def _check_unchanged_and_lock(self):
        model = type(self.instance)
        try:
            current = model._default_manager.select_for_update().get(pk=self.instance.pk)
        except model.DoesNotExist as error:
            raise ValidationError(GONE_MESSAGE, code="gone") from error
        if fingerprint(current, self.guarded_fields) != self.cleaned_data.get("fingerprint"):
            self.conflict = current
            raise ValidationError(CONFLICT_MESSAGE, code="conflict")
        self.check_saved(current)
        # Fields this form does not edit take their saved values, so the model's
        # checks below see the row as it will be.
        form_fields = set(self.guarded_fields)
        for field in current._meta.concrete_fields:
            if field.name not in form_fields and not field.primary_key:
                setattr(self.instance, field.attname, getattr(current, field.attname))

    def _show_save_error(self, error):
        if self.conflict is not None:
            data = self.data.copy()
            data[self.add_prefix("fingerprint")] = fingerprint(self.conflict, self.guarded_fields)
            self.data = data
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                field = name if name in self.fields and name != NON_FIELD_ERRORS else None
                self.add_error(field, errors)
        else:
            self.add_error(None, error)

    def conflict_summary(self):
        """The other person's saved version, as (label, value, differs) for the page:
        `differs` when it is not what this person's form holds."""
        if self.conflict is None:
            return []
        return [
            (self.fields[name].label, _display(self.conflict, name), self._differs(name))
            for name in self.guarded_fields
        ]

    def _differs(self, name):
        field = self.conflict._meta.get_field(name)
        yours = self.cleaned_data.get(name)
        if field.many_to_many:
            saved = {obj.pk for obj in getattr(self.conflict, name).all()}
            return saved != {obj.pk for obj in yours or ()}
        if field.is_relation:
            saved, yours = getattr(self.conflict, field.attname), getattr(yours, "pk", None)
        else:
            saved = getattr(self.conflict, name)
        return (saved if saved != "" else None) != (yours if yours != "" else None)


def _display(instance, name):
    field = instance._meta.get_field(name)
    if field.many_to_many:
        return ", ".join(str(obj) for obj in getattr(instance, name).all()) or "None"
    value = getattr(instance, name)
    if value is None or value == "":
        return "Not given"
    if field.choices:
        return getattr(instance, f"get_{name}_display")()
    if hasattr(value, "strftime"):
        return f"{value:%-d %B %Y}"
    return str(value)


ADMIN_CONFLICT_MESSAGE = (
    "Someone else changed this while you were editing, so nothing was saved. "
    "What they saved: {theirs}. Your changes are kept in the form: check them and save again."
)


class AdminGuardForm(forms.ModelForm):
    """The same fingerprint guard for a Django admin change form (or an inline's row).

    The admin saves through its own views, so the check runs in `clean()`: the
    admin's change view validates and saves in one transaction, so the row locked
    here stays locked until the save. A stale form is refused with a message naming
    what the other person saved, and given the new fingerprint, so saving again
    applies this person's values knowingly, as on the plan forms.

    `lock_statements_first`: lock the statements the object is in before its own
    row, as plan saves do (StatementQuerySet.lock_for_change). Off for comments and
    what is made from them, whose services lock their own row first.
    """

    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)
    lock_statements_first = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict = None
        if self._editing() and not self.is_bound:
            # The row as saved now, not the instance: reverting to a history record
            # opens the form on the old values, and what it would replace is the row.
            saved = self._saved_rows().filter(pk=self.instance.pk).first()
            if saved is not None:
                self.initial["fingerprint"] = fingerprint(saved, self.guarded_fields)

    def _editing(self):
        return self.instance.pk is not None and not self.instance._state.adding

    def _saved_rows(self):
        return type(self.instance)._default_manager.all()

    @property
    def guarded_fields(self):
        opts = self.instance._meta
        names = {
            field.name
            for field in [*opts.concrete_fields, *opts.many_to_many]
            if not field.primary_key
        }
        return [name for name in self.fields if name in names]

    def clean(self):
        data = super().clean()
        if self._editing():
            with transaction.atomic():
                self._check_unchanged_and_lock(data)
        return data

    def _check_unchanged_and_lock(self, data):
        if self.lock_statements_first:
            from workstreams.freshness import lock_statements_touched_by

            lock_statements_touched_by(self.instance)
        current = self._saved_rows().select_for_update().filter(pk=self.instance.pk).first()
        if current is None:
            raise ValidationError(GONE_MESSAGE, code="gone")
        guarded = self.guarded_fields
        if fingerprint(current, guarded) != data.get("fingerprint"):
            self.conflict = current
            posted = self.data.copy()
            posted[self.add_prefix("fingerprint")] = fingerprint(current, guarded)
            self.data = posted
            theirs = "; ".join(
                f"{self.fields[name].label}: {_display(current, name)}"
                for name in guarded
                if self._differs(current, name, data)
            )
            raise ValidationError(
                ADMIN_CONFLICT_MESSAGE.format(theirs=theirs or "no field shown here"),
                code="conflict",
            )
        # What the form does not show takes its saved value: nothing stale goes back.
        for field in current._meta.concrete_fields:
            if field.name not in guarded and not field.primary_key:
                setattr(self.instance, field.attname, getattr(current, field.attname))

    def _differs(self, current, name, data):
        field = current._meta.get_field(name)
        if name not in data:
            return True  # refused as typed: show theirs anyway
        yours = data[name]
        if field.many_to_many:
            saved = {obj.pk for obj in getattr(current, name).all()}
            return saved != {getattr(obj, "pk", obj) for obj in yours or ()}
        if field.is_relation:
            return getattr(current, field.attname) != getattr(yours, "pk", yours)
        saved = getattr(current, name)
        return (saved if saved != "" else None) != (yours if yours != "" else None)


class StatementFirstAdminGuardForm(AdminGuardForm):
    lock_statements_first = True
