"""security.backends.ModelPermissionsBackend: Django's model permissions, one query."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from security.backends import ModelPermissionsBackend

from .factories import (
    OfficerFactory,
    ParentRepresentativeFactory,
    ProgrammeManagerFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def fresh(user):
    """The same user as a new request would load it: no permission caches."""
    return type(user).objects.get(pk=user.pk)


def permission(codename):
    return Permission.objects.get(codename=codename)


@pytest.mark.parametrize(
    "make", [ProgrammeManagerFactory, OfficerFactory, ParentRepresentativeFactory, UserFactory]
)
def test_each_role_has_the_same_permissions_as_with_djangos_backend(make):
    user = make()
    expected = ModelBackend().get_all_permissions(fresh(user))
    assert ModelPermissionsBackend().get_all_permissions(fresh(user)) == expected


def test_own_and_group_permissions_together_in_one_query():
    user = UserFactory()
    user.user_permissions.add(permission("view_action"), permission("change_owner"))
    group = Group.objects.create(name="Both")
    group.permissions.add(permission("view_action"), permission("add_comment"))
    user.groups.add(group)
    user = fresh(user)
    with CaptureQueriesContext(connection) as captured:
        perms = ModelPermissionsBackend().get_all_permissions(user)
        assert user.has_perm("workstreams.change_owner")  # from the cache on the user
    assert perms == {"actions.view_action", "workstreams.change_owner", "actions.add_comment"}
    assert len(captured) == 1


def test_inactive_users_and_object_checks_get_nothing_from_this_backend():
    user = OfficerFactory()
    backend = ModelPermissionsBackend()
    assert backend.get_all_permissions(fresh(user), obj=object()) == set()
    user.is_active = False
    user.save()
    assert backend.get_all_permissions(fresh(user)) == set()
    assert not fresh(user).has_perm("actions.record_progress")


def test_a_superuser_has_every_permission():
    user = UserFactory(is_superuser=True)
    perms = ModelPermissionsBackend().get_all_permissions(fresh(user))
    assert len(perms) == Permission.objects.count()


def test_a_permission_taken_away_is_gone_on_the_next_request():
    user = OfficerFactory()
    assert fresh(user).has_perm("actions.record_progress")
    user.groups.clear()
    assert not fresh(user).has_perm("actions.record_progress")
