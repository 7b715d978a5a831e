"""Who may do what, checked the way views check it: user.has_perm(perm, obj)."""

import pytest

from .factories import ActionFactory, OwnerFactory, SuccessMeasureFactory

pytestmark = pytest.mark.django_db


def test_an_officer_may_update_an_action_they_own(officer, action):
    assert officer.has_perm("actions.update_action", action)


def test_a_workstream_lead_may_update_any_action_of_their_workstream(lead, action):
    assert lead.has_perm("actions.update_action", action)


def test_an_officer_may_not_update_someone_elses_action(officer):
    assert not officer.has_perm("actions.update_action", ActionFactory())


def test_a_programme_manager_may_update_every_action(manager):
    assert manager.has_perm("actions.update_action", ActionFactory())


def test_a_parent_representative_never_updates_an_action_even_as_its_owner(parent):
    owned = ActionFactory(owner=OwnerFactory(user=parent))
    assert not parent.has_perm("actions.update_action", owned)


def test_someone_in_no_role_may_not_update_an_action_they_are_named_on(outsider):
    owned = ActionFactory(owner=OwnerFactory(user=outsider))
    assert not outsider.has_perm("actions.update_action", owned)


def test_a_deactivated_officer_loses_their_actions(officer, action):
    officer.is_active = False
    officer.save()
    assert not officer.has_perm("actions.update_action", action)


def test_only_programme_managers_manage_the_plan(manager, officer, lead, parent, action):
    statement = action.statement
    assert manager.has_perm("workstreams.manage_statement", statement)
    for user in (officer, lead, parent):
        assert not user.has_perm("workstreams.manage_statement", statement)


def test_an_officer_records_measurements_only_for_measures_they_own(officer):
    own = SuccessMeasureFactory(owner=OwnerFactory(user=officer))
    assert officer.has_perm("workstreams.record_measurement_for", own)
    assert not officer.has_perm("workstreams.record_measurement_for", SuccessMeasureFactory())


def test_a_programme_manager_records_measurements_for_any_measure(manager):
    assert manager.has_perm("workstreams.record_measurement_for", SuccessMeasureFactory())


def test_a_parent_representative_never_records_measurements(parent):
    own = SuccessMeasureFactory(owner=OwnerFactory(user=parent))
    assert not parent.has_perm("workstreams.record_measurement_for", own)


def test_parent_representatives_and_staff_read_internal_narratives(
    manager, officer, parent, outsider, action
):
    for user in (manager, officer, parent):
        assert user.has_perm("actions.read_internal", action)
    assert not outsider.has_perm("actions.read_internal", action)


def test_parent_representatives_and_officers_may_comment(officer, parent, outsider, action):
    assert parent.has_perm("actions.comment_on_action", action)
    assert officer.has_perm("actions.comment_on_action", action)
    assert not outsider.has_perm("actions.comment_on_action", action)


def test_only_programme_managers_moderate_comments(manager, officer, parent, action):
    assert manager.has_perm("actions.moderate_comments", action)
    assert not officer.has_perm("actions.moderate_comments", action)
    assert not parent.has_perm("actions.moderate_comments", action)


def test_parent_representatives_never_change_plan_data(parent):
    for perm in (
        "workstreams.change_statement",
        "workstreams.change_weakness",
        "workstreams.add_measurement",
        "actions.change_action",
        "actions.add_action",
        "actions.record_progress",
        "workstreams.manage_plan",
    ):
        assert not parent.has_perm(perm), perm


def test_the_public_has_no_permission_at_all(action):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    for perm in (
        "actions.update_action",
        "actions.read_internal",
        "actions.comment_on_action",
        "actions.moderate_comments",
    ):
        assert not anonymous.has_perm(perm, action), perm
