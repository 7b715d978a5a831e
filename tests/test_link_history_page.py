"""An action's history shows who changed its links (weaknesses, measures), when, and how.

The weaknesses an action addresses and the measures it should move are
many-to-many links. Each history record keeps a copy of them
(actions/models/link_history.py), and /manage/history/action/<pk>/ lays them out
before and after, as it does any field. One save is one entry, links and all.
"""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.models import Action

from .factories import (
    ActionFactory,
    StatementFactory,
    SuccessMeasureFactory,
    WeaknessFactory,
    WorkstreamFactory,
)
from .form_pages import form_values

pytestmark = pytest.mark.django_db

WEAKNESSES, MEASURES = "Weaknesses addressed", "Measures"
NOT_RECORDED_AT_FIRST = "were not recorded at first, so the older entries do not show them"


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def plan(db):
    """A draft statement: weaknesses 1 to 3, measures M3, M4, M9, M10, and action 1.1."""
    statement = StatementFactory(draft=True)
    weaknesses = {n: WeaknessFactory(statement=statement, number=n) for n in (1, 2, 3)}
    measures = {
        reference: SuccessMeasureFactory(statement=statement, reference=reference)
        for reference in ("M3", "M4", "M9", "M10")
    }
    workstream = WorkstreamFactory(statement=statement, number=1)
    action = ActionFactory(
        statement=statement,
        workstream=workstream,
        reference="1.1",
        weaknesses=[weaknesses[1], weaknesses[2]],
    )
    action.measures.set([measures["M3"]])
    return SimpleNamespace(
        statement=statement,
        workstream=workstream,
        weaknesses=weaknesses,
        measures=measures,
        action=action,
    )


def history_url(action):
    return reverse("workspace:history", kwargs={"model": "action", "pk": action.pk})


def entries(client, action):
    response = client.get(history_url(action))
    assert response.status_code == 200
    return response.context["entries"]


def link_changes(entry):
    return {
        c.field: (c.before, c.after) for c in entry.changes if c.field in (WEAKNESSES, MEASURES)
    }


def edit(client, action, **changes):
    address = reverse("workspace:action_edit", kwargs={"pk": action.pk})
    data = form_values(client.get(address))
    for name, value in changes.items():
        data[name] = [str(obj.pk) for obj in value] if isinstance(value, list) else value
    response = client.post(address, data)
    assert response.status_code == 302, response.context["form"].errors
    return response


def test_a_change_to_an_actions_links_shows_who_when_and_before_and_after(
    as_manager, manager, plan
):
    edit(
        as_manager,
        plan.action,
        weaknesses=[plan.weaknesses[1]],
        measures=[plan.measures["M3"], plan.measures["M4"]],
    )
    latest = entries(as_manager, plan.action)[0]
    assert latest.kind == "Changed"
    assert latest.who == manager.get_full_name()
    assert link_changes(latest) == {
        WEAKNESSES: ("Weakness 1, Weakness 2", "Weakness 1"),
        MEASURES: ("M3", "M3, M4"),
    }
    html = as_manager.get(history_url(plan.action)).content.decode()
    assert f'<th scope="row" class="govuk-table__header">{WEAKNESSES}</th>' in html
    assert f'<th scope="row" class="govuk-table__header">{MEASURES}</th>' in html
    assert f"Changed by {manager.get_full_name()} on" in html
    assert NOT_RECORDED_AT_FIRST not in html


def test_one_save_through_the_form_is_one_record_and_one_entry(as_manager, manager, plan):
    records = plan.action.history.count()
    edit(
        as_manager,
        plan.action,
        title="A new title",
        weaknesses=[plan.weaknesses[3]],
        measures=[plan.measures["M4"]],
    )
    assert plan.action.history.count() == records + 1
    latest = plan.action.history.first()
    assert latest.history_user == manager
    assert sorted(link.weakness_id for link in latest.weaknesses.all()) == [plan.weaknesses[3].pk]
    changed = [change.field for change in entries(as_manager, plan.action)[0].changes]
    # Links take their place among the fields, in the order the model declares them.
    assert changed == [WEAKNESSES, "Title", MEASURES]


def test_an_action_created_through_the_form_has_one_entry_listing_its_links(
    as_manager, manager, plan
):
    data = form_values(
        as_manager.get(reverse("workspace:action_new", kwargs={"pk": plan.statement.pk}))
    ) | {
        "reference": "1.2",
        "workstream": str(plan.workstream.pk),
        "weaknesses": [str(plan.weaknesses[3].pk), str(plan.weaknesses[1].pk)],
        "title": "Hire two more EHC coordinators",
        "description": "Recruit two coordinators.",
        "summary": "More people to write plans, so families wait less.",
        "intended_outcome": "Plans are finished within 20 weeks.",
        "monitoring": "The group checks the figures each month.",
        "owner": str(plan.action.owner.pk),
        "phase": Action.Phase.PLANNED,
        "start_date": "2018-09-01",
        "due_date": "2019-03-31",
        "measures": [str(plan.measures["M10"].pk), str(plan.measures["M9"].pk)],
    }
    response = as_manager.post(
        reverse("workspace:action_new", kwargs={"pk": plan.statement.pk}), data
    )
    assert response.status_code == 302, response.context["form"].errors
    action = plan.statement.actions.get(reference="1.2")
    assert [record.history_type for record in action.history.all()] == ["+"]
    [created] = entries(as_manager, action)
    assert created.kind == "Created"
    assert created.who == manager.get_full_name()
    assert link_changes(created) == {
        WEAKNESSES: ("", "Weakness 1, Weakness 3"),
        MEASURES: ("", "M9, M10"),
    }


def test_measures_are_listed_in_counted_order_and_weaknesses_by_number(as_manager, plan):
    measures = plan.measures
    edit(
        as_manager,
        plan.action,
        weaknesses=[plan.weaknesses[3], plan.weaknesses[1]],
        measures=[measures["M10"], measures["M3"], measures["M9"]],
    )
    assert link_changes(entries(as_manager, plan.action)[0]) == {
        WEAKNESSES: ("Weakness 1, Weakness 2", "Weakness 1, Weakness 3"),
        MEASURES: ("M3", "M3, M9, M10"),
    }


def test_taking_every_measure_away_shows_not_set(as_manager, plan):
    edit(as_manager, plan.action, measures=[])
    assert link_changes(entries(as_manager, plan.action)[0]) == {MEASURES: ("M3", "Not set")}


def test_a_save_that_leaves_the_links_alone_shows_no_link_change(as_manager, plan):
    edit(as_manager, plan.action, title="Only the title changes")
    latest = entries(as_manager, plan.action)[0]
    assert [change.field for change in latest.changes] == ["Title"]


# Each request's transaction commits, as in production, so the deletion below is a
# transaction of its own and not folded into the edit's record.
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_a_linked_measure_deleted_since_is_still_named(as_manager, plan):
    measure = plan.measures["M3"]
    edit(as_manager, plan.action, measures=[measure, plan.measures["M4"]])
    measure.delete()  # outside the service (managers cannot delete), e.g. in the admin
    deleted, edited = entries(as_manager, plan.action)[:2]
    assert link_changes(edited)[MEASURES] == ("M3 (deleted)", "M3 (deleted), M4")
    # The deletion took the link away: that is an entry of its own, not the next editor's.
    assert link_changes(deleted) == {MEASURES: ("M3 (deleted), M4", "M4")}
    edit(as_manager, plan.action, title="Only the title changes")
    assert [change.field for change in entries(as_manager, plan.action)[0].changes] == ["Title"]


# Records written before links were kept ------------------------------------------


def forget_links(action):
    """Make `action`'s records as they were before links were kept with them."""
    records = Action.history.filter(id=action.pk)
    for links in ("weaknesses", "measures"):
        getattr(Action.history.model, links).model.objects.filter(history__in=records).delete()
    records.update(links_recorded=False)


def test_records_from_before_links_were_kept_claim_no_link_change(as_manager, plan):
    forget_links(plan.action)
    assert link_changes(entries(as_manager, plan.action)[-1]) == {}  # created: links unknown
    edit(as_manager, plan.action, title="A new title", measures=[plan.measures["M4"]])
    latest = entries(as_manager, plan.action)[0]
    # What the links were before is not known, so no change is claimed.
    assert [change.field for change in latest.changes] == ["Title"]
    edit(as_manager, plan.action, measures=[plan.measures["M9"]])
    assert link_changes(entries(as_manager, plan.action)[0]) == {MEASURES: ("M4", "M9")}
    # And the page says why the older entries show no link changes.
    assert NOT_RECORDED_AT_FIRST in as_manager.get(history_url(plan.action)).content.decode()


def test_the_migration_keeps_each_actions_current_links_with_its_newest_record(as_manager, plan):
    older = plan.action
    older.title = "Second version"
    older.save()
    forget_links(older)
    migration = importlib.import_module("actions.migrations.0007_action_link_history")

    migration.copy_current_links(apps, None)

    newest, first = older.history.all()
    assert (newest.links_recorded, first.links_recorded) == (True, False)
    assert sorted(link.weakness_id for link in newest.weaknesses.all()) == [
        plan.weaknesses[1].pk,
        plan.weaknesses[2].pk,
    ]
    assert [link.successmeasure_id for link in newest.measures.all()] == [plan.measures["M3"].pk]
    assert not first.weaknesses.exists()
    # Nothing is claimed against the older record; the next change has its "before".
    assert all(link_changes(entry) == {} for entry in entries(as_manager, older))
    edit(as_manager, older, weaknesses=[plan.weaknesses[2]])
    assert link_changes(entries(as_manager, older)[0]) == {
        WEAKNESSES: ("Weakness 1, Weakness 2", "Weakness 2")
    }


# Query counts ---------------------------------------------------------------------


def test_the_page_runs_the_same_queries_however_many_times_the_links_changed(
    as_manager, manager, plan
):
    def queries(action):
        with CaptureQueriesContext(connection) as captured:
            assert as_manager.get(history_url(action)).status_code == 200
        return len(captured)

    short = ActionFactory(statement=plan.statement, workstream=plan.workstream)
    long = plan.action
    weaknesses, measures = list(plan.weaknesses.values()), list(plan.measures.values())
    for n in range(30):
        long._history_user = manager
        long.title = f"Title {n}"
        long.save()
        long.weaknesses.set([weaknesses[n % 3]])
        long.measures.set(measures[: n % 4 + 1])
    assert len(entries(as_manager, long)) == 31
    assert sum(WEAKNESSES in link_changes(e) for e in entries(as_manager, long)) >= 30
    assert queries(long) == queries(short)
