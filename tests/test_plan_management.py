"""Programme managers build and change the plan in /manage/plan/, without the admin."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.models import Action, ProgressUpdate
from actions.services import ProgressChange, record_progress
from workspace import plan_urls
from workspace.forms.concurrency import CONFLICT_MESSAGE
from workstreams.models import (
    Milestone,
    Owner,
    Statement,
    SuccessMeasure,
    Weakness,
    Workstream,
    WorkstreamMembership,
)

from .factories import (
    ActionFactory,
    MilestoneFactory,
    OwnerFactory,
    ParentRepresentativeFactory,
    StatementFactory,
    SuccessMeasureFactory,
    WeaknessFactory,
    WorkstreamFactory,
    WorkstreamMembershipFactory,
)
from .form_pages import errors_of, form_values

pytestmark = pytest.mark.django_db

PLAN_MODELS = [
    Statement,
    Weakness,
    Workstream,
    WorkstreamMembership,
    Owner,
    SuccessMeasure,
    Milestone,
    Action,
]


def url(name, **kwargs):
    return reverse(f"workspace:{name}", kwargs=kwargs)


def snapshot():
    """Everything a plan page could change: rows, m2m links, history, statuses."""
    counts = {model.__name__: model.objects.count() for model in PLAN_MODELS}
    counts.update(
        {
            f"{model.__name__} history": model.history.count()
            for model in PLAN_MODELS
            if hasattr(model, "history")
        }
    )
    counts["workstream weaknesses"] = Workstream.weaknesses.through.objects.count()
    counts["action weaknesses"] = Action.weaknesses.through.objects.count()
    counts["action measures"] = Action.measures.through.objects.count()
    # The copies of an action's links kept with each of its history records.
    for links in ("weaknesses", "measures"):
        copies = getattr(Action.history.model, links).model
        counts[f"action {links} history"] = copies.objects.count()
    counts["statuses"] = sorted(Statement.objects.values_list("pk", "status", "updated_at"))
    return counts


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def statement(db):
    return StatementFactory(draft=True, title="Sutton 2018", slug="sutton-2018")


@pytest.fixture
def plan(statement):
    """A small plan: two weaknesses, a workstream with a lead, a measure and an action."""
    first = WeaknessFactory(statement=statement, number=1)
    second = WeaknessFactory(statement=statement, number=2)
    lead = OwnerFactory(name="Lead Person", job_title="Head of SEND")
    workstream = WorkstreamFactory(statement=statement, number=1, lead=lead)
    workstream.weaknesses.set([first])
    measure = SuccessMeasureFactory(statement=statement, reference="M1", weakness=first)
    action = ActionFactory(
        statement=statement,
        workstream=workstream,
        reference="1.1",
        owner=lead,
        weaknesses=[first, second],
    )
    action.measures.set([measure])
    return {
        "statement": statement,
        "weaknesses": [first, second],
        "workstream": workstream,
        "lead": lead,
        "measure": measure,
        "action": action,
    }


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


def weakness_data(**overrides):
    return {
        "number": "3",
        "title": "Families wait too long for plans",
        "finding": "Too few EHC plans are completed within 20 weeks.",
        "response": "We will hire more coordinators.",
        **overrides,
    }


def workstream_data(plan, **overrides):
    return {
        "number": "2",
        "name": "Joint commissioning",
        "purpose": "Plan services together.",
        "lead": str(plan["lead"].pk),
        "weaknesses": [str(plan["weaknesses"][1].pk)],
        "monitoring_arrangements": "Monthly meeting with minutes.",
        **overrides,
    }


def owner_data(**overrides):
    return {
        "name": "Sam Jones",
        "job_title": "Designated medical officer",
        "organisation": Owner.Organisation.CCG,
        "email": "sam@example.org",
        "user": "",
        **overrides,
    }


def measure_data(plan, **overrides):
    return {
        "reference": "M2",
        "title": "Plans completed within 20 weeks",
        "description": "",
        "kind": SuccessMeasure.Kind.IMPACT,
        "unit": SuccessMeasure.Unit.PERCENTAGE,
        "direction": SuccessMeasure.Direction.HIGHER_IS_BETTER,
        "baseline_value": "40",
        "baseline_date": "2018-03-31",
        "target_value": "90",
        "target_date": "2020-03-31",
        "data_source": "SEN2 return",
        "owner": str(plan["lead"].pk),
        "weakness": str(plan["weaknesses"][1].pk),
        **overrides,
    }


def action_data(plan, **overrides):
    return {
        "reference": "1.2",
        "workstream": str(plan["workstream"].pk),
        "weaknesses": [str(plan["weaknesses"][1].pk)],
        "title": "Hire two more EHC coordinators",
        "description": "Recruit two coordinators.",
        "summary": "More people to write plans, so families wait less.",
        "intended_outcome": "Plans are finished within 20 weeks.",
        "monitoring": "The group checks the figures each month.",
        "owner": str(plan["lead"].pk),
        "phase": Action.Phase.PLANNED,
        "start_date": "2018-09-01",
        "due_date": "2019-03-31",
        "measures": [str(plan["measure"].pk)],
        **overrides,
    }


# Creating and editing -----------------------------------------------------


def test_the_plans_page_lists_every_statement_with_its_status_and_counts(as_manager, plan):
    StatementFactory(title="Old plan", archived=True)
    response = as_manager.get(url("statements"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sutton 2018" in page and "Old plan" in page
    assert 'govuk-tag--yellow">Draft' in page and "Archived</strong>" in page
    assert url("statement_new") in page
    listed = {s.title: s for s in response.context["statements"]}
    assert listed["Sutton 2018"].weakness_count == 2
    assert listed["Sutton 2018"].action_count == 1
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_a_programme_manager_can_create_a_statement_as_a_draft(as_manager, manager):
    response = as_manager.post(url("statement_new"), statement_data())
    created = Statement.objects.get(slug="accelerated-progress-plan")
    assert response.status_code == 302
    assert response.url == url("statement_detail", pk=created.pk)
    assert created.status == Statement.Status.DRAFT
    assert created.history.first().history_user == manager
    page = as_manager.get(response.url).content.decode()
    assert "created as a draft" in page


def test_a_programme_manager_can_edit_a_statement(as_manager, statement):
    edit = url("statement_edit", pk=statement.pk)
    data = form_values(as_manager.get(edit)) | {"summary": "A clearer summary."}
    response = as_manager.post(edit, data)
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.summary == "A clearer summary."
    assert statement.status == Statement.Status.DRAFT


def test_a_programme_manager_can_add_and_edit_a_weakness(as_manager, manager, plan):
    statement = plan["statement"]
    response = as_manager.post(url("weakness_new", pk=statement.pk), weakness_data())
    assert response.status_code == 302
    assert response.url == url("statement_detail", pk=statement.pk)
    weakness = statement.weaknesses.get(number=3)
    assert weakness.history.first().history_user == manager

    edit = url("weakness_edit", pk=weakness.pk)
    data = form_values(as_manager.get(edit)) | {"title": "Plans take too long"}
    assert as_manager.post(edit, data).status_code == 302
    weakness.refresh_from_db()
    assert weakness.title == "Plans take too long"


def test_a_programme_manager_can_add_and_edit_a_workstream(as_manager, plan):
    statement = plan["statement"]
    response = as_manager.post(url("workstream_new", pk=statement.pk), workstream_data(plan))
    assert response.status_code == 302
    workstream = statement.workstreams.get(number=2)
    assert list(workstream.weaknesses.all()) == [plan["weaknesses"][1]]

    edit = url("workstream_edit", pk=workstream.pk)
    data = form_values(as_manager.get(edit)) | {
        "name": "Commissioning together",
        "weaknesses": [str(w.pk) for w in plan["weaknesses"]],
    }
    assert as_manager.post(edit, data).status_code == 302
    workstream.refresh_from_db()
    assert workstream.name == "Commissioning together"
    assert workstream.weaknesses.count() == 2


def test_a_workstream_only_offers_its_own_statements_weaknesses(as_manager, plan):
    other = WeaknessFactory()  # another statement's
    response = as_manager.post(
        url("workstream_new", pk=plan["statement"].pk),
        workstream_data(plan, weaknesses=[str(other.pk)]),
    )
    assert response.status_code == 200
    assert "weaknesses" in errors_of(response)
    assert not plan["statement"].workstreams.filter(number=2).exists()


def test_checkboxes_offer_only_this_statements_weaknesses_and_measures(as_manager, plan):
    other_weakness = WeaknessFactory(title="Another statement's weakness")
    other_measure = SuccessMeasureFactory(title="Another statement's measure")
    form = as_manager.get(url("action_new", pk=plan["statement"].pk)).context["form"]
    page = str(form)
    assert "Another statement" not in page
    assert set(form.fields["weaknesses"].queryset) == set(plan["weaknesses"])
    assert other_weakness not in form.fields["weaknesses"].queryset
    assert other_measure not in form.fields["measures"].queryset
    assert 'type="checkbox" name="weaknesses"' in page
    assert "govuk-checkboxes__input" in page


def test_measure_checkboxes_are_in_counted_order(as_manager, plan):
    for reference in ["M30", "M4", "M3"]:
        SuccessMeasureFactory(statement=plan["statement"], reference=reference)
    form = as_manager.get(url("action_new", pk=plan["statement"].pk)).context["form"]
    references = [
        form.fields["measures"].queryset.get(pk=option.data["value"].value).reference
        for option in form["measures"]
    ]
    ours = [reference for reference in references if reference in {"M3", "M4", "M30"}]
    assert ours == ["M3", "M4", "M30"]


def test_the_statement_page_lists_actions_and_measures_in_counted_order(as_manager, plan):
    statement, workstream = plan["statement"], plan["workstream"]
    for reference in ["1.10", "1.2"]:
        ActionFactory(statement=statement, workstream=workstream, reference=reference)
    for reference in ["M10", "M2"]:
        SuccessMeasureFactory(statement=statement, reference=reference)
    context = as_manager.get(url("statement_detail", pk=statement.pk)).context
    assert [action.reference for action in context["actions"]] == ["1.1", "1.2", "1.10"]
    assert [measure.reference for measure in context["measures"]] == ["M1", "M2", "M10"]


def test_an_id_too_big_for_the_database_is_a_field_error_not_a_crash(as_manager, plan):
    response = as_manager.post(
        url("action_new", pk=plan["statement"].pk),
        action_data(plan, weaknesses=[str(2**63)], measures=["1e5"], owner=str(2**70)),
    )
    assert response.status_code == 200
    errors = errors_of(response)
    assert errors["weaknesses"] == ["Choose only from the options listed."]
    assert set(errors) == {"weaknesses", "measures", "owner"}


def test_a_programme_manager_can_add_and_edit_an_owner(as_manager, officer):
    response = as_manager.post(url("owner_new"), owner_data(user=str(officer.pk)))
    assert response.status_code == 302
    assert response.url == url("owners")
    owner = Owner.objects.get(name="Sam Jones")
    assert owner.user == officer

    edit = url("owner_edit", pk=owner.pk)
    data = form_values(as_manager.get(edit)) | {"user": "", "email": "dmo@example.org"}
    assert as_manager.post(edit, data).status_code == 302
    owner.refresh_from_db()
    assert (owner.user, owner.email) == (None, "dmo@example.org")


def test_an_owner_added_from_a_statement_goes_back_to_it(as_manager, statement):
    response = as_manager.post(url("owner_new") + f"?statement={statement.pk}", owner_data())
    assert response.url == url("statement_detail", pk=statement.pk)
    response = as_manager.post(url("owner_new") + "?statement=²", owner_data(job_title="DMO"))
    assert response.url == url("owners")


def test_a_programme_manager_can_add_and_edit_a_measure(as_manager, plan):
    statement = plan["statement"]
    response = as_manager.post(url("measure_new", pk=statement.pk), measure_data(plan))
    assert response.status_code == 302
    measure = statement.measures.get(reference="M2")
    assert measure.target_value == Decimal("90")

    edit = url("measure_edit", pk=measure.pk)
    data = form_values(as_manager.get(edit)) | {"target_value": "95"}
    assert as_manager.post(edit, data).status_code == 302
    measure.refresh_from_db()
    assert measure.target_value == Decimal("95")


def test_a_programme_manager_can_add_and_edit_an_action(as_manager, manager, plan):
    statement = plan["statement"]
    response = as_manager.post(url("action_new", pk=statement.pk), action_data(plan))
    assert response.status_code == 302
    action = statement.actions.get(reference="1.2")
    assert action.status == Action.Status.NOT_STARTED
    assert list(action.weaknesses.all()) == [plan["weaknesses"][1]]
    assert list(action.measures.all()) == [plan["measure"]]
    assert action.history.first().history_user == manager

    edit = url("action_edit", pk=action.pk)
    data = form_values(as_manager.get(edit)) | {"due_date": "2019-06-30", "measures": []}
    assert as_manager.post(edit, data).status_code == 302
    action.refresh_from_db()
    assert action.due_date == datetime.date(2019, 6, 30)
    assert action.measures.count() == 0


def test_an_action_needs_at_least_one_weakness(as_manager, plan):
    response = as_manager.post(
        url("action_new", pk=plan["statement"].pk), action_data(plan, weaknesses=[])
    )
    assert errors_of(response)["weaknesses"] == [
        "Select at least one weakness this action addresses."
    ]


def test_a_new_statement_says_to_add_weaknesses_and_workstreams_before_an_action(
    as_manager, statement
):
    """The action form needs a workstream and a weakness to choose: without them it is a
    dead end, so the page says what to add first and links to it."""
    new_action = url("action_new", pk=statement.pk)
    page = as_manager.get(new_action).content.decode()
    assert "has no weaknesses or workstreams yet: add them first" in page
    assert f'href="{url("weakness_new", pk=statement.pk)}"' in page
    assert f'href="{url("workstream_new", pk=statement.pk)}"' in page
    assert "<form" not in page.split('id="main-content"')[1].split("</main>")[0]
    assert as_manager.post(new_action, {"reference": "1.1"}).status_code == 200
    assert not statement.actions.exists()

    weakness = WeaknessFactory(statement=statement, number=1)
    page = as_manager.get(new_action).content.decode()
    assert "has no workstreams yet: add one first" in page
    WorkstreamFactory(statement=statement, number=1).weaknesses.set([weakness])
    assert "form" in as_manager.get(new_action).context


def test_parent_representatives_can_be_added_and_removed(as_manager, plan):
    workstream = plan["workstream"]
    rep = ParentRepresentativeFactory(first_name="Priya", last_name="Shah")
    page = url("workstream_representatives", pk=workstream.pk)
    response = as_manager.get(page)
    assert rep in response.context["form"].fields["user"].queryset

    response = as_manager.post(page, {"user": str(rep.pk)})
    assert response.status_code == 302
    assert list(workstream.parent_representatives.all()) == [rep]
    detail = as_manager.get(url("statement_detail", pk=plan["statement"].pk))
    assert "Priya Shah" in detail.content.decode()
    # Once on it, they are no longer offered.
    assert rep not in as_manager.get(page).context["form"].fields["user"].queryset

    remove = url("workstream_representative_remove", pk=workstream.pk, user_pk=rep.pk)
    assert as_manager.get(remove).status_code == 405
    assert as_manager.post(remove).status_code == 302
    assert not workstream.parent_representatives.exists()
    assert as_manager.post(remove).status_code == 302  # already gone: no error


def test_only_parent_representatives_can_be_added_to_a_workstream(as_manager, plan, officer):
    response = as_manager.post(
        url("workstream_representatives", pk=plan["workstream"].pk), {"user": str(officer.pk)}
    )
    assert response.status_code == 200
    assert "user" in errors_of(response)
    assert not WorkstreamMembership.objects.exists()


def test_the_statement_page_shows_the_whole_plan_with_edit_links(as_manager, plan):
    WorkstreamMembershipFactory(
        workstream=plan["workstream"],
        user=ParentRepresentativeFactory(first_name="Ada", last_name="Parent"),
    )
    response = as_manager.get(url("statement_detail", pk=plan["statement"].pk))
    page = response.content.decode()
    for name, obj in [
        ("weakness_edit", plan["weaknesses"][0]),
        ("workstream_edit", plan["workstream"]),
        ("measure_edit", plan["measure"]),
        ("action_edit", plan["action"]),
    ]:
        assert url(name, pk=obj.pk) in page
    assert "Ada Parent" in page
    assert "Lead Person" in page
    assert url("statement_publish", pk=plan["statement"].pk) in page
    assert 'scope="col"' in page and "app-table--stacked" in page


# Who may do it ------------------------------------------------------------


def plan_url_kwargs(plan):
    rep = WorkstreamMembershipFactory(workstream=plan["workstream"]).user
    milestone = MilestoneFactory(measure=plan["measure"])
    statement_pk = plan["statement"].pk
    return {
        "statements": {},
        "statement_new": {},
        "statement_detail": {"pk": statement_pk},
        "statement_edit": {"pk": statement_pk},
        "statement_publish": {"pk": statement_pk},
        "statement_unpublish": {"pk": statement_pk},
        "statement_archive": {"pk": statement_pk},
        "weakness_new": {"pk": statement_pk},
        "weakness_edit": {"pk": plan["weaknesses"][0].pk},
        "workstream_new": {"pk": statement_pk},
        "workstream_edit": {"pk": plan["workstream"].pk},
        "workstream_representatives": {"pk": plan["workstream"].pk},
        "workstream_representative_remove": {"pk": plan["workstream"].pk, "user_pk": rep.pk},
        "owners": {},
        "owner_new": {},
        "owner_edit": {"pk": plan["lead"].pk},
        "measure_new": {"pk": statement_pk},
        "measure_edit": {"pk": plan["measure"].pk},
        "measure_milestones": {"pk": plan["measure"].pk},
        "milestone_remove": {"pk": plan["measure"].pk, "milestone_pk": milestone.pk},
        "action_new": {"pk": statement_pk},
        "action_edit": {"pk": plan["action"].pk},
    }


def everything_valid(plan):
    return (
        statement_data()
        | weakness_data()
        | owner_data()
        | measure_data(plan)
        | workstream_data(plan)
        | action_data(plan)
    )


@pytest.mark.parametrize("who", ["officer", "parent", "outsider", "anonymous"])
def test_nobody_but_a_programme_manager_can_open_or_post_to_any_plan_page(
    client, request, plan, who
):
    kwargs = plan_url_kwargs(plan)
    names = {pattern.name for pattern in plan_urls.urlpatterns}
    assert names == set(kwargs), "every plan URL needs an entry here"
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    before = snapshot()
    for name in sorted(names):
        address = url(name, **kwargs[name])
        for method in ("get", "post"):
            response = getattr(client, method)(address, everything_valid(plan))
            if who == "anonymous":
                assert response.status_code == 302, (name, method)
                assert response.url.startswith(reverse("login")), (name, method)
            else:
                assert response.status_code == 403, (name, method)
    assert snapshot() == before


# Publishing, unpublishing, archiving -------------------------------------


def test_publishing_asks_for_confirmation_then_publishes_on_post(as_manager, plan):
    statement = plan["statement"]
    address = url("statement_publish", pk=statement.pk)
    response = as_manager.get(address)
    assert response.status_code == 200
    assert "Publishing puts the statement on the public website" in response.content.decode()
    statement.refresh_from_db()
    assert statement.status == Statement.Status.DRAFT

    response = as_manager.post(address)
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.status == Statement.Status.PUBLISHED
    assert statement.published_at is not None
    assert as_manager.get(statement.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("has", "missing"),
    [
        ((), "a weakness and an action"),
        (("weakness",), "an action"),
    ],
)
def test_a_statement_with_nothing_to_read_cannot_be_published(as_manager, statement, has, missing):
    if "weakness" in has:
        WeaknessFactory(statement=statement, number=1)
    address = url("statement_publish", pk=statement.pk)
    message = (
        f"Add {missing} before publishing: families would find a page that says nothing "
        "about what the inspectors found or what is being done."
    )
    page = as_manager.get(address).content.decode()
    assert message in page
    assert "Publish statement</button>" not in page
    assert message in as_manager.post(address).content.decode()
    statement.refresh_from_db()
    assert statement.status == Statement.Status.DRAFT


def test_unpublishing_takes_the_statement_off_the_public_site(as_manager, client):
    statement = StatementFactory()
    response = as_manager.post(url("statement_unpublish", pk=statement.pk))
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.status == Statement.Status.DRAFT
    as_manager.logout()
    assert client.get(statement.get_absolute_url()).status_code == 404


def test_archiving_keeps_everything_and_makes_the_statement_read_only(as_manager, plan):
    statement = plan["statement"]
    as_manager.post(url("statement_publish", pk=statement.pk))
    response = as_manager.post(url("statement_archive", pk=statement.pk))
    assert response.status_code == 302
    statement.refresh_from_db()
    assert statement.status == Statement.Status.ARCHIVED
    assert statement.actions.count() == 1 and statement.weaknesses.count() == 2
    assert Client().get(statement.get_absolute_url()).status_code == 404

    before = snapshot()
    response = as_manager.post(
        url("weakness_edit", pk=plan["weaknesses"][0].pk), weakness_data(number="1")
    )
    assert response.status_code == 403
    assert "This statement is archived" in response.content.decode()
    for name, pk in [
        ("statement_edit", statement.pk),
        ("weakness_new", statement.pk),
        ("action_edit", plan["action"].pk),
        ("workstream_representatives", plan["workstream"].pk),
    ]:
        assert as_manager.get(url(name, pk=pk)).status_code == 403
    assert snapshot() == before
    # Still readable, without edit links.
    page = as_manager.get(url("statement_detail", pk=statement.pk)).content.decode()
    assert url("action_edit", pk=plan["action"].pk) not in page


def test_an_archived_statement_cannot_be_published_and_the_page_says_why(as_manager):
    statement = StatementFactory(archived=True)
    address = url("statement_publish", pk=statement.pk)
    response = as_manager.get(address)
    assert response.status_code == 200
    assert "An archived statement cannot be published again" in response.content.decode()
    assert "Publish statement</button>" not in response.content.decode()

    response = as_manager.post(address)
    assert response.status_code == 200
    assert "An archived statement cannot be published again" in response.content.decode()
    statement.refresh_from_db()
    assert statement.status == Statement.Status.ARCHIVED


def test_a_draft_cannot_be_unpublished(as_manager, statement):
    response = as_manager.post(url("statement_unpublish", pk=statement.pk))
    assert response.status_code == 200
    assert "Only a published statement can be unpublished" in response.content.decode()


def test_status_changes_accept_only_get_and_post(as_manager, statement):
    for name in ("statement_publish", "statement_unpublish", "statement_archive"):
        assert as_manager.put(url(name, pk=statement.pk)).status_code == 405
    statement.refresh_from_db()
    assert statement.status == Statement.Status.DRAFT


# Bad input ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("view", "data", "field", "message", "model"),
    [
        (
            "weakness_new",
            lambda plan: weakness_data(number="2"),
            "number",
            "This statement already has a weakness 2.",
            Weakness,
        ),
        (
            "workstream_new",
            lambda plan: workstream_data(plan, number="1"),
            "number",
            "This statement already has a workstream 1.",
            Workstream,
        ),
        (
            "measure_new",
            lambda plan: measure_data(plan, reference="m1"),
            "reference",
            "This statement already has a measure m1.",
            SuccessMeasure,
        ),
        (
            "action_new",
            lambda plan: action_data(plan, reference="1.1"),
            "reference",
            "This statement already has an action 1.1.",
            Action,
        ),
    ],
)
def test_a_duplicate_number_or_reference_is_a_field_error_and_saves_nothing(
    as_manager, plan, view, data, field, message, model
):
    before = snapshot()
    response = as_manager.post(url(view, pk=plan["statement"].pk), data(plan))
    assert response.status_code == 200
    assert errors_of(response)[field] == [message]
    assert response.context["form"].non_field_errors() == []
    assert "There is a problem" in response.content.decode()
    assert "<title>Error: " in response.content.decode()
    assert snapshot() == before


def test_the_same_number_is_fine_in_another_statement(as_manager, plan):
    other = StatementFactory(draft=True)
    response = as_manager.post(url("weakness_new", pk=other.pk), weakness_data(number="1"))
    assert response.status_code == 302


def test_a_duplicate_owner_job_title_is_a_field_error(as_manager, plan):
    data = owner_data(job_title="head of send", organisation=plan["lead"].organisation)
    response = as_manager.post(url("owner_new"), data)
    assert response.status_code == 200
    assert "already has an owner with the job title" in errors_of(response)["job_title"][0]


def test_a_duplicate_web_address_is_a_field_error(as_manager, statement):
    response = as_manager.post(url("statement_new"), statement_data(slug="sutton-2018"))
    assert errors_of(response)["slug"] == ["Another statement already uses this web address."]


@pytest.mark.parametrize(
    ("view", "data", "field", "words"),
    [
        (
            "action_new",
            lambda plan: action_data(plan, start_date="2019-05-01", due_date="2019-04-30"),
            "due_date",
            "cannot be before the start date",
        ),
        (
            "measure_new",
            lambda plan: measure_data(plan, target_value="30"),
            "target_value",
            "Higher is better for this measure",
        ),
        (
            "measure_new",
            lambda plan: measure_data(
                plan, direction=SuccessMeasure.Direction.LOWER_IS_BETTER, target_value="50"
            ),
            "target_value",
            "Lower is better for this measure",
        ),
        (
            "measure_new",
            lambda plan: measure_data(plan, target_value="40"),
            "target_value",
            "must differ from the starting value",
        ),
        (
            "measure_new",
            lambda plan: measure_data(plan, target_date="2018-03-31"),
            "target_date",
            "must be after the date of the starting value",
        ),
        (
            "measure_new",
            lambda plan: measure_data(plan, target_value="140"),
            "target_value",
            "Enter a percentage between 0 and 100.",
        ),
    ],
)
def test_dates_and_targets_that_break_the_rules_are_field_errors(
    as_manager, plan, view, data, field, words
):
    before = snapshot()
    response = as_manager.post(url(view, pk=plan["statement"].pk), data(plan))
    assert response.status_code == 200
    assert any(words in error for error in errors_of(response)[field])
    assert snapshot() == before


def test_statement_dates_in_the_wrong_order_are_field_errors(as_manager):
    response = as_manager.post(
        url("statement_new"),
        statement_data(submitted_on="2018-01-01", evaluated_on="2017-01-01"),
    )
    errors = errors_of(response)
    assert "must be submitted on or after" in errors["submitted_on"][0]
    response = as_manager.post(url("statement_new"), statement_data(evaluated_on="2018-06-01"))
    assert "must be evaluated on or after" in errors_of(response)["evaluated_on"][0]


def test_moving_a_due_date_past_an_officers_revised_date_is_a_field_error(as_manager, plan):
    action = plan["action"]
    Action.objects.filter(pk=action.pk).update(
        revised_due_date=datetime.date(2019, 6, 30), revision_reason="Recruitment was slow."
    )
    edit = url("action_edit", pk=action.pk)
    data = form_values(as_manager.get(edit)) | {"due_date": "2019-07-31"}
    response = as_manager.post(edit, data)
    assert response.status_code == 200
    assert "before the revised due date" in errors_of(response)["due_date"][0]


# Two people editing the same thing --------------------------------------


def test_a_stale_edit_is_refused_and_the_other_persons_change_is_kept(as_manager, plan):
    weakness = plan["weaknesses"][0]
    edit = url("weakness_edit", pk=weakness.pk)
    opened = form_values(as_manager.get(edit))
    assert opened["fingerprint"]

    # Someone else saves while this form is open.
    weakness.refresh_from_db()
    weakness.title = "Their title"
    weakness.save()

    response = as_manager.post(edit, opened | {"title": "My title"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == [CONFLICT_MESSAGE]
    page = response.content.decode()
    assert "Their version" in page and "Their title" in page
    assert '<a href="#their-version">' in page  # the error summary links to it
    # Only the title is marked: every other field of theirs is what this form holds.
    assert page.count("Different from yours") == 1
    title_row = page[: page.index("Their title")].rsplit("govuk-summary-list__row", 1)[1]
    assert "Different from yours" in title_row
    new_fingerprint = form_values(response)["fingerprint"]
    assert f'name="fingerprint" value="{new_fingerprint}"' in page
    assert 'value="My title"' in page  # their own work is kept in the form
    weakness.refresh_from_db()
    assert weakness.title == "Their title"

    # Saving again, with the fingerprint the conflict page gave, applies theirs knowingly.
    again = form_values(response)
    assert again["fingerprint"] != opened["fingerprint"]
    assert again["title"] == "My title"
    assert as_manager.post(edit, again).status_code == 302
    weakness.refresh_from_db()
    assert weakness.title == "My title"


def test_a_change_to_an_actions_links_also_counts_as_someone_elses_change(as_manager, plan):
    action = plan["action"]
    edit = url("action_edit", pk=action.pk)
    opened = form_values(as_manager.get(edit))
    action.measures.clear()  # another manager unticks the measure

    response = as_manager.post(edit, opened | {"title": "New title"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [CONFLICT_MESSAGE]
    action.refresh_from_db()
    assert action.title != "New title"
    assert action.measures.count() == 0


def test_an_officers_progress_update_does_not_block_or_get_overwritten_by_an_edit(
    as_manager, plan, lead
):
    action = plan["action"]
    action.owner = OwnerFactory(user=lead)
    action.save()
    edit = url("action_edit", pk=action.pk)
    opened = form_values(as_manager.get(edit))
    record_progress(
        action,
        lead,
        ProgressChange(status=Action.Status.IN_PROGRESS, confidence=Action.Confidence.AT_RISK),
        expected_version=action.version,
    )
    response = as_manager.post(edit, opened | {"title": "Clearer title"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.title == "Clearer title"
    assert (action.status, action.confidence) == ("in_progress", "at_risk")
    assert ProgressUpdate.objects.filter(action=action).count() == 1


def test_an_edit_without_a_fingerprint_is_treated_as_stale(as_manager, plan):
    measure = plan["measure"]
    edit = url("measure_edit", pk=measure.pk)
    data = form_values(as_manager.get(edit)) | {"title": "Changed", "fingerprint": ""}
    response = as_manager.post(edit, data)
    assert response.context["form"].non_field_errors() == [CONFLICT_MESSAGE]
    measure.refresh_from_db()
    assert measure.title != "Changed"


# Any input at all: never a 500, never half-saved ---------------------------

junk = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(max_codepoint=31), max_size=20),  # control characters
    # Huge strings (a browser only ever sends UTF-8, so no lone surrogates).
    st.builds(lambda char, n: char * n, st.characters(codec="utf-8"), st.integers(1_000, 25_000)),
    st.dates().map(str),
    st.dates().map(lambda day: day.strftime("%d/%m/%Y")),
    st.datetimes().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.integers().map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.just(""),
)


def any_payload(valid):
    """Each field either left valid or replaced by something odd."""
    fields = {}
    for name, value in valid.items():
        if isinstance(value, list):
            fields[name] = st.one_of(
                st.just(value),
                st.lists(st.one_of(st.sampled_from(value or [""]), junk), max_size=3),
            )
        else:
            fields[name] = st.one_of(st.just(value), junk)
    return st.fixed_dictionaries(fields)


CREATE_FORMS = {
    "statement_new": (lambda plan: {}, lambda plan: statement_data(), Statement),
    "weakness_new": (
        lambda plan: {"pk": plan["statement"].pk},
        lambda plan: weakness_data(),
        Weakness,
    ),
    "workstream_new": (
        lambda plan: {"pk": plan["statement"].pk},
        workstream_data,
        Workstream,
    ),
    "owner_new": (lambda plan: {}, lambda plan: owner_data(), Owner),
    "measure_new": (lambda plan: {"pk": plan["statement"].pk}, measure_data, SuccessMeasure),
    "action_new": (lambda plan: {"pk": plan["statement"].pk}, action_data, Action),
    "workstream_representatives": (
        lambda plan: {"pk": plan["workstream"].pk},
        lambda plan: {"user": str(ParentRepresentativeFactory().pk)},
        WorkstreamMembership,
    ),
}

EDIT_FORMS = {
    "statement_edit": lambda plan: plan["statement"],
    "weakness_edit": lambda plan: plan["weaknesses"][0],
    "workstream_edit": lambda plan: plan["workstream"],
    "owner_edit": lambda plan: plan["lead"],
    "measure_edit": lambda plan: plan["measure"],
    "action_edit": lambda plan: plan["action"],
}

HYPOTHESIS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.mark.parametrize("view", sorted(CREATE_FORMS))
@HYPOTHESIS
@given(data=st.data())
def test_any_input_to_a_create_form_gives_a_page_or_a_whole_save_never_a_500(
    as_manager, plan, view, data
):
    kwargs, valid, model = CREATE_FORMS[view]
    payload = data.draw(any_payload(valid(plan)))
    before = snapshot()
    response = as_manager.post(url(view, **kwargs(plan)), payload)
    assert response.status_code in (200, 302)
    after = snapshot()
    if response.status_code == 200:
        assert after == before
        assert response.context["form"].errors
    else:
        assert after[model.__name__] == before[model.__name__] + 1


@pytest.mark.parametrize("view", sorted(EDIT_FORMS))
@HYPOTHESIS
@given(data=st.data())
def test_any_input_to_an_edit_form_gives_a_page_or_a_whole_save_never_a_500(
    as_manager, plan, view, data
):
    obj = EDIT_FORMS[view](plan)
    address = url(view, pk=obj.pk)
    valid = form_values(as_manager.get(address))
    fingerprint = valid.pop("fingerprint")
    payload = data.draw(any_payload(valid)) | {"fingerprint": fingerprint}
    before = snapshot()
    response = as_manager.post(address, payload)
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert snapshot() == before
        assert response.context["form"].errors
        assert response.context["form"].fields["fingerprint"]


# Query counts -------------------------------------------------------------


def plan_with_actions(count):
    statement = StatementFactory(draft=True)
    workstream = WorkstreamFactory(statement=statement)
    weakness = WeaknessFactory(statement=statement)
    workstream.weaknesses.set([weakness])
    WorkstreamMembershipFactory(workstream=workstream)
    SuccessMeasureFactory(statement=statement, owner=OwnerFactory())
    for _ in range(count):
        ActionFactory(statement=statement, workstream=workstream, weaknesses=[weakness])
    return statement


def queries_for(client, address):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return len(queries)


def test_the_statement_page_runs_the_same_queries_for_5_and_100_actions(as_manager):
    small, large = plan_with_actions(5), plan_with_actions(100)
    assert queries_for(as_manager, url("statement_detail", pk=small.pk)) == queries_for(
        as_manager, url("statement_detail", pk=large.pk)
    )


def test_the_plans_page_runs_the_same_queries_for_5_and_100_actions(as_manager):
    plan_with_actions(5)
    few = queries_for(as_manager, url("statements"))
    plan_with_actions(100)
    assert queries_for(as_manager, url("statements")) == few


def test_the_owners_page_runs_the_same_queries_however_many_owners(as_manager):
    OwnerFactory.create_batch(3)
    few = queries_for(as_manager, url("owners"))
    OwnerFactory.create_batch(30, user=None)
    assert queries_for(as_manager, url("owners")) == few
