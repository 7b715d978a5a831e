"""Authentication backends."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class ModelPermissionsBackend(ModelBackend):
    """Django's ModelBackend, loading a user's own and group permissions in one query.

    Every workspace page asks `has_perm` at least once; ModelBackend would ask
    the database twice per request (the user's permissions, then their
    groups'), this asks once with a UNION. The result is cached on the user
    object for the request, as ModelBackend does.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                return super().get_all_permissions(user_obj)
            columns = ("content_type__app_label", "codename")
            own = Permission.objects.filter(user=user_obj).order_by().values_list(*columns)
            groups = (
                Permission.objects.filter(group__user=user_obj).order_by().values_list(*columns)
            )
            user_obj._perm_cache = {
                f"{app}.{codename}" for app, codename in own.union(groups).order_by()
            }
        return user_obj._perm_cache
