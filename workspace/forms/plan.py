"""The forms programme managers build the plan with.

The view puts the statement on the instance before the form sees it, so Django
skips the model constraints that include `statement` (a number or reference
unique within a statement): each form checks those itself and says so next to
the field. Check constraints are checked here too, so their messages land next
to the field they are about rather than as an integrity error.
"""

import re

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils import timezone

from actions.models import Action
from actions.roles import PARENT_REPRESENTATIVES
from workstreams.models import (
    Owner,
    Statement,
    SuccessMeasure,
    Weakness,
    Workstream,
    WorkstreamMembership,
)
from workstreams.references import by_reference

from .concurrency import ConcurrencyGuardMixin
from .govuk import GovukForm, GovukModelForm, RevealingRadioSelect, plain_length_check

LONG_TEXT_MAX = 20_000


def person_name(user):
    return user.get_full_name() or user.username


def _day(value):
    return f"{value:%-d %B %Y}"


# What a web address may be: the help text's promise (lower-case letters, numbers
# and hyphens), stricter than Django's slug, which also allows capitals and "_".
SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SLUG_MESSAGE = (
    "The web address must use only lower-case letters, numbers and hyphens, such as sutton-2018."
)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        name = person_name(obj)
        return name if name == obj.username else f"{name} ({obj.username})"


class CheckboxesField(forms.ModelMultipleChoiceField):
    """Ticked ids must be whole numbers the database can hold before it is asked.

    Django checks each id with an exact lookup (safe for huge numbers) but then
    asks for them all with `__in`, which overflows on an id past 2**63.
    """

    default_error_messages = {
        "invalid_pk_value": "Choose only from the options listed.",
        "invalid_choice": "Choose only from the options listed.",
        "invalid_list": "Choose only from the options listed.",
    }

    def _check_values(self, value):
        for pk in value:
            text = str(pk)
            if not (text.isascii() and text.isdigit() and len(text) <= 18):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value"
                )
        return super()._check_values(value)


class CountedOrderIterator(ModelChoiceIterator):
    """Options in the order people count references: M2 before M10."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in by_reference(self.queryset):
            yield self.choice(obj)


class ReferenceCheckboxesField(CheckboxesField):
    """Checkboxes of things with a reference (measures), in counted order."""

    iterator = CountedOrderIterator


class PlanForm(ConcurrencyGuardMixin, GovukModelForm):
    """Radios without the empty choice, a ceiling on long text, and messages that say
    what to do ("Enter the title") rather than "This field is required"."""

    required_messages = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            self._plain_messages(name, field)
            if name in self.required_messages:
                field.error_messages["required"] = self.required_messages[name]
            elif field.error_messages.get("required") == forms.Field.default_error_messages[
                "required"
            ] and isinstance(field.label, str):
                label = field.label[:1].lower() + field.label[1:]
                verb = "Select" if isinstance(field, forms.ChoiceField) else "Enter"
                field.error_messages["required"] = f"{verb} the {label}."
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                # A CheckboxSelectMultiple is a RadioSelect to Django, so the GOV.UK
                # mixin gives it the radios' class: put the checkboxes' one back.
                widget.attrs["class"] = "govuk-checkboxes__input"
            elif isinstance(widget, forms.RadioSelect) and not isinstance(
                field, forms.ModelChoiceField
            ):
                field.choices = [choice for choice in field.choices if choice[0] != ""]
            if isinstance(field.widget, forms.Textarea) and field.max_length is None:
                field.max_length = LONG_TEXT_MAX
            plain_length_check(field)  # again: the text areas' limit is new

    def _plain_messages(self, name, field):
        """Numbers' messages in plain English (GovukFormMixin does dates, web addresses
        and choices)."""
        messages = field.error_messages
        if isinstance(field, forms.DecimalField):
            messages.update(
                {
                    "invalid": "Enter a number, such as 12 or 4.5.",
                    "max_digits": "Enter a number with %(max)s digits or fewer.",
                    "max_decimal_places": "Enter a number with %(max)s decimal places or fewer.",
                    "max_whole_digits": "Enter a number with %(max)s digits or fewer before "
                    "the decimal point.",
                }
            )


class StatementPartForm(PlanForm):
    """A form for something inside a statement (the view sets `instance.statement`)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.statement = self.instance.statement

    def others(self, model):
        """The statement's other objects of `model` (everything but this one)."""
        return model.objects.filter(statement=self.statement).exclude(pk=self.instance.pk)


def _number_field(label):
    return forms.IntegerField(
        label=label,
        min_value=1,
        max_value=999,
        error_messages={
            "required": f"Enter the {label.lower()}.",
            "invalid": "Enter a whole number, such as 2.",
            "min_value": "Numbers start at 1.",
            "max_value": "Enter a number of 999 or less.",
        },
    )


class StatementForm(PlanForm):
    touch_fields = ("updated_at",)

    class Meta:
        model = Statement
        fields = [
            "title",
            "slug",
            "local_area",
            "summary",
            "inspection_published_on",
            "submitted_on",
            "evaluated_on",
            "evaluation_outcome",
        ]
        labels = {
            "slug": "Web address",
            "local_area": "Local area",
            "summary": "Summary",
            "inspection_published_on": "Date the inspection report was published",
            "submitted_on": "Date the statement was submitted to Ofsted and CQC",
            "evaluated_on": "Date the statement was evaluated",
            "evaluation_outcome": "Outcome of the evaluation",
        }
        help_texts = {
            "slug": "The last part of the public web address: lower-case letters, numbers "
            "and hyphens, such as sutton-2018.",
        }
        error_messages = {
            "slug": {
                "unique": "Another statement already uses this web address.",
                "invalid": SLUG_MESSAGE,
            },
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}

    # Dates that record something that has happened: none can be in the future.
    past_dates = {
        "inspection_published_on": "The date the inspection report was published",
        "submitted_on": "The date the statement was submitted",
        "evaluated_on": "The date the statement was evaluated",
    }

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        # A web address made before this rule (by a spreadsheet import, say) may stay.
        if slug != self.instance.slug and not SLUG_PATTERN.fullmatch(slug):
            raise ValidationError(SLUG_MESSAGE, code="invalid")
        return slug

    def _not_in_future(self, name):
        value = self.cleaned_data.get(name)
        if value and value > timezone.localdate():
            raise ValidationError(
                f"{self.past_dates[name]} cannot be in the future.", code="future"
            )
        return value

    def clean_inspection_published_on(self):
        return self._not_in_future("inspection_published_on")

    def clean_submitted_on(self):
        return self._not_in_future("submitted_on")

    def clean_evaluated_on(self):
        return self._not_in_future("evaluated_on")

    def clean(self):
        data = super().clean()
        inspection = data.get("inspection_published_on")
        submitted = data.get("submitted_on")
        evaluated = data.get("evaluated_on")
        if submitted and inspection and submitted < inspection:
            self.add_error(
                "submitted_on",
                f"The statement must be submitted on or after the inspection report was "
                f"published ({_day(inspection)}).",
            )
        if evaluated and not submitted and "submitted_on" not in self.errors:
            self.add_error(
                "evaluated_on",
                "Enter the date the statement was submitted: it is evaluated after that.",
            )
        elif evaluated and submitted and evaluated < submitted:
            self.add_error(
                "evaluated_on",
                f"The statement must be evaluated on or after it was submitted "
                f"({_day(submitted)}).",
            )
        return data


class WeaknessForm(StatementPartForm):
    number = _number_field("Weakness number")
    required_messages = {
        "title": "Enter the title.",
        "finding": "Enter what the inspectors found.",
    }

    class Meta:
        model = Weakness
        fields = ["number", "title", "finding", "response"]
        labels = {
            "title": "Title, in plain English",
            "finding": "What the inspectors found",
            "response": "What the plan does about it",
        }
        widgets = {
            "finding": forms.Textarea(attrs={"rows": 4}),
            "response": forms.Textarea(attrs={"rows": 4}),
        }

    def clean_number(self):
        number = self.cleaned_data["number"]
        if self.others(Weakness).filter(number=number).exists():
            raise ValidationError(f"This statement already has a weakness {number}.")
        return number


class WorkstreamForm(StatementPartForm):
    number = _number_field("Workstream number")
    required_messages = {
        "lead": "Choose who leads this workstream.",
        "monitoring_arrangements": "Say how the group monitors and records the outcome of "
        "each action.",
    }

    class Meta:
        model = Workstream
        fields = ["number", "name", "purpose", "lead", "weaknesses", "monitoring_arrangements"]
        field_classes = {"weaknesses": CheckboxesField}
        labels = {
            "lead": "Lead",
            "weaknesses": "Weaknesses this workstream tackles",
            "monitoring_arrangements": "How the group monitors and records outcomes",
        }
        widgets = {
            "weaknesses": forms.CheckboxSelectMultiple,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "monitoring_arrangements": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].empty_label = "Choose the lead"
        self.fields["weaknesses"].queryset = self.statement.weaknesses.all()

    def clean_number(self):
        number = self.cleaned_data["number"]
        if self.others(Workstream).filter(number=number).exists():
            raise ValidationError(f"This statement already has a workstream {number}.")
        return number


class RepresentativeForm(GovukForm):
    """Add a parent representative to a workstream group."""

    user = PersonChoiceField(
        queryset=get_user_model().objects.none(),
        label="Parent representative",
        empty_label="Choose a parent representative",
        error_messages={
            "required": "Choose a parent representative to add.",
            "invalid_choice": "Choose a parent representative from the list.",
        },
    )

    def __init__(self, *args, workstream, **kwargs):
        super().__init__(*args, **kwargs)
        self.workstream = workstream
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name=PARENT_REPRESENTATIVES)
            .exclude(workstream_memberships__workstream=workstream)
            .order_by("first_name", "last_name", "username")
            .distinct()
        )

    def save(self, by):
        membership = WorkstreamMembership(
            workstream=self.workstream, user=self.cleaned_data["user"]
        )
        membership._history_user = by
        try:
            with transaction.atomic():
                membership.save()
        except IntegrityError as error:
            message = "This person already represents parents on this workstream."
            self.add_error("user", message)
            raise ValidationError(message) from error
        return membership


class OwnerForm(PlanForm):
    user = PersonChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        label="Account they sign in with",
        empty_label="No account",
        help_text="Link an account so this person sees their actions when they sign in.",
        error_messages={"invalid_choice": "Choose an account from the list."},
    )

    class Meta:
        model = Owner
        fields = ["name", "job_title", "organisation", "organisation_name", "email", "user"]
        labels = {
            "job_title": "Job title",
            "organisation_name": "Name of the organisation",
            "email": "Email address",
        }
        help_texts = {
            "job_title": "The public sees the job title and organisation, never the name.",
        }
        widgets = {
            "organisation": RevealingRadioSelect(
                reveals={Owner.Organisation.OTHER: "organisation_name"}
            )
        }
        error_messages = {
            "user": {"unique": "This account is already linked to another owner."},
            "email": {"invalid": "Enter an email address like name@example.org."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # This local area's own names (settings.ORGANISATION_NAMES), not the demo's;
        # one it does not offer stays on an owner who already has it.
        offered = Owner.offered_organisations()
        current = self.instance.organisation
        if current and current not in dict(offered):
            offered.insert(-1, (current, Owner.label_of(current, "")))
        self.fields["organisation"].choices = offered
        self.fields["organisation_name"].help_text = (
            "Only for Other partner: the organisation as families know it, such as "
            f"{settings.LOCAL_AREA_NAME} Information, Advice and Support Service."
        )
        free = Q(owner_profile__isnull=True)
        if self.instance.pk:
            free |= Q(owner_profile=self.instance.pk)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(free, is_active=True)
            .order_by("first_name", "last_name", "username")
        )

    def clean(self):
        data = super().clean()
        job_title, organisation = data.get("job_title"), data.get("organisation")
        # Emptied unless the organisation is "other" (see _conditional_reveals).
        organisation_name = data.get("organisation_name")
        if (
            job_title
            and organisation
            and (organisation_name or organisation != Owner.Organisation.OTHER)
        ):
            clash = (
                Owner.objects.filter(
                    job_title__iexact=job_title,
                    organisation=organisation,
                    organisation_name__iexact=organisation_name,
                )
                .exclude(pk=self.instance.pk)
                .first()
            )
            if clash is not None:
                self.add_error(
                    "job_title",
                    f"{clash.organisation_label} already has an owner with the job title "
                    f"“{job_title}”.",
                )
        return data


class SuccessMeasureForm(StatementPartForm):
    class Meta:
        model = SuccessMeasure
        fields = [
            "reference",
            "title",
            "description",
            "kind",
            "unit",
            "direction",
            "baseline_value",
            "baseline_date",
            "target_value",
            "target_date",
            "data_source",
            "owner",
            "weakness",
        ]
        labels = {
            "kind": "Kind of measure",
            "baseline_value": "Starting value (baseline)",
            "baseline_date": "Date of the starting value",
            "target_value": "Target",
            "target_date": "Date to reach the target by",
            "data_source": "Where the figures come from",
            "owner": "Owner",
            "weakness": "Weakness it shows progress on",
        }
        help_texts = {
            "kind": "Impact measures show children and families are better off; "
            "process measures show the work is happening.",
        }
        widgets = {
            "kind": forms.RadioSelect,
            "unit": forms.RadioSelect,
            "direction": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["weakness"].queryset = self.statement.weaknesses.all()
        self.fields["weakness"].empty_label = "Not linked to one weakness"
        self.fields["owner"].empty_label = "No owner yet"
        # The unit is chosen on this same form, so the starting value and target
        # cannot know whether they may be below zero (scores may): they keep the
        # full keyboard rather than inputmode="decimal", whose keypad has no minus
        # sign (workspace/forms/measurement.py asks for it when the unit allows).

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        if self.others(SuccessMeasure).filter(reference__iexact=reference).exists():
            raise ValidationError(f"This statement already has a measure {reference}.")
        return reference

    def clean(self):
        data = super().clean()
        baseline_date, target_date = data.get("baseline_date"), data.get("target_date")
        if baseline_date and target_date and target_date <= baseline_date:
            self.add_error(
                "target_date",
                f"The target date must be after the date of the starting value "
                f"({_day(baseline_date)}).",
            )
        self._check_recorded_figures(data.get("unit"), baseline_date, target_date)
        baseline, target = data.get("baseline_value"), data.get("target_value")
        direction = data.get("direction")
        if baseline is None or target is None or not direction:
            return data
        # The starting value as the chosen unit writes it: "41%", not "41.00".
        unit = data.get("unit") or self.instance.unit
        starting = SuccessMeasure(unit=unit).format_value(baseline) if unit else baseline
        if target == baseline:
            self.add_error("target_value", "The target must differ from the starting value.")
        elif direction == SuccessMeasure.Direction.LOWER_IS_BETTER and target > baseline:
            self.add_error(
                "target_value",
                f"Lower is better for this measure, so the target must be lower than the "
                f"starting value ({starting}).",
            )
        elif direction == SuccessMeasure.Direction.HIGHER_IS_BETTER and target < baseline:
            self.add_error(
                "target_value",
                f"Higher is better for this measure, so the target must be higher than the "
                f"starting value ({starting}).",
            )
        return data

    def _check_recorded_figures(self, unit, baseline_date, target_date):
        """A new unit, starting date or target date must still suit the figures and
        milestones recorded so far."""
        if self.instance.pk is None:
            return
        problems = self.instance.problems_with_recorded_figures(
            unit, baseline_date, target_date=target_date
        )
        for field, message in problems.items():
            self.add_error(field, message)
        if "unit" in problems:
            # Django leaves a refused unit out of the instance, so the model would check
            # the starting value and target against the old unit: check them against the
            # chosen one here, so every problem shows at once.
            chosen = SuccessMeasure(unit=unit)
            for field in ("baseline_value", "target_value"):
                try:
                    chosen.clean_value(self.cleaned_data.get(field))
                except ValidationError as error:
                    self.add_error(field, error)

    def check_saved(self, current):
        """Figures recorded since the form was checked must suit the change too.

        The plan views lock the statement before this row, and the workspace's figure
        and milestone forms and the import save under the statement's lock too
        (MeasureValueForm.lock_first): none of theirs can arrive before this save ends.
        """
        problems = current.problems_with_recorded_figures(
            self.instance.unit, self.instance.baseline_date, target_date=self.instance.target_date
        )
        if problems:
            raise ValidationError(problems)


class ActionForm(StatementPartForm):
    touch_fields = ("updated_at",)
    required_messages = {
        "intended_outcome": "Say what will be different for children and families.",
        "monitoring": "Say how the outcome is monitored and recorded.",
        "phase": "Select whether the action is already taken or planned.",
        "weaknesses": "Select at least one weakness this action addresses.",
        "workstream": "Choose the workstream.",
        "owner": "Choose who owns this action.",
    }

    class Meta:
        model = Action
        fields = [
            "reference",
            "workstream",
            "weaknesses",
            "title",
            "description",
            "summary",
            "intended_outcome",
            "monitoring",
            "owner",
            "phase",
            "start_date",
            "due_date",
            "measures",
        ]
        field_classes = {"weaknesses": CheckboxesField, "measures": ReferenceCheckboxesField}
        labels = {
            "weaknesses": "Weaknesses this action addresses",
            "summary": "Summary for families",
            "intended_outcome": "What will be different for children and families",
            "monitoring": "How the outcome is monitored and recorded",
            "phase": "Is this action already taken or planned?",
            "measures": "Measures of success it should move",
        }
        help_texts = {"reference": 'Numbers and dots, such as "2.4".'}
        widgets = {
            "weaknesses": forms.CheckboxSelectMultiple,
            "measures": forms.CheckboxSelectMultiple,
            "phase": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "intended_outcome": forms.Textarea(attrs={"rows": 3}),
            "monitoring": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = self.fields
        fields["workstream"].queryset = self.statement.workstreams.all()
        fields["workstream"].empty_label = "Choose a workstream"
        fields["owner"].empty_label = "Choose the owner"
        fields["weaknesses"].queryset = self.statement.weaknesses.all()
        fields["measures"].queryset = self.statement.measures.all()

    def clean_reference(self):
        reference = self.cleaned_data["reference"].strip()
        if self.others(Action).filter(reference=reference).exists():
            raise ValidationError(f"This statement already has an action {reference}.")
        return reference

    def clean(self):
        data = super().clean()
        start, due = data.get("start_date"), data.get("due_date")
        if start and due and due < start:
            self.add_error(
                "due_date", f"The due date cannot be before the start date ({_day(start)})."
            )
        revised, completed = self.instance.revised_due_date, self.instance.completed_on
        if due and revised and due >= revised:
            self.add_error(
                "due_date",
                f"The due date must be before the revised due date ({_day(revised)}) "
                f"officers have already set.",
            )
        if start and completed and start > completed:
            self.add_error(
                "start_date",
                f"The action was completed on {_day(completed)}, so it cannot start later.",
            )
        return data

    def prepare_instance(self, instance):
        instance.updated_at = timezone.now()
