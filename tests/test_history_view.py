"""Programme managers see the full change history of any part of the plan.

/manage/history/<model>/<pk>/: who changed what, when, each field before and after
(django-simple-history). Nothing in the plan is hard-deleted through the service.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from actions.models import Action
from actions.roles import ROLE_PERMISSIONS
from workstreams.models import Measurement, Milestone

from .factories import (
    ActionFactory,
    MeasurementFactory,
    MilestoneFactory,
    OwnerFactory,
    SuccessMeasureFactory,
    WeaknessFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db


def history_url(model, pk):
    return f"/manage/history/{model}/{pk}/"


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def page(client, model, pk):
    response = client.get(history_url(model, pk))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_an_officers_update_shows_who_when_and_before_and_after(client, manager, action):
    officer = action.owner.user
    officer.first_name, officer.last_name = "Olu", "Adeyemi"
    officer.save()
    officers_client = Client()
    officers_client.force_login(officer)
    response = officers_client.post(
        f"/manage/actions/{action.pk}/update/",
        {"status": "in_progress", "confidence": "at_risk", "version": action.version},
    )
    assert response.status_code == 302
    client.force_login(manager)
    html = page(client, "action", action.pk)
    assert f"{action.reference} {action.title}" in html
    assert "Changed by Olu Adeyemi on" in html
    # Status and delivery confidence, each with its before and after, in words.
    assert '<th scope="row" class="govuk-table__header">Status</th>' in html
    assert "Not started" in html
    assert "In progress" in html
    assert '<th scope="row" class="govuk-table__header">Delivery confidence</th>' in html
    assert "At risk" in html
    # The first record: created, by no one the service knows (the factory).
    assert "Created by Not recorded (a change made outside the service)" in html


def test_entries_are_newest_first_with_field_values_in_words(as_manager, manager):
    first, second = OwnerFactory(name="First Owner"), OwnerFactory(name="Second Owner")
    action = ActionFactory(owner=first)
    action._history_user = manager
    action.owner = second
    action.due_date = datetime.date(2019, 6, 30)
    action.save()
    response = as_manager.get(history_url("action", action.pk))
    entries = response.context["entries"]
    assert [e.kind for e in entries] == ["Changed", "Created"]
    changes = {c.field: (c.before, c.after) for c in entries[0].changes}
    assert changes == {
        "Owner": (str(first), str(second)),
        "Due date": ("31 March 2019", "30 June 2019"),
    }
    assert entries[0].who == manager.get_full_name()


@pytest.mark.parametrize(
    ("model", "factory"),
    [
        ("statement", lambda: ActionFactory().statement),
        ("weakness", WeaknessFactory),
        ("workstream", WorkstreamFactory),
        ("owner", OwnerFactory),
        ("successmeasure", SuccessMeasureFactory),
        ("milestone", MilestoneFactory),
        ("measurement", MeasurementFactory),
        ("action", ActionFactory),
    ],
)
def test_every_part_of_the_plan_has_a_history_page(as_manager, model, factory):
    obj = factory()
    html = page(as_manager, model, obj.pk)
    assert "Created by" in html


def test_a_deleted_object_keeps_its_history(as_manager):
    measurement = MeasurementFactory(note="Counted by hand")
    pk = measurement.pk
    Measurement.objects.filter(pk=pk).delete()  # outside the service, e.g. a database fix
    milestone = MilestoneFactory()
    milestone_pk = milestone.pk
    milestone.delete()  # through the ORM: simple-history records it
    assert "Counted by hand" in page(as_manager, "measurement", pk)
    html = page(as_manager, "milestone", milestone_pk)
    assert "(deleted)" in html
    assert "Deleted by" in html
    assert not Milestone.objects.filter(pk=milestone_pk).exists()


@pytest.mark.parametrize("model", ["user", "progressupdate", "comment", "glossaryterm", "nope"])
def test_unknown_kinds_are_not_found(as_manager, model):
    assert as_manager.get(history_url(model, 1)).status_code == 404


def test_an_unknown_number_is_not_found(as_manager):
    assert as_manager.get(history_url("action", 999999)).status_code == 404


def test_only_programme_managers_may_see_history(client, action, officer, lead, parent, outsider):
    address = history_url("action", action.pk)
    assert client.get(address).status_code == 302
    for user in (officer, lead, parent, outsider):
        client.force_login(user)
        assert client.get(address).status_code == 403, user.username


def test_the_history_page_is_never_cached(as_manager, action):
    assert "no-store" in as_manager.get(history_url("action", action.pk))["Cache-Control"]


def test_the_history_page_runs_the_same_queries_however_long_the_history(as_manager, manager):
    def queries(action):
        with CaptureQueriesContext(connection) as captured:
            assert as_manager.get(history_url("action", action.pk)).status_code == 200
        return len(captured)

    short = ActionFactory()
    long = ActionFactory()
    for n in range(30):
        long._history_user = manager
        long.title = f"Title {n}"
        long.owner = OwnerFactory()
        long.save()
    assert queries(long) == queries(short)


# Nothing is hard-deleted through the service --------------------------------------


def test_no_role_may_delete_anything_in_the_plan():
    for role, permissions in ROLE_PERMISSIONS.items():
        assert not [p for _, p in permissions if p.startswith("delete_")], role
        group = Group.objects.get(name=role)
        assert not group.permissions.filter(codename__startswith="delete_").exists(), role


def test_no_page_of_the_service_is_for_deleting(client):
    from django.urls import get_resolver

    def names(patterns):
        for entry in patterns:
            if hasattr(entry, "url_patterns"):
                if entry.namespace != "admin":
                    yield from names(entry.url_patterns)
            elif entry.name:
                yield entry.name

    assert [n for n in names(get_resolver().url_patterns) if "delete" in n] == []


def test_a_programme_manager_cannot_delete_in_the_admin(client, manager, action):
    manager.is_staff = True
    manager.save()
    client.force_login(manager)
    response = client.post(f"/admin/actions/action/{action.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    assert Action.objects.filter(pk=action.pk).exists()
