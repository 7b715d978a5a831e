from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from reports.services import MAX_DAYS_BEFORE_PUBLISHING, check_as_at

from .govuk import GovukForm


class ProgressReportForm(GovukForm):
    """The date a progress report is as at, and the programme manager's introduction."""

    as_at = forms.DateField(
        label="Date the report is as at",
        help_text=f"Today or up to {MAX_DAYS_BEFORE_PUBLISHING} days ago, such as the last "
        "day of the month just ended, and after the latest report. The report shows the plan "
        "as it stood at the end of this day: each action's status, dates and latest summary "
        "for families, and the figures, as recorded by then. Anything recorded later goes in "
        "the next report.",
        error_messages={
            "required": "Enter the date the report is as at",
            "invalid": "The date the report is as at must be a real date",
        },
    )
    introduction = forms.CharField(
        label="Introduction",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="In plain English, for families: what this report covers and what stands "
        "out. It is published with the report and cannot be changed afterwards.",
        error_messages={"max_length": "The introduction must be 5,000 characters or fewer"},
    )

    def __init__(self, *args, statement, **kwargs):
        super().__init__(*args, **kwargs)
        self.statement = statement
        self.fields["as_at"].initial = timezone.localdate()

    def clean_as_at(self):
        as_at = self.cleaned_data["as_at"]
        check_as_at(self.statement, as_at)
        return as_at

    def clean(self):
        if not self.statement.is_published:
            raise ValidationError(
                "Only a published statement can have progress reports. Publish the statement first."
            )
        return super().clean()
