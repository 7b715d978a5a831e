"""The period of an improvement board report, chosen in the query string (a GET form)."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from .govuk import GovukForm

EARLIEST = datetime.date(2000, 1, 1)


class BoardReportPeriodForm(GovukForm):
    start = forms.DateField(
        label="From",
        error_messages={
            "required": "Enter the date the report starts from",
            "invalid": "The start date must be a real date",
        },
    )
    end = forms.DateField(
        label="To",
        error_messages={
            "required": "Enter the date the report ends on",
            "invalid": "The end date must be a real date",
        },
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        for field in self.fields.values():
            field.widget.attrs["max"] = self.today.isoformat()
            field.widget.attrs["min"] = EARLIEST.isoformat()

    def _check_day(self, name, what):
        day = self.cleaned_data[name]
        if day > self.today:
            raise ValidationError(f"The {what} date must be today or in the past")
        if day < EARLIEST:
            raise ValidationError(f"The {what} date must be on or after {EARLIEST:%-d %B %Y}")
        return day

    def clean_start(self):
        return self._check_day("start", "start")

    def clean_end(self):
        return self._check_day("end", "end")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date must be the same as or after the start date")
        return data
