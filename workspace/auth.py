"""Signing in and out, and resetting or changing a password.

These are Django's own auth views with GOV.UK-styled forms and plain-English
messages. sutton_send/urls.py includes this module at accounts/ in place of
django.contrib.auth.urls; the URL names are the same, so LOGIN_URL = "login"
and {% url 'password_reset' %} keep working. Templates: templates/registration/.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import password_validation
from django.contrib.auth import views as auth_views
from django.template.defaultfilters import pluralize
from django.urls import path, reverse

from workspace.access import is_staff_member
from workspace.forms.govuk import GovukFormMixin

# GOV.UK: when sign-in fails, do not say whether the username or the password
# was wrong, so the page cannot be used to find out who has an account.
INVALID_LOGIN = "Enter a correct username and password. Both are case-sensitive."


def _no_autofocus(field):
    # GOV.UK advises against autofocus: it can disorient screen reader users.
    field.widget.attrs.pop("autofocus", None)


class SignInForm(GovukFormMixin, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": INVALID_LOGIN,
        # Django's ModelBackend already refuses inactive users (they get
        # INVALID_LOGIN); should another backend let them through, say the same.
        "inactive": INVALID_LOGIN,
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.label = "Username"
        username.error_messages["required"] = "Enter your username"
        _no_autofocus(username)
        username.widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )
        password = self.fields["password"]
        password.label = "Password"
        password.error_messages["required"] = "Enter your password"
        password.widget.attrs["autocomplete"] = "current-password"


def link_valid_for():
    """How long a password reset link works, in words: "3 days", "1 hour"."""
    seconds = settings.PASSWORD_RESET_TIMEOUT
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            count = seconds // size
            return f"{count} {unit}{pluralize(count)}"
    return f"{seconds} second{pluralize(seconds)}"


class PasswordResetForm(GovukFormMixin, auth_forms.PasswordResetForm):
    """Sends a reset link if the email matches an active account; says the same either way."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        email = self.fields["email"]
        email.label = "Email address"
        email.help_text = "The email address you use for your account."
        email.error_messages.update(
            {
                "required": "Enter your email address",
                "invalid": "Enter an email address in the correct format, like name@example.com",
                "max_length": "Email address must be %(limit_value)d characters or fewer",
            }
        )
        email.widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        # Email templates render without context processors: add what they need.
        context = {
            **context,
            "service_name": settings.SERVICE_NAME,
            "local_area_name": settings.LOCAL_AREA_NAME,
            "link_valid_for": link_valid_for(),
        }
        # Django logs (and does not raise) a failure to send, so the page is
        # the same whether or not the address has an account.
        super().send_mail(
            subject_template_name,
            email_template_name,
            context,
            from_email,
            to_email,
            html_email_template_name=html_email_template_name,
        )


def new_password_hint():
    """The configured password rules, in plain English."""
    validators = password_validation.get_default_password_validators()
    sentences = [
        f"Use at least {v.min_length} characters."
        for v in validators
        if isinstance(v, password_validation.MinimumLengthValidator)
    ]
    avoid = [
        phrase
        for rule, phrase in (
            (password_validation.CommonPasswordValidator, "a common password"),
            (password_validation.NumericPasswordValidator, "only numbers"),
            (
                password_validation.UserAttributeSimilarityValidator,
                "anything like your username, name or email address",
            ),
        )
        if any(isinstance(v, rule) for v in validators)
    ]
    if avoid:
        listed = avoid[-1] if len(avoid) == 1 else f"{', '.join(avoid[:-1])} or {avoid[-1]}"
        sentences.append(f"Do not use {listed}.")
    return " ".join(sentences)


class NewPasswordMixin:
    """GOV.UK labels and messages for the new password and its confirmation.

    Django reports a password that breaks the rules on the confirmation field;
    here it goes on the new password, where the rules are shown.
    """

    error_messages = {
        **auth_forms.SetPasswordForm.error_messages,
        "password_mismatch": "The passwords do not match. Enter the same new password twice.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        new_password1 = self.fields["new_password1"]
        new_password1.label = "New password"
        new_password1.help_text = new_password_hint()
        new_password1.error_messages["required"] = "Enter a new password"
        new_password2 = self.fields["new_password2"]
        new_password2.label = "Confirm new password"
        new_password2.help_text = ""
        new_password2.error_messages["required"] = "Enter your new password again"
        for field in (new_password1, new_password2):
            field.widget.attrs["autocomplete"] = "new-password"

    def clean(self):
        self.validate_passwords("new_password1", "new_password2")
        self.validate_password_for_user(self.user, "new_password1")
        return self.cleaned_data


class SetPasswordForm(NewPasswordMixin, GovukFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(NewPasswordMixin, GovukFormMixin, auth_forms.PasswordChangeForm):
    error_messages = {
        **NewPasswordMixin.error_messages,
        "password_incorrect": "Your current password is not right. Enter it again.",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        old_password = self.fields["old_password"]
        old_password.label = "Current password"
        old_password.error_messages["required"] = "Enter your current password"
        old_password.widget.attrs["autocomplete"] = "current-password"
        _no_autofocus(old_password)


class SignInView(auth_views.LoginView):
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_redirect_url(self, request=None):
        # A `next` back to this page would make Django raise ValueError ("redirection
        # loop") for a signed-in user: a 500. Ignore it and use LOGIN_REDIRECT_URL.
        url = super().get_redirect_url(request)
        request = request or self.request
        return "" if url and urlsplit(url).path == request.path else url

    def get_default_redirect_url(self):
        """Without a `next`, each person starts where their work is."""
        user = self.request.user
        if is_staff_member(user):
            return reverse("workspace:dashboard")
        if user.has_perm("actions.view_internal"):
            return reverse("review:dashboard")
        return super().get_default_redirect_url()


urlpatterns = [
    path("login/", SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm),
        name="password_change",
    ),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
            html_email_template_name=None,
        ),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
