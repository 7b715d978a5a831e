"""Programme managers set a measure's trajectory (its milestones) in the workspace: add
one, with the same rules as anywhere else, or remove one; history names who did it."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workstreams.models import Milestone, Statement, SuccessMeasure

from .factories import MilestoneFactory, StatementFactory, SuccessMeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(db):
    """A percentage from 41% on 31 December 2017 to 85% by 31 December 2019."""
    return SuccessMeasureFactory(
        statement=StatementFactory(draft=True),
        unit=SuccessMeasure.Unit.PERCENTAGE,
        direction=SuccessMeasure.Direction.HIGHER_IS_BETTER,
        baseline_value=Decimal("41"),
        baseline_date=datetime.date(2017, 12, 31),
        target_value=Decimal("85"),
        target_date=datetime.date(2019, 12, 31),
    )


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def page_url(measure):
    return reverse("workspace:measure_milestones", kwargs={"pk": measure.pk})


def remove_url(milestone):
    return reverse(
        "workspace:milestone_remove",
        kwargs={"pk": milestone.measure_id, "milestone_pk": milestone.pk},
    )


def test_a_manager_adds_a_milestone_and_history_names_them(as_manager, manager, measure):
    response = as_manager.post(page_url(measure), {"due_on": "2018-12-31", "value": "60"})
    assert response.status_code == 302
    milestone = measure.milestones.get()
    assert (milestone.due_on, milestone.value) == (datetime.date(2018, 12, 31), Decimal("60"))
    assert milestone.history.get().history_user == manager
    page = as_manager.get(response["Location"]).content.decode()
    assert "Milestone added to" in page and "60% by 31 December 2018" in page
    assert "31 December 2018" in page and "60%" in page


@pytest.mark.parametrize(
    ("posted", "field", "message"),
    [
        (
            {"due_on": "2018-06-30", "value": "150"},
            "value",
            "Enter a percentage between 0 and 100.",
        ),
        (
            {"due_on": "2018-06-30", "value": "about 50"},
            "value",
            "The value must be a number, such as 42 or 12.5.",
        ),
        (
            {"due_on": "2018-12-31", "value": "70"},
            "due_on",
            "There is already a milestone for 31 December 2018.",
        ),
        ({"due_on": "", "value": "70"}, "due_on", "Enter the date the value should be reached by."),
        (
            {"due_on": "2020-01-31", "value": "70"},
            "due_on",
            "The date must be after 31 December 2017, the date of the starting value, and "
            "before 31 December 2019, the target date.",
        ),
    ],
)
def test_a_milestone_the_rules_refuse_is_explained_and_not_saved(
    as_manager, measure, posted, field, message
):
    MilestoneFactory(measure=measure, due_on=datetime.date(2018, 12, 31), value=Decimal("60"))
    response = as_manager.post(page_url(measure), posted)
    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert f'href="#id_{field}"' in response.content.decode()
    assert measure.milestones.count() == 1


@pytest.mark.parametrize(
    "day", [datetime.date(2017, 12, 31), datetime.date(2019, 12, 31), datetime.date(2020, 1, 1)]
)
def test_the_model_keeps_a_milestone_on_the_trajectory_for_the_admin_too(measure, day):
    """The admin saves through Milestone.full_clean: it refuses what the form refuses."""
    with pytest.raises(ValidationError) as refused:
        Milestone(measure=measure, due_on=day, value=Decimal("60")).full_clean()
    assert refused.value.message_dict == {
        "due_on": [
            "The date must be after 31 December 2017, the date of the starting value, and "
            "before 31 December 2019, the target date."
        ]
    }
    Milestone(measure=measure, due_on=datetime.date(2018, 1, 1), value=Decimal("60")).full_clean()


def test_a_manager_removes_a_milestone_and_removing_it_again_is_no_error(as_manager, measure):
    milestone = MilestoneFactory(measure=measure, due_on=datetime.date(2018, 12, 31), value=60)
    response = as_manager.post(remove_url(milestone))
    assert response.status_code == 302
    assert not measure.milestones.exists()
    assert "removed from" in as_manager.get(response["Location"]).content.decode()
    again = as_manager.post(remove_url(milestone), follow=True)
    assert "Nothing was removed: that milestone was already gone." in again.content.decode()


def test_an_archived_statements_milestones_cannot_change(as_manager, measure):
    milestone = MilestoneFactory(measure=measure, due_on=datetime.date(2018, 12, 31), value=60)
    Statement.objects.filter(pk=measure.statement_id).update(status=Statement.Status.ARCHIVED)
    assert (
        as_manager.post(page_url(measure), {"due_on": "2019-06-30", "value": "70"}).status_code
        == 403
    )
    assert as_manager.post(remove_url(milestone)).status_code == 403
    assert list(Milestone.objects.values_list("pk", flat=True)) == [milestone.pk]


def test_officers_cannot_change_milestones(client, officer, measure):
    client.force_login(officer)
    assert client.get(page_url(measure)).status_code == 403


def test_the_page_costs_the_same_queries_however_many_milestones(as_manager, measure):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert as_manager.get(page_url(measure)).status_code == 200
        return len(captured)

    MilestoneFactory(measure=measure, due_on=datetime.date(2018, 3, 31), value=45)
    one = queries()
    for month in (6, 9, 12):
        MilestoneFactory(measure=measure, due_on=datetime.date(2018, month, 28), value=50 + month)
    assert queries() == one


def test_the_statement_page_links_each_measures_milestones(as_manager, measure):
    page = as_manager.get(
        reverse("workspace:statement_detail", kwargs={"pk": measure.statement_id})
    ).content.decode()
    assert f'href="{page_url(measure)}"' in page
