"""GOV.UK Frontend classes on Django widgets, so `{{ form }}` renders GOV.UK markup.

The field layout (label, hint, error message) is templates/django/forms/field.html;
this mixin only gives each widget the class GOV.UK Frontend styles.
"""

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.widgets import Input

from workstreams.models.measure import PlainMaxLengthValidator

WIDGET_CLASSES = [
    (forms.Textarea, "govuk-textarea"),
    # CheckboxSelectMultiple is a RadioSelect subclass, so it must come first.
    (forms.CheckboxSelectMultiple, "govuk-checkboxes__input"),
    (forms.RadioSelect, "govuk-radios__input"),
    (forms.CheckboxInput, "govuk-checkboxes__input"),
    (forms.Select, "govuk-select"),
    (forms.ClearableFileInput, "govuk-file-upload"),
    (forms.FileInput, "govuk-file-upload"),
    (forms.DateInput, "govuk-input govuk-input--width-10"),
    (Input, "govuk-input"),
]


# Labels that are already a clause, and can start a sentence as they are.
CLAUSE_STARTS = ("What ", "How ", "Where ", "When ", "Why ", "Who ", "Your ")


def subject_of(label):
    """A field's label as the subject of a sentence about it: "Title, in plain English"
    is "The title"; a label that is already a clause ("What the inspectors found",
    "Your comment") stays as it is."""
    text = label.split(",")[0].strip()
    if text.startswith(CLAUSE_STARTS):
        return text
    return f"The {text[:1].lower()}{text[1:]}"


def plain_length_check(field):
    """Check a field's length on the server, and say what is too long in plain English
    ("The title must be 200 characters or fewer (it has 201)."), never with the
    browser's maxlength, which cuts a long paste short without a word. A field may
    name its subject itself (`too_long_subject`); a message the form sets itself
    (error_messages["max_length"]) is kept."""
    if not isinstance(field, forms.CharField):
        return  # a file's max_length is its name's
    field.widget.attrs.pop("maxlength", None)
    limit = field.max_length
    if limit is None or not isinstance(field.label, str):
        return
    field.validators = [
        validator for validator in field.validators if not isinstance(validator, MaxLengthValidator)
    ] + [
        PlainMaxLengthValidator(limit, getattr(field, "too_long_subject", subject_of(field.label)))
    ]


CHOICE_MESSAGE = "Choose only from the options listed."


def _plain_stock_messages(field):
    """Django's stock wording ("Enter a valid date.", "Enter a valid URL.", "Select a
    valid choice. That choice is not one of the available choices.") in plain English.
    Messages a form sets itself are kept."""
    messages = field.error_messages
    label = field.label if isinstance(field.label, str) else None
    plain = {
        forms.DateField: "{subject} must be a real date.",
        forms.URLField: "{subject} must be a web address, such as "
        "https://www.sutton.gov.uk/report.pdf.",
    }
    for kind, message in plain.items():
        stock = kind.default_error_messages["invalid"]
        if label and isinstance(field, kind) and messages.get("invalid") == stock:
            messages["invalid"] = message.format(subject=subject_of(label))
    if str(messages.get("invalid_choice", "")).startswith("Select a valid choice"):
        messages["invalid_choice"] = CHOICE_MESSAGE


def _number_as_text(field):
    """A text input for a number, as GOV.UK Frontend advises: a browser's number input
    turns "12,5" or a stray letter into an empty value, so the server would only say
    the figure is missing, and a scroll wheel can change it unseen. Whole numbers get
    the digits keypad; decimals keep the keyboard (a form may ask for a decimal pad,
    which has no minus sign, where a value cannot be below zero)."""
    attrs = {
        name: value
        for name, value in field.widget.attrs.items()
        if name not in ("min", "max", "step")
    }
    attrs["class"] = f"{attrs.get('class', '')} govuk-input--width-10".strip()
    attrs["spellcheck"] = "false"
    if isinstance(field, forms.IntegerField):
        attrs["inputmode"] = "numeric"
    return forms.TextInput(attrs=attrs)


class RevealingRadioSelect(forms.RadioSelect):
    """Radios with a follow-up field drawn beneath one option: `reveals` maps an
    option's value to the name of the field; templates/django/forms/field.html draws
    it under the option, indented as GOV.UK Frontend's conditional reveal is.

    The field is always shown. GOV.UK Frontend's script would hide it until the option
    is chosen, but it marks the radio aria-expanded, which ARIA does not allow on a
    radio and axe reports (alphagov/govuk-frontend#979). The field's hint says which
    option it belongs to, and the form needs it only with that option.
    """

    def __init__(self, attrs=None, choices=(), reveals=None):
        super().__init__(attrs, choices)
        self.reveals = {str(value): name for value, name in (reveals or {}).items()}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        option["reveals"] = self.reveals.get(str(value))
        return option


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class GovukFormMixin:
    """Adds GOV.UK classes to every widget, and an error class to fields in error,
    each with one message."""

    template_name_div = "django/forms/div.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.widget = DateInput(attrs=field.widget.attrs)
            if isinstance(field.widget, forms.NumberInput):
                field.widget = _number_as_text(field)
            widget = field.widget
            plain_length_check(field)
            _plain_stock_messages(field)
            for widget_class, css in WIDGET_CLASSES:
                if isinstance(widget, widget_class):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
                    break
        self._conditional_reveals()

    def _conditional_reveals(self):
        """A field revealed under a radio option answers that option: it is needed when
        the option is chosen, and ignored (emptied) when another is, so a stray answer
        is never saved or reported."""
        for name, field in self.fields.items():
            for value, revealed in getattr(field.widget, "reveals", {}).items():
                self.fields[revealed].revealed = True  # drawn under the option, not alone
                if not self.is_bound:
                    continue
                chosen = self.data.get(self.add_prefix(name)) == value
                self.fields[revealed].required = chosen
                if not chosen and self.data.get(self.add_prefix(revealed)):
                    self.data = self.data.copy()
                    self.data[self.add_prefix(revealed)] = ""

    def full_clean(self):
        super().full_clean()
        for name, errors in self.errors.items():
            if name in self.fields:
                # One message a field, the first found (the GOV.UK pattern): a date
                # that does not exist is not also "Enter the date".
                del errors.data[1:]
                widget = self.fields[name].widget
                error_class = _error_class(widget)
                if error_class and error_class not in widget.attrs.get("class", ""):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} {error_class}"


def _error_class(widget):
    if isinstance(widget, forms.Textarea):
        return "govuk-textarea--error"
    if isinstance(widget, forms.Select) and not isinstance(widget, forms.RadioSelect):  # radios too
        return "govuk-select--error"
    if isinstance(widget, forms.FileInput):
        return "govuk-file-upload--error"
    if isinstance(widget, Input) and not isinstance(widget, forms.CheckboxInput):
        return "govuk-input--error"
    return ""


class GovukForm(GovukFormMixin, forms.Form):
    pass


class GovukModelForm(GovukFormMixin, forms.ModelForm):
    pass
