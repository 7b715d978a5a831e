"""Authentication backends."""

import functools

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection


class ModelPermissionsBackend(ModelBackend):
    """Django's ModelBackend, loading a user's own and group permissions in one query.

    Every workspace page asks `has_perm` at least once; ModelBackend would ask
    the database twice per request (the user's permissions, then their
    groups'), this asks once with a UNION. The result is cached on the user
    object for the request, as ModelBackend does.

    Plain SQL (table and column names from the models): it runs on every
    signed-in request, and building it with the ORM took three times as long
    as the database took to plan and answer it.
    """

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            if user_obj.is_superuser:
                return super().get_all_permissions(user_obj)
            with connection.cursor() as cursor:
                cursor.execute(_permissions_sql(), [user_obj.pk, user_obj.pk])
                user_obj._perm_cache = {f"{app}.{codename}" for app, codename in cursor}
        return user_obj._perm_cache


@functools.cache
def _permissions_sql():
    """The app label and codename of each permission a user has, their own or a group's."""
    quote = connection.ops.quote_name

    def table(model):
        return quote(model._meta.db_table)

    def column(model, name):
        return f"{table(model)}.{quote(model._meta.get_field(name).column)}"

    def link_to(through, model):
        """The name of the link table's foreign key to `model` (a custom user model
        names it after itself)."""
        return next(f.name for f in through._meta.fields if f.related_model is model)

    User = get_user_model()
    own = User.user_permissions.through
    member = User.groups.through
    granted = Group.permissions.through
    return (
        f"SELECT {column(ContentType, 'app_label')}, {column(Permission, 'codename')} "  # noqa: S608 - model names
        f"FROM {table(Permission)} INNER JOIN {table(ContentType)} "
        f"ON {column(Permission, 'content_type')} = {column(ContentType, 'id')} "
        f"WHERE {column(Permission, 'id')} IN ("
        f"SELECT {column(own, 'permission')} FROM {table(own)} "
        f"WHERE {column(own, link_to(own, User))} = %s "
        f"UNION SELECT {column(granted, 'permission')} FROM {table(granted)} "
        f"INNER JOIN {table(member)} ON {column(member, 'group')} = {column(granted, 'group')} "
        f"WHERE {column(member, link_to(member, User))} = %s)"
    )
