"""The programme manager's plain-English summary of progress against one weakness.

Families read it on the weakness's public page and inspectors on a revisit, so
it gets the same plain-English hints as the summaries officers write, and the
same guard as every plan edit: two managers never silently overwrite each other.
"""

from django import forms

from workstreams.models import Weakness

from .plan import PlanForm

SUMMARY_MAX = 5_000


class WeaknessSummaryForm(PlanForm):
    # Who and when are written with the summary, never typed.
    touch_fields = ("progress_summary_updated_at", "progress_summary_updated_by")

    progress_summary = forms.CharField(
        label="Summary of progress, in plain English",
        help_text=(
            "What has changed for children and families, what is late and why, and what "
            "happens next. Families read this on the public page, so write for them."
        ),
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": "Enter a summary of progress.",
            "max_length": (
                f"The summary must be {SUMMARY_MAX:,} characters or fewer: "
                "it is %(show_value)d now. Shorten it."
            ),
        },
    )

    class Meta:
        model = Weakness
        fields = ["progress_summary"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def prepare_instance(self, instance):
        instance.stamp_progress_summary(self.user)
