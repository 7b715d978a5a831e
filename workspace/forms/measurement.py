from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from workstreams.models import Measurement

from .govuk import GovukModelForm


class MeasurementForm(GovukModelForm):
    class Meta:
        model = Measurement
        fields = ["measured_on", "value", "note"]
        labels = {"measured_on": "Date the figure is for", "value": "Figure"}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.measure = measure
        unit = measure.get_unit_display()
        self.fields["value"].help_text = (
            f"In {unit}. The starting point was {measure.format_value(measure.baseline_value)}"
            f" and the target is {measure.format_value(measure.target_value)}."
        )
        if measure.unit != measure.Unit.SCORE:
            # A decimal keypad has no minus sign, and only scores may be below zero.
            self.fields["value"].widget.attrs["inputmode"] = "decimal"
        self.fields["note"].help_text = "Internal: where the figure came from, anything unusual."

    def clean_measured_on(self):
        day = self.cleaned_data["measured_on"]
        if day > timezone.localdate():
            raise ValidationError("The date cannot be in the future.")
        # The form leaves `measure` out, so Django would skip this constraint.
        if self.instance.measure.measurements.filter(measured_on=day).exists():
            raise ValidationError(
                f"There is already a figure for {day:%-d %B %Y}. Choose another date."
            )
        return day
