"""An owner from an organisation outside the list is shown by that organisation's name,
never as "Other partner", so families can tell who is responsible."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from actions.models import Action
from reports.board import build_board_report
from reports.board_export import board_csv
from reports.snapshot import build_snapshot
from workspace.dashboard import DashboardFilters
from workstreams.models import Owner

from .factories import (
    ActionFactory,
    OwnerFactory,
    StatementFactory,
    SuccessMeasureFactory,
    WeaknessFactory,
    WorkstreamFactory,
)
from .form_pages import errors_of, form_values

pytestmark = pytest.mark.django_db

IASS = "Sutton Information, Advice and Support Service"
OTHER = Owner.Organisation.OTHER


def other_owner(**fields):
    return OwnerFactory(
        job_title="Service Manager", organisation=OTHER, organisation_name=IASS, **fields
    )


# The model ------------------------------------------------------------------------------


def test_an_owner_outside_the_list_is_known_by_the_organisations_own_name():
    owner = other_owner()
    assert owner.organisation_label == IASS
    assert str(owner) == owner.public_label == f"Service Manager, {IASS}"


def test_a_listed_organisation_is_known_by_its_listed_name():
    owner = OwnerFactory(job_title="Head of SEND", organisation=Owner.Organisation.CCG)
    assert owner.organisation_label == "Sutton Clinical Commissioning Group"
    assert str(owner) == "Head of SEND, Sutton Clinical Commissioning Group"


def test_an_owner_saved_before_names_were_kept_is_still_shown():
    legacy = OwnerFactory(organisation=OTHER, organisation_name="")
    assert legacy.organisation_label == "Other partner"


def test_an_organisation_outside_the_list_needs_its_name():
    owner = OwnerFactory.build(organisation=OTHER, organisation_name="  ")
    with pytest.raises(ValidationError) as refused:
        owner.full_clean()
    assert refused.value.message_dict == {
        "organisation_name": ["Enter the name of the organisation."]
    }


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("cognus limited", "Cognus Limited is in the list: choose it rather than “Other partner”."),
        ("PCF", "Sutton Parent Carer Forum is in the list: choose it rather than “Other partner”."),
        ("Other partner", "Enter the name of the organisation, not “other”."),
        ("other", "Enter the name of the organisation, not “other”."),
    ],
)
def test_the_name_of_an_organisation_outside_the_list_is_not_one_in_it(name, message):
    owner = OwnerFactory.build(organisation=OTHER, organisation_name=name)
    with pytest.raises(ValidationError) as refused:
        owner.full_clean()
    assert refused.value.message_dict == {"organisation_name": [message]}


def test_a_name_given_with_a_listed_organisation_is_dropped():
    owner = OwnerFactory.build(organisation=Owner.Organisation.SCHOOLS, organisation_name=IASS)
    owner.full_clean()
    assert owner.organisation_name == ""
    assert owner.organisation_label == "Sutton schools"


def test_one_organisation_has_one_owner_of_a_job_title_whatever_its_capitals():
    """The database refuses "HEAD OF SEND" beside "Head of SEND", as the owner form does:
    the import would otherwise make a second owner of the same job."""
    OwnerFactory(job_title="Head of SEND", organisation=Owner.Organisation.COUNCIL)
    other_owner()
    twin = Owner(name="A", job_title="HEAD OF SEND", organisation=Owner.Organisation.COUNCIL)
    with pytest.raises(ValidationError, match="already has an owner with this job title"):
        twin.full_clean()
    with pytest.raises(ValidationError):
        Owner(
            name="B",
            job_title="service manager",
            organisation=OTHER,
            organisation_name=IASS.upper(),
        ).full_clean()
    with transaction.atomic(), pytest.raises(IntegrityError):
        twin.save()
    # Another organisation, or another name outside the list, may have the job.
    Owner(name="C", job_title="head of send", organisation=Owner.Organisation.CCG).full_clean()
    Owner(
        name="D", job_title="Service Manager", organisation=OTHER, organisation_name="Kids First"
    ).full_clean()


# One spreadsheet cell for the organisation ---------------------------------------------


def test_the_spreadsheet_names_a_listed_organisation_by_code_and_any_other_by_name():
    assert OwnerFactory.build(organisation=Owner.Organisation.COGNUS).organisation_key == "cognus"
    assert other_owner().organisation_key == IASS


@pytest.mark.parametrize(
    ("cell", "organisation"),
    [
        ("cognus", ("cognus", "")),
        ("PCF", ("pcf", "")),
        ("London Borough of Sutton", ("council", "")),
        ("  sutton   schools ", ("schools", "")),
        (IASS, (OTHER, IASS)),
        (f"  {IASS} ", (OTHER, IASS)),
    ],
)
def test_a_spreadsheet_cell_is_a_listed_organisation_or_the_name_of_another(cell, organisation):
    assert Owner.organisation_from_key(cell) == organisation


@pytest.mark.parametrize("cell", ["other", "Other", " OTHER ", "Other partner"])
def test_other_is_refused_because_it_does_not_say_which_organisation(cell):
    with pytest.raises(ValueError, match="write the organisation's name instead of"):
        Owner.organisation_from_key(cell)


# Everywhere the organisation is shown ----------------------------------------------------

TODAY = datetime.date(2019, 6, 1)


@pytest.fixture
def action():
    """An overdue action of a workstream, both led by the IASS's service manager."""
    statement = StatementFactory(slug="sutton-2018")
    weakness = WeaknessFactory(statement=statement, number=1)
    iass = other_owner(name="Grace Adeyemi")
    workstream = WorkstreamFactory(statement=statement, number=1, lead=iass)
    workstream.weaknesses.add(weakness)
    measure = SuccessMeasureFactory(statement=statement, reference="M1", owner=iass)
    action = ActionFactory(
        statement=statement,
        workstream=workstream,
        reference="1.1",
        owner=iass,
        weaknesses=[weakness],
        status=Action.Status.IN_PROGRESS,
        confidence=Action.Confidence.ON_TRACK,
        start_date=datetime.date(2018, 9, 1),
        due_date=datetime.date(2019, 3, 31),
    )
    action.measures.add(measure)
    return action


def shows_the_name(response):
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Service Manager, {escape(IASS)}" in page
    assert "Other partner" not in page
    return page


def test_the_public_action_page_says_which_organisation_is_responsible(client, action):
    shows_the_name(client.get(action.get_absolute_url()))


def test_the_public_statement_workstream_and_weakness_pages_name_the_organisation(client, action):
    statement = action.statement
    shows_the_name(client.get(statement.get_absolute_url()))
    shows_the_name(client.get(action.workstream.get_absolute_url()))
    shows_the_name(client.get(action.weaknesses.get().get_absolute_url()))
    shows_the_name(client.get(reverse("public:measures", kwargs={"slug": statement.slug})))


def test_open_data_keeps_the_code_and_gives_the_organisations_name_as_the_label(client, action):
    response = client.get("/open-data/sutton-2018/actions.csv")
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8")))
    assert row["owner_organisation"] == "other"
    assert row["owner_organisation_label"] == IASS
    workstream = client.get("/open-data/sutton-2018.json").json()["workstreams"][0]
    assert workstream["lead_organisation_label"] == IASS


def test_the_board_report_and_its_export_name_the_organisation(client, manager, action):
    report = build_board_report(action.statement, datetime.date(2019, 3, 1), TODAY, today=TODAY)
    rows = list(csv.DictReader(io.StringIO(board_csv(report).decode("utf-8-sig"))))
    overdue = next(row for row in rows if row["Section"] == "Overdue actions")
    assert overdue["Owner organisation"] == IASS
    assert next(row for row in rows if row["Lead organisation"])["Lead organisation"] == IASS


def test_a_progress_reports_snapshot_keeps_the_organisations_name(action):
    # As at today: a report as at an earlier day leaves out actions created since.
    snapshot = build_snapshot(action.statement, timezone.localdate())
    assert snapshot["actions"][0]["owner"] == {
        "job_title": "Service Manager",
        "organisation": "other",
        "organisation_label": IASS,
    }
    assert snapshot["workstreams"][0]["lead"]["organisation_label"] == IASS


def test_the_dashboards_owner_filter_names_the_organisation(action):
    choices = dict(DashboardFilters().fields["owner"].choices)
    assert choices[action.owner.pk] == f"Service Manager, {IASS}"


def test_the_pages_for_managers_name_the_organisation(client, manager, action):
    client.force_login(manager)
    for page in (
        reverse("workspace:owners"),
        reverse("workspace:statement_detail", kwargs={"pk": action.statement.pk}),
        reverse("workspace:board_report", kwargs={"pk": action.statement.pk}),
        reverse("review:action", kwargs={"pk": action.pk}),
    ):
        response = client.get(page)
        assert response.status_code == 200
        assert escape(IASS) in response.content.decode()
        assert "Other partner" not in response.content.decode()


# The owner form ------------------------------------------------------------------------------


def owner_data(**overrides):
    return {
        "name": "Grace Adeyemi",
        "job_title": "Service Manager",
        "organisation": OTHER,
        "organisation_name": IASS,
        "email": "",
        "user": "",
        **overrides,
    }


@pytest.fixture
def as_manager(client, manager):
    client.force_login(manager)
    return client


def test_a_manager_adds_an_owner_from_an_organisation_outside_the_list(as_manager):
    response = as_manager.post(reverse("workspace:owner_new"), owner_data())
    assert response.status_code == 302
    owner = Owner.objects.get(name="Grace Adeyemi")
    assert (owner.organisation, owner.organisation_name) == (OTHER, IASS)
    listed = as_manager.get(reverse("workspace:owners")).content.decode()
    assert f'data-label="Organisation">{escape(IASS)}</td>' in listed


def test_the_name_of_the_organisation_is_asked_under_other_partner(as_manager):
    page = as_manager.get(reverse("workspace:owner_new")).content.decode()
    other = 'value="other" class="govuk-radios__input" id="id_organisation_6" required>'
    assert other in page  # no data-aria-controls: GOV.UK's script would add aria-expanded
    # Indented under "Other partner", always shown.
    under = page.index('<div class="govuk-radios__conditional" id="conditional-id_organisation_6">')
    assert page.index(other) < under < page.index('<input type="text" name="organisation_name"')
    assert page.count('name="organisation_name"') == 1
    assert ">Name of the organisation</label>" in page  # needed with its option: not "(optional)"


def test_other_partner_without_a_name_is_an_error_next_to_the_name(as_manager):
    before = Owner.objects.count()
    response = as_manager.post(reverse("workspace:owner_new"), owner_data(organisation_name="  "))
    assert response.status_code == 200
    assert errors_of(response) == {"organisation_name": ["Enter the name of the organisation."]}
    page = response.content.decode()
    assert '<a href="#id_organisation_name">Enter the name of the organisation.</a>' in page
    # Shown, not hidden, with its error beside it.
    assert '<div class="govuk-radios__conditional" id="conditional-id_organisation_6">' in page
    assert 'id="id_organisation_name_error"' in page
    assert Owner.objects.count() == before


def test_a_listed_organisation_given_as_other_partner_is_pointed_out(as_manager):
    data = owner_data(organisation_name="Sutton schools")
    response = as_manager.post(reverse("workspace:owner_new"), data)
    assert errors_of(response) == {
        "organisation_name": [
            "Sutton schools is in the list: choose it rather than “Other partner”."
        ]
    }


def test_a_name_given_with_a_listed_organisation_is_not_kept(as_manager):
    data = owner_data(organisation=Owner.Organisation.COGNUS, organisation_name="Cognus Ltd")
    assert as_manager.post(reverse("workspace:owner_new"), data).status_code == 302
    owner = Owner.objects.get(name="Grace Adeyemi")
    assert (owner.organisation, owner.organisation_name) == ("cognus", "")


def test_the_same_job_title_in_the_same_organisation_outside_the_list_is_a_duplicate(
    as_manager,
):
    other_owner()
    data = owner_data(job_title="service manager", organisation_name=IASS.upper())
    response = as_manager.post(reverse("workspace:owner_new"), data)
    assert errors_of(response) == {
        "job_title": [f"{IASS} already has an owner with the job title “service manager”."]
    }
    # Another organisation outside the list may have its own service manager.
    data = owner_data(organisation_name="Sutton Carers Centre")
    assert as_manager.post(reverse("workspace:owner_new"), data).status_code == 302


def test_an_owner_saved_before_names_were_kept_is_asked_for_the_name_when_edited(as_manager):
    legacy = OwnerFactory(organisation=OTHER, organisation_name="")
    address = reverse("workspace:owner_edit", kwargs={"pk": legacy.pk})
    response = as_manager.get(address)
    assert '<div class="govuk-radios__conditional" id="conditional-id_organisation_6">' in (
        response.content.decode()
    )
    values = form_values(response)
    response = as_manager.post(address, values)
    assert errors_of(response) == {"organisation_name": ["Enter the name of the organisation."]}
    response = as_manager.post(address, values | {"organisation_name": IASS})
    assert response.status_code == 302
    legacy.refresh_from_db()
    assert legacy.organisation_label == IASS


# The admin ---------------------------------------------------------------------------------


def test_the_admin_lists_the_organisations_name_and_asks_for_it(admin_client):
    owner = other_owner()
    listed = admin_client.get("/admin/workstreams/owner/").content.decode()
    assert f'<td class="field-organisation_shown">{escape(IASS)}</td>' in listed
    url = f"/admin/workstreams/owner/{owner.pk}/change/"
    data = {
        "name": owner.name,
        "job_title": owner.job_title,
        "organisation": OTHER,
        "organisation_name": "",
        "email": "",
        "user": "",
        # As the page gives it (AdminGuardForm).
        "fingerprint": admin_client.get(url).context["adminform"].form["fingerprint"].value(),
    }
    response = admin_client.post(url, data)
    assert response.context["adminform"].form.errors == {
        "organisation_name": ["Enter the name of the organisation."]
    }
    owner.refresh_from_db()
    assert owner.organisation_name == IASS
