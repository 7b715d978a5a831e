"""The forms of the review area, in GOV.UK markup (workspace/forms/govuk.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from actions.coproduction import COMMENT_MAX_LENGTH, clean_plain_text, publish_you_said
from actions.models import ParentsView, YouSaidWeDid
from sutton_send.clock import date_time
from workspace.forms.concurrency import (
    CONFLICT_MESSAGE,
    GONE_MESSAGE,
    ConcurrencyGuardMixin,
    fingerprint,
)
from workspace.forms.govuk import GovukForm, GovukModelForm

from .models import EARLIEST_REVIEW

REPUBLISH_REQUIRED_MESSAGE = (
    "Tick “Put this entry back on the public page” to publish it again, or go back to leave it off"
)
WITHDRAWN_MEANWHILE_MESSAGE = (
    "Someone else took this entry off the public page while you were editing, so nothing "
    "was published. Their version is shown below and your wording is kept in the form. "
    "To put it back on the public page, confirm the author’s agreement again and tick "
    "“Put this entry back on the public page”; otherwise leave it off."
)


class PlainTextField(forms.CharField):
    """Text as typed, without control characters, so nothing odd is stored or shown.

    Control characters go before validation, so a stray NUL is quietly dropped
    rather than refused; line breaks become one kind.
    """

    def __init__(self, *, max_length, required_message, too_long_subject, rows=5, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": rows}))
        super().__init__(max_length=max_length, **kwargs)
        self.error_messages["required"] = required_message
        # What the length message names ("Your comment must be … (it has …)"):
        # the form's check (GovukFormMixin) counts the characters.
        self.too_long_subject = too_long_subject

    def to_python(self, value):
        if isinstance(value, str):
            value = clean_plain_text(value)
        return super().to_python(value)


class CommentForm(GovukForm):
    body = PlainTextField(
        label="Your comment",
        max_length=COMMENT_MAX_LENGTH,
        required_message="Enter your comment",
        too_long_subject="Your comment",
    )

    def describe_for(self, *, parent_representative, waiting_for_you=0):
        """The hint under the box, for who is writing.

        A parent representative is told who reads comments and that none is published
        unless they agree (nobody else's comment is ever published). Someone who answers,
        with `waiting_for_you` comments on the page waiting for their answer, is told that
        this box is not where they answer them: "Reply" under one is.
        """
        hint = []
        if waiting_for_you == 1:
            hint.append(
                "1 comment on this page is waiting for your answer. To answer it, use "
                "“Reply” under it: a comment posted here starts a new thread and does not "
                "answer it."
            )
        elif waiting_for_you:
            hint.append(
                f"{waiting_for_you} comments on this page are waiting for your answer. To "
                "answer one, use “Reply” under it: a comment posted here starts a new thread "
                "and does not answer them."
            )
        hint.append("Plain text. Web addresses starting https:// become links.")
        if parent_representative:
            hint.append(
                "Officers and other representatives read comments; they are never published "
                "unless you agree."
            )
        hint.append("Do not name children or families.")
        self.fields["body"].help_text = " ".join(hint)


class ReplyForm(GovukForm):
    body = PlainTextField(
        label="Your reply",
        max_length=COMMENT_MAX_LENGTH,
        rows=3,
        required_message="Enter your reply",
        too_long_subject="Your reply",
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
        too_long_subject="The reason",
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
        too_long_subject="The reason",
        help_text="A sentence or two, in the forum’s words. Once a programme manager "
        "publishes it, families read it on the public page next to the officers’ status.",
    )


class YouSaidForm(ConcurrencyGuardMixin, GovukModelForm):
    """The public wording of a comment and its answer, with the author's consent.

    It carries the plan forms' concurrency guard (workspace/forms/concurrency.py): a
    fingerprint of the entry as it was when the form was opened, checked against the
    saved entry with its row locked, in the transaction that saves. The fingerprint
    covers whether the entry is withdrawn as well as its wording, so a form opened
    before someone else re-worded or withdrew the entry shows their version instead of
    silently replacing it, and a withdrawn entry goes back on the public page only
    when a manager ticks `republish` on a form that showed it withdrawn.

    The save goes through `publish_you_said`, which keeps the rules of publishing
    (hidden comments, consent records, who published when).
    """

    you_said = PlainTextField(
        label="You said",
        max_length=1000,
        rows=4,
        required_message="Enter what parents said, as the public will read it",
        too_long_subject="“You said”",
        help_text="The public reads this wording, never who wrote it. It starts as the "
        "comment’s own words: rewrite them for the public page.",
    )
    we_did = PlainTextField(
        label="We did",
        max_length=2000,
        rows=5,
        required_message="Enter what was done, as the public will read it",
        too_long_subject="“We did”",
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
        too_long_subject="How and when they agreed",
        help_text="For example, “By email to the programme manager, 3 May 2019”.",
    )

    field_order = ["you_said", "we_did", "answer", "consent", "consent_note", "republish"]

    class Meta:
        model = YouSaidWeDid
        fields = ["you_said", "we_did", "answer", "consent_note"]

    # What the fingerprint covers: the wording, and whether the entry is on the public page.
    GUARDED_FIELDS = ("you_said", "we_did", "answer", "consent_note", "withdrawn_at")

    def __init__(self, *args, answers, comment, user, **kwargs):
        self.comment, self.user = comment, user
        super().__init__(*args, **kwargs)
        self.fields["answer"].queryset = answers
        self.fields["answer"].label_from_instance = _answer_label
        if "fingerprint" not in self.fields:
            # Opened before anything was published: empty, so posting it cannot
            # overwrite an entry someone else published in the meantime.
            self.fields["fingerprint"] = forms.CharField(widget=forms.HiddenInput, required=False)
        if self.instance.pk and not self.instance.is_public:
            self._ask_to_republish()
        if not self.is_bound and self.instance.pk and self.instance.is_public:
            self.initial.setdefault("consent", True)

    @property
    def guarded_fields(self):
        return list(self.GUARDED_FIELDS)

    def _ask_to_republish(self):
        # Not required as a field: `clean` asks for it, unless the form is stale, when
        # the conflict (shown on saving) comes first.
        field = forms.BooleanField(
            label="Put this entry back on the public page",
            required=False,
            help_text="It was taken off the public page. Tick this only if it should be public "
            "again, for example because the author has agreed again.",
        )
        self.fields["republish"] = field
        self.fields["republish"].widget.attrs["class"] = "govuk-checkboxes__input"

    def clean(self):
        data = super().clean()
        opened_on = data.get("fingerprint", "")
        as_read = fingerprint(self.instance, self.guarded_fields) if self.instance.pk else ""
        if "republish" in self.fields and not data.get("republish") and opened_on == as_read:
            self.add_error("republish", REPUBLISH_REQUIRED_MESSAGE)
        return data

    def save(self, commit=True):
        """Publish, or save nothing and show why (a conflict shows the other version)."""
        if self.errors:
            raise ValueError("The form has errors: call is_valid() before save().")
        data = self.cleaned_data
        try:
            return publish_you_said(
                self.comment,
                self.user,
                answer=data["answer"],
                you_said=data["you_said"],
                we_did=data["we_did"],
                consent_note=data["consent_note"],
                republish=data.get("republish", False),
                check=self._check_unchanged,
            )
        except ValidationError as error:
            self._show_save_error(error)
            raise

    def _check_unchanged(self, current):
        """Called by `publish_you_said` with the saved entry, its row locked."""
        saved = "" if current is None else fingerprint(current, self.guarded_fields)
        if saved != self.cleaned_data.get("fingerprint", ""):
            self.conflict = current
            if current is None:
                raise ValidationError(GONE_MESSAGE, code="gone")
            if not current.is_public:
                raise ValidationError(WITHDRAWN_MEANWHILE_MESSAGE, code="conflict")
            raise ValidationError(CONFLICT_MESSAGE, code="conflict")

    def _show_save_error(self, error):
        super()._show_save_error(error)
        current = self.conflict
        if current is None:
            if getattr(error, "code", None) == "gone":
                data = self.data.copy()
                data[self.add_prefix("fingerprint")] = ""
                self.data = data
            return
        if current.is_public:
            self.fields.pop("republish", None)
            return
        # Taken off the public page meanwhile, perhaps because the author withdrew
        # their consent: both boxes start unticked, so publishing again is a choice
        # made knowing it, never the stale form's ticks.
        data = self.data.copy()
        for name in ("consent", "republish"):
            data.pop(self.add_prefix(name), None)
        self.data = data
        if "republish" not in self.fields:
            self._ask_to_republish()

    def conflict_summary(self):
        """The saved entry, as (label, value, differs) like the plan forms', with
        whether it is public now (marked when it no longer is)."""
        current = self.conflict
        if current is None:
            return []
        rows = [
            (self.fields[name].label, shown, self._differs(name))
            for name, shown in [
                ("you_said", current.you_said),
                ("we_did", current.we_did),
                ("answer", _answer_label(current.answer)),
                ("consent_note", current.consent_note),
            ]
        ]
        if current.is_public:
            status = "Yes"
        else:
            who = current.withdrawn_by
            name = (who.get_full_name() or who.get_username()) if who else "someone"
            status = (
                f"No: taken off by {name} on {date_time(timezone.localtime(current.withdrawn_at))}"
            )
        rows.append(("On the public page", status, not current.is_public))
        return rows


def _answer_label(comment):
    who = comment.author.get_full_name() or comment.author.get_username()
    when = timezone.localtime(comment.created_at)
    return (
        f"{who}, {when:%-d %B %Y}: “{comment.body[:120]}{'…' if len(comment.body) > 120 else ''}”"
    )


OUT_OF_DATE_MESSAGE = (
    "This page was out of date. Look at the changes below, then mark them as reviewed again."
)


class MarkReviewedForm(GovukForm):
    """Marks everything up to when the page was shown as reviewed (not up to the click).

    The time comes back from the page, so it is checked like any other input: not in
    the future, and not before EARLIEST_REVIEW. Refused, nothing is saved.
    """

    seen_up_to = forms.DateTimeField(widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        seen = data.get("seen_up_to")
        if "seen_up_to" in self.errors or seen is None:
            self.errors.pop("seen_up_to", None)
            raise forms.ValidationError(OUT_OF_DATE_MESSAGE)
        if seen > timezone.now() or seen < EARLIEST_REVIEW:
            raise forms.ValidationError(OUT_OF_DATE_MESSAGE)
        return data
