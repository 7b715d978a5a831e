"""User accounts in the Django admin, with the plan forms' guard against overwriting.

Django's own user admin saves every field its form shows: one administrator
deactivating an account (or taking away a role) while another had the same account
open put it back when the other saved. The change form carries the fingerprint
guard (workspace/forms/concurrency.py, AdminGuardForm), and the sign-in dates are
shown, not posted, so signing in meanwhile is no clash and is never put back.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.forms import UserChangeForm

from workspace.forms.concurrency import AdminGuardForm
from workstreams.admin import Guarded

User = get_user_model()


class GuardedUserChangeForm(AdminGuardForm, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        pass


admin.site.unregister(User)


@admin.register(User)
class GuardedUserAdmin(Guarded, UserAdmin):
    form = GuardedUserChangeForm
    readonly_fields = ["last_login", "date_joined"]
    fieldsets = (
        (None, {"fields": ("username", "password", "fingerprint")}),
        *UserAdmin.fieldsets[1:],
    )
