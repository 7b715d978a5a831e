"""The code from an authenticator app, for setting up and using two-step verification."""

from django import forms
from django.core.exceptions import ValidationError

from .govuk import GovukForm

DIGITS = 6


class CodeForm(GovukForm):
    code = forms.CharField(
        label="Code from your authenticator app",
        help_text=f"The {DIGITS}-digit code the app shows now, for example 123456.",
        max_length=20,
        error_messages={"required": "Enter the code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "class": "govuk-input--width-5",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != DIGITS or not code.isdigit():
            raise ValidationError(f"Enter the {DIGITS}-digit code from your authenticator app")
        return code
