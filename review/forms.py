"""The forms of the review area, in GOV.UK markup (workspace/forms/govuk.py)."""

from django import forms
from django.utils import timezone

from actions.coproduction import COMMENT_MAX_LENGTH, clean_plain_text
from actions.models import ParentsView
from workspace.forms.govuk import GovukForm


class PlainTextField(forms.CharField):
    """Text as typed, without control characters, so nothing odd is stored or shown.

    Control characters go before validation, so a stray NUL is quietly dropped
    rather than refused; line breaks become one kind.
    """

    def __init__(self, *, max_length, required_message, too_long_message, rows=5, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, **kwargs)
        self.error_messages.update({"required": required_message, "max_length": too_long_message})

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_plain_text(value)
        return super().to_python(value)


class CommentForm(GovukForm):
    body = PlainTextField(
        label="Your comment",
        max_length=COMMENT_MAX_LENGTH,
        required_message="Enter your comment",
        too_long_message=f"Your comment must be {COMMENT_MAX_LENGTH:,} characters or fewer",
        help_text="Plain text. Web addresses starting https:// become links. "
        "Officers and other representatives read comments; they are never published "
        "unless you agree. Do not name children or families.",
    )


class ReplyForm(GovukForm):
    body = PlainTextField(
        label="Your reply",
        max_length=COMMENT_MAX_LENGTH,
        rows=3,
        required_message="Enter your reply",
        too_long_message=f"Your reply must be {COMMENT_MAX_LENGTH:,} characters or fewer",
    )
    next = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, thread, **kwargs):
        # One reply form per thread on a page: the prefix keeps names and ids apart.
        kwargs.setdefault("prefix", f"reply-{thread.pk}")
        super().__init__(*args, **kwargs)

    def clean_next(self):
        # Where to go afterwards is a convenience: anything odd just means "the thread".
        value = self.cleaned_data["next"]
        return value if len(value) <= 500 else ""


class HideCommentForm(GovukForm):
    reason = PlainTextField(
        label="Why are you hiding this comment?",
        max_length=500,
        rows=3,
        required_message="Enter why you are hiding this comment",
        too_long_message="The reason must be 500 characters or fewer",
        help_text="Everyone who can read the thread sees that it was hidden, by you, and why.",
    )


class ParentsViewForm(GovukForm):
    assessment = forms.ChoiceField(
        label="What is the parent carer forum’s view?",
        choices=ParentsView.Assessment.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select the forum’s view",
            "invalid_choice": "Select one of the views",
        },
    )
    reason = PlainTextField(
        label="Why?",
        max_length=600,
        rows=4,
        required_message="Enter the reason for the forum’s view",
        too_long_message="The reason must be 600 characters or fewer",
        help_text="A sentence or two, in the forum’s words. Once a programme manager "
        "publishes it, families read it on the public page next to the officers’ status.",
    )


class YouSaidForm(GovukForm):
    you_said = PlainTextField(
        label="You said",
        max_length=1000,
        rows=4,
        required_message="Enter what parents said, as the public will read it",
        too_long_message="“You said” must be 1,000 characters or fewer",
        help_text="The public reads this wording, never the comment itself or who wrote it.",
    )
    we_did = PlainTextField(
        label="We did",
        max_length=2000,
        rows=5,
        required_message="Enter what was done, as the public will read it",
        too_long_message="“We did” must be 2,000 characters or fewer",
    )
    answer = forms.ModelChoiceField(
        label="Which answer is this about?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": "Select the answer",
            "invalid_choice": "Select one of the answers",
        },
    )
    consent = forms.BooleanField(
        label="The comment’s author has agreed to this being published",
        error_messages={"required": "Confirm that the author has agreed to publication"},
    )
    consent_note = PlainTextField(
        label="How and when did they agree?",
        max_length=300,
        rows=2,
        required_message="Enter how and when the author agreed",
        too_long_message="This must be 300 characters or fewer",
        help_text="For example, “By email to the programme manager, 3 May 2019”.",
    )

    def __init__(self, *args, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].queryset = answers
        self.fields["answer"].label_from_instance = _answer_label


def _answer_label(comment):
    who = comment.author.get_full_name() or comment.author.get_username()
    when = timezone.localtime(comment.created_at)
    return (
        f"{who}, {when:%-d %B %Y}: “{comment.body[:120]}{'…' if len(comment.body) > 120 else ''}”"
    )


class MarkReviewedForm(GovukForm):
    """Marks everything up to when the page was shown as reviewed (not up to the click)."""

    seen_up_to = forms.DateTimeField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        seen = data.get("seen_up_to")
        if "seen_up_to" in self.errors or seen is None:
            self.errors.pop("seen_up_to", None)
            raise forms.ValidationError(
                "This page was out of date. Look at the changes below, then mark them as "
                "reviewed again."
            )
        if seen > timezone.now():
            raise forms.ValidationError(
                "This page was out of date. Look at the changes below, then mark them as "
                "reviewed again."
            )
        return data
