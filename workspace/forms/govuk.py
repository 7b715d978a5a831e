"""GOV.UK Frontend classes on Django widgets, so `{{ form }}` renders GOV.UK markup.

The field layout (label, hint, error message) is templates/django/forms/field.html;
this mixin only gives each widget the class GOV.UK Frontend styles.
"""

from django import forms
from django.forms.widgets import Input

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
    (forms.NumberInput, "govuk-input govuk-input--width-10"),
    (Input, "govuk-input"),
]


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
            widget = field.widget
            for widget_class, css in WIDGET_CLASSES:
                if isinstance(widget, widget_class):
                    widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
                    break

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
