"""The figure an officer records for a measure they own, and the correction of one.

Recording and correcting use the same form. A correction carries the concurrency
guard's fingerprint (forms/concurrency.py), so two people correcting the same
figure never silently overwrite each other; both save all or nothing.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from workstreams.models import Measurement, Milestone, Statement, SuccessMeasure
from workstreams.models.measure import NOTE_MAX_LENGTH

from .concurrency import ConcurrencyGuardMixin
from .govuk import GovukModelForm
from .plan import _day

MEASURE_GONE_MESSAGE = "Someone deleted this measure while you were editing, so nothing was saved."

# What the figure is, for the hint under it ("In number." read badly).
FIGURE_KINDS = {
    SuccessMeasure.Unit.COUNT: "A number",
    SuccessMeasure.Unit.PERCENTAGE: "A percentage",
    SuccessMeasure.Unit.DAYS: "A number of days",
    SuccessMeasure.Unit.WEEKS: "A number of weeks",
    SuccessMeasure.Unit.SCORE: "A score",
}


def value_messages(noun):
    """What is wrong with a typed value, naming it as its form does ("figure", "value").

    The value is DecimalField(max_digits=12, decimal_places=2): at most 10 digits
    before the point and 2 after it.
    """
    return {
        "required": f"Enter the {noun}.",
        "invalid": f"The {noun} must be a number, such as 42 or 12.5.",
        "max_decimal_places": f"The {noun} can have no more than 2 decimal places.",
        "max_whole_digits": f"The {noun} can have no more than 10 digits before the decimal point.",
        "max_digits": f"The {noun} can have no more than 10 digits before the decimal "
        "point and 2 after it.",
    }


class FigureField(forms.DecimalField):
    """A value as typed. Of a percentage (`percentage`, set by the form), "45%" is 45."""

    percentage = False

    def to_python(self, value):
        if self.percentage and isinstance(value, str):
            value = value.strip().removesuffix("%").rstrip()
        return super().to_python(value)


class MeasureValueForm(ConcurrencyGuardMixin, GovukModelForm):
    """A value of a measure, a figure or a milestone, with its measure given."""

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.measure = measure
        self.fields["value"].percentage = measure.unit == measure.Unit.PERCENTAGE
        if measure.unit != measure.Unit.SCORE:
            # A decimal keypad has no minus sign, and only scores may be below zero.
            self.fields["value"].widget.attrs["inputmode"] = "decimal"

    def lock_first(self):
        """The statement's row, then the measure's: the value is checked against the
        measure as it is saved now, and a change to the measure's unit or starting date
        waits until the value is in, then checks it (SuccessMeasureForm.check_saved)."""
        measure = self.instance.measure
        Statement.objects.lock_for_change(measure.statement_id)
        try:
            self.instance.measure = SuccessMeasure.objects.select_for_update().get(pk=measure.pk)
        except SuccessMeasure.DoesNotExist as error:
            raise ValidationError(MEASURE_GONE_MESSAGE, code="gone") from error


class MeasurementForm(MeasureValueForm):
    class Meta:
        model = Measurement
        fields = ["measured_on", "value", "note"]
        labels = {"measured_on": "Date the figure is for", "value": "Figure"}
        field_classes = {"value": FigureField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "measured_on": {
                "required": "Enter the date the figure is for.",
                "invalid": "The date the figure is for must be a real date.",
            },
            "value": value_messages("figure"),
        }

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, measure=measure, **kwargs)
        self.fields["value"].help_text = (
            f"{FIGURE_KINDS[measure.unit]}. The starting point was "
            f"{measure.format_value(measure.baseline_value)}"
            f" and the target is {measure.format_value(measure.target_value)}."
        )
        # The browser's date picker offers only the days the model's rule accepts
        # (SuccessMeasure.clean_figure_date).
        date_attrs = self.fields["measured_on"].widget.attrs
        date_attrs["max"] = timezone.localdate().isoformat()
        if measure.baseline_date:
            date_attrs["min"] = measure.baseline_date.isoformat()
        # The model checks the note's length (a validator, not max_length: the
        # browser would cut a long paste short silently).
        self.fields["note"].help_text = (
            "Internal: where the figure came from, anything unusual. "
            f"Up to {NOTE_MAX_LENGTH:,} characters."
        )

    def conflict_summary(self):
        """The other person's version, with the figure written as the measure writes it."""
        figure = self.fields["value"].label
        measure = self.instance.measure
        return [
            (
                label,
                measure.format_value(self.conflict.value) if label == figure else shown,
                differs,
            )
            for label, shown, differs in super().conflict_summary()
        ]

    def changes_figure(self):
        """Whether the posted date, figure or note differ from the saved ones."""
        return any(name in self.guarded_fields for name in self.changed_data)

    def clean_measured_on(self):
        """One figure per date. Whether the date is one the measure can have at all (not
        in the future, not before the starting value) is the model's rule, checked by
        Measurement.clean, and its message lands next to this field too."""
        day = self.cleaned_data["measured_on"]
        measure = self.instance.measure
        # The form leaves `measure` out, so Django would skip this constraint.
        others = measure.measurements.filter(measured_on=day)
        if self.instance.pk is not None:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(
                f"There is already a figure for {_day(day)}. Choose another date."
            )
        return day


class MilestoneForm(MeasureValueForm):
    """A point on a measure's trajectory: the value it should reach by a date."""

    class Meta:
        model = Milestone
        fields = ["due_on", "value"]
        labels = {"due_on": "Date it should be reached by", "value": "Value"}
        field_classes = {"value": FigureField}
        error_messages = {
            "due_on": {
                "required": "Enter the date the value should be reached by.",
                "invalid": "The date must be a real date.",
            },
            "value": value_messages("value"),
        }

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, measure=measure, **kwargs)
        self.fields["value"].help_text = (
            f"{FIGURE_KINDS[measure.unit]}. The starting point was "
            f"{measure.format_value(measure.baseline_value)} on "
            f"{measure.baseline_date:%-d %B %Y}, and the target is "
            f"{measure.format_value(measure.target_value)} by {measure.target_date:%-d %B %Y}."
        )

    def clean_due_on(self):
        """On the measure's trajectory (SuccessMeasure.clean_milestone_date), and one
        per date (the form leaves `measure` out, so Django would not check)."""
        day = self.cleaned_data["due_on"]
        measure = self.instance.measure
        measure.clean_milestone_date(day)
        if measure.milestones.filter(due_on=day).exists():
            raise ValidationError(f"There is already a milestone for {_day(day)}.")
        return day
