"""Form messages: one message a field, plain English instead of Django's stock
wording, and no dates in the future for things that have happened."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from actions.models import Action, ProgressUpdate
from workspace.forms.plan import OwnerForm, StatementForm, WeaknessForm
from workstreams.models import Statement

from .factories import (
    OwnerFactory,
    StatementFactory,
    SuccessMeasureFactory,
    WeaknessFactory,
    WorkstreamFactory,
)
from .form_pages import errors_of, form_values

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2024, 6, 12)


def url(name, **kwargs):
    return reverse(f"workspace:{name}", kwargs=kwargs)


def statement_data(**overrides):
    return {
        "title": "Accelerated progress plan",
        "slug": "accelerated-progress-plan",
        "local_area": "Sutton",
        "summary": "What the local area will do next.",
        "inspection_published_on": "2018-03-23",
        "submitted_on": "2018-07-03",
        "evaluated_on": "",
        "evaluation_outcome": "",
        **overrides,
    }


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def statement(db):
    return StatementFactory(draft=True, title="Sutton 2018", slug="sutton-2018")


# 2. The action update form: one message a field ------------------------------


def update(client, action, **data):
    data.setdefault("version", action.version)
    return client.post(f"/manage/actions/{action.pk}/update/", data)


@pytest.fixture
def as_officer(client, officer):
    client.force_login(officer)
    return client


@pytest.mark.parametrize("typed", ["31/02/2020", "2020-02-31", "yesterday"])
def test_a_completion_date_that_does_not_exist_gets_one_message(as_officer, action, typed):
    response = update(as_officer, action, status="complete", completed_on=typed)
    assert response.status_code == 200
    assert errors_of(response)["completed_on"] == ["The date completed must be a real date."]
    page = response.content.decode()
    assert "Enter the date the action was completed" not in page
    # The error summary lists the field once too.
    assert page.count("The date completed must be a real date.") == 2  # summary and field
    assert not ProgressUpdate.objects.exists()
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED


def test_a_missing_completion_date_still_asks_for_it(as_officer, action):
    response = update(as_officer, action, status="complete", completed_on="")
    assert errors_of(response)["completed_on"] == ["Enter the date the action was completed."]


def test_a_confidence_not_offered_gets_one_message(as_officer, action):
    response = update(as_officer, action, status="in_progress", confidence="certain")
    assert len(errors_of(response)["confidence"]) == 1
    assert "Select how confident" not in response.content.decode()


def test_a_too_long_reason_for_a_new_date_gets_one_message(as_officer, action):
    response = update(
        as_officer,
        action,
        status="not_started",
        revised_due_date=(action.due_date + datetime.timedelta(days=30)).isoformat(),
        revision_reason="x" * 1001,
    )
    errors = errors_of(response)["revision_reason"]
    assert len(errors) == 1
    assert "Say why the due date has changed" not in errors[0]


# 4. Plan forms: plain English, not Django's stock messages ------------------------


def test_a_too_long_title_says_how_long_it_may_be_in_plain_english(as_manager):
    response = as_manager.post(url("statement_new"), statement_data(title="x" * 20_000))
    assert errors_of(response)["title"] == [
        "The title must be 200 characters or fewer (it has 20,000)."
    ]
    page = response.content.decode()
    assert "Ensure this value" not in page
    assert not Statement.objects.exists()


def test_too_long_long_text_says_how_long_it_may_be(as_manager):
    response = as_manager.post(url("statement_new"), statement_data(summary="x" * 20_001))
    assert errors_of(response)["summary"] == [
        "The summary must be 20,000 characters or fewer (it has 20,001)."
    ]


def test_a_too_long_web_address_says_so_once(as_manager):
    response = as_manager.post(url("statement_new"), statement_data(slug="a" * 81))
    assert errors_of(response)["slug"] == [
        "The web address must be 80 characters or fewer (it has 81)."
    ]


@pytest.mark.parametrize("slug", ["Sutton 2018", "sutton_2018", "Sutton-2018", "sütton", "-a-"])
def test_a_web_address_with_other_characters_is_explained_in_plain_english(as_manager, slug):
    response = as_manager.post(url("statement_new"), statement_data(slug=slug))
    assert errors_of(response)["slug"] == [
        "The web address must use only lower-case letters, numbers and hyphens, "
        "such as sutton-2018."
    ]
    page = response.content.decode()
    assert "Enter a valid" not in page
    assert "“slug”" not in page
    assert not Statement.objects.exists()


def test_an_existing_web_address_made_before_the_rule_can_stay(as_manager):
    statement = StatementFactory(draft=True, slug="Old_Address")
    edit = url("statement_edit", pk=statement.pk)
    data = form_values(as_manager.get(edit)) | {"summary": "Changed."}
    assert as_manager.post(edit, data).status_code == 302
    statement.refresh_from_db()
    assert (statement.slug, statement.summary) == ("Old_Address", "Changed.")


def test_a_good_web_address_is_accepted(as_manager):
    response = as_manager.post(url("statement_new"), statement_data(slug="sutton-2024-2"))
    assert response.status_code == 302
    assert Statement.objects.get().slug == "sutton-2024-2"


def test_every_plan_form_names_the_field_in_its_length_message(statement):
    weakness = WeaknessForm(
        data={"number": "1", "title": "t" * 201, "finding": "f" * 20_001, "response": ""},
        instance=WeaknessFactory.build(statement=statement),
    )
    assert weakness.errors["title"] == ["The title must be 200 characters or fewer (it has 201)."]
    assert weakness.errors["finding"] == [
        "What the inspectors found must be 20,000 characters or fewer (it has 20,001)."
    ]
    owner = OwnerForm(
        data={"name": "n" * 121, "job_title": "Head", "organisation": "council", "email": ""}
    )
    assert owner.errors["name"] == ["The name must be 120 characters or fewer (it has 121)."]


def test_no_plan_form_shows_django_stock_wording(as_manager, statement):
    lead = OwnerFactory()
    workstream = WorkstreamFactory(statement=statement, lead=lead)
    weakness = WeaknessFactory(statement=statement)
    SuccessMeasureFactory(statement=statement, weakness=weakness)
    posts = {
        url("statement_new"): statement_data(
            title="x" * 300, inspection_published_on="2018-02-31", slug="Bad Slug"
        ),
        url("weakness_new", pk=statement.pk): {"number": "x", "title": "t" * 300},
        url("workstream_new", pk=statement.pk): {
            "number": "5",
            "name": "n" * 300,
            "lead": "999999",
            "weaknesses": [str(weakness.pk)],
        },
        url("measure_new", pk=statement.pk): {
            "reference": "M" * 20,
            "kind": "sideways",
            "baseline_value": "lots",
            "target_value": "1" * 40,
            "baseline_date": "2018-13-01",
            "target_date": "soon",
        },
        url("action_new", pk=statement.pk): {
            "reference": "9" * 20,
            "workstream": str(workstream.pk + 1000),
            "title": "t" * 300,
            "start_date": "31/02/2020",
            "due_date": "never",
            "phase": "maybe",
        },
        url("owner_new"): {"name": "n" * 300, "organisation": "mars", "email": "e" * 400},
    }
    stock = ["Ensure this value", "Ensure that there are", "Enter a valid", "Select a valid"]
    for path, data in posts.items():
        response = as_manager.post(path, data)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert [phrase for phrase in stock if phrase in page] == [], path
        for name, errors in errors_of(response).items():
            assert len(errors) == 1, (path, name, errors)


def test_a_date_that_does_not_exist_names_the_field(as_manager):
    response = as_manager.post(
        url("statement_new"), statement_data(inspection_published_on="2018-02-31")
    )
    assert errors_of(response)["inspection_published_on"] == [
        "The date the inspection report was published must be a real date."
    ]


# 5. The statement's dates record what has happened: none in the future --------------


@pytest.mark.parametrize(
    ("field", "message"),
    [
        (
            "inspection_published_on",
            "The date the inspection report was published cannot be in the future.",
        ),
        ("submitted_on", "The date the statement was submitted cannot be in the future."),
        ("evaluated_on", "The date the statement was evaluated cannot be in the future."),
    ],
)
def test_dates_that_record_what_happened_cannot_be_in_the_future(
    as_manager, statement, field, message
):
    edit = url("statement_edit", pk=statement.pk)
    before = Statement.objects.values().get(pk=statement.pk)
    tomorrow = (TODAY + datetime.timedelta(days=1)).isoformat()
    with time_machine.travel(datetime.datetime(2024, 6, 12, 12, tzinfo=datetime.UTC)):
        data = form_values(as_manager.get(edit))
        data[field] = tomorrow
        if field == "inspection_published_on":
            data |= {"submitted_on": "", "evaluated_on": ""}
        if field == "evaluated_on":
            data["evaluation_outcome"] = "Fit for purpose"
        response = as_manager.post(edit, data)
    assert response.status_code == 200
    assert errors_of(response) == {field: [message]}
    page = response.content.decode()
    assert page.count(message) == 2  # the error summary and next to the field
    assert Statement.objects.values().get(pk=statement.pk) == before


@time_machine.travel(datetime.datetime(2024, 6, 12, 12, tzinfo=datetime.UTC))
def test_an_evaluation_dated_in_2030_is_refused(as_manager, statement):
    edit = url("statement_edit", pk=statement.pk)
    data = form_values(as_manager.get(edit)) | {
        "evaluated_on": "2030-01-01",
        "evaluation_outcome": "Fit for purpose",
    }
    response = as_manager.post(edit, data)
    assert errors_of(response) == {
        "evaluated_on": ["The date the statement was evaluated cannot be in the future."]
    }
    statement.refresh_from_db()
    assert statement.evaluated_on == datetime.date(2018, 7, 19)


def test_today_is_not_the_future(as_manager, statement):
    edit = url("statement_edit", pk=statement.pk)
    with time_machine.travel(datetime.datetime(2024, 6, 12, 12, tzinfo=datetime.UTC)):
        data = form_values(as_manager.get(edit)) | {
            "submitted_on": TODAY.isoformat(),
            "evaluated_on": TODAY.isoformat(),
        }
        response = as_manager.post(edit, data)
    assert response.status_code == 302
    statement.refresh_from_db()
    assert (statement.submitted_on, statement.evaluated_on) == (TODAY, TODAY)


def test_a_future_submission_does_not_also_complain_about_the_evaluation(statement):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    form = StatementForm(
        data=statement_data(
            submitted_on=tomorrow.isoformat(), evaluated_on=timezone.localdate().isoformat()
        ),
        instance=statement,
    )
    assert form.errors == {
        "submitted_on": ["The date the statement was submitted cannot be in the future."]
    }
