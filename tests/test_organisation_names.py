"""Another local area names its own council, NHS body and partners (ORGANISATION_NAMES).

The listed organisations' labels are Sutton's, the demo's; a deployment for another
area must not tell families its officers work for the London Borough of Sutton.
"""

import pytest
from django.core.checks import run_checks
from django.test import override_settings

from actions.spreadsheet.template import SHEETS_BY_NAME
from workstreams.models import Owner

from .factories import ActionFactory, OwnerFactory

pytestmark = pytest.mark.django_db

NORTHDALE = override_settings(
    LOCAL_AREA_NAME="Northdale",
    CONTACT_URL="https://www.northdale.example/",
    ORGANISATION_NAMES={
        "council": "Northdale Council",
        "ccg": "NHS Northdale Integrated Care Board",
        "schools": "Northdale schools",
        "pcf": "Northdale Parent Carer Voice",
        "cognus": "",  # Sutton's education company: Northdale has none
    },
)


@NORTHDALE
def test_an_owner_of_a_listed_organisation_is_shown_with_the_areas_own_name(client):
    action = ActionFactory(owner=OwnerFactory(job_title="Head of SEND"))
    assert action.owner.organisation_label == "Northdale Council"
    page = client.get(action.get_absolute_url()).content.decode()
    assert "Head of SEND, Northdale Council" in page
    assert "Sutton" not in page.split("<main")[1]


@NORTHDALE
def test_the_owner_form_offers_the_areas_names_and_not_an_organisation_it_has_not(client, manager):
    client.force_login(manager)
    page = client.get("/manage/plan/owners/new/").content.decode()
    assert "Northdale Council" in page
    assert "NHS Northdale Integrated Care Board" in page
    assert "London Borough of Sutton" not in page
    assert "Cognus" not in page
    assert 'value="cognus"' not in page
    assert "Northdale Information, Advice and Support Service" in page  # the example


@NORTHDALE
def test_an_owner_of_an_organisation_no_longer_offered_keeps_it_when_edited(client, manager):
    owner = OwnerFactory(organisation=Owner.Organisation.COGNUS)
    client.force_login(manager)
    page = client.get(f"/manage/plan/owners/{owner.pk}/edit/").content.decode()
    assert 'value="cognus"' in page


@NORTHDALE
def test_the_areas_name_typed_as_other_partner_is_the_listed_organisation():
    assert Owner.organisation_from_key("Northdale Council") == ("council", "")
    owner = Owner(
        name="A", job_title="B", organisation="other", organisation_name="Northdale Council"
    )
    with pytest.raises(Exception, match="Northdale Council is in the list"):
        owner.full_clean()


@NORTHDALE
def test_the_spreadsheet_guide_lists_the_areas_names():
    column = SHEETS_BY_NAME["owners"].column("organisation")
    assert "council (Northdale Council)" in column.format
    assert "Sutton" not in column.format.split(" For any other")[0]
    assert "cognus" not in column.options


@NORTHDALE
def test_the_accessibility_statement_names_the_areas_council(client):
    page = client.get("/accessibility/").content.decode()
    assert "run by Northdale Council with its NHS partners" in page
    assert "London Borough" not in page


def test_sutton_keeps_its_names(client):
    assert OwnerFactory().organisation_label == "London Borough of Sutton"
    page = client.get("/accessibility/").content.decode()
    assert "run by London Borough of Sutton with its NHS partners" in page


@override_settings(LOCAL_AREA_NAME="Northdale")
def test_a_check_warns_another_area_still_shown_as_sutton():
    ids = {message.id for message in run_checks()}
    assert {"workstreams.W001", "workstreams.W002"} <= ids


@NORTHDALE
def test_no_warning_once_the_area_names_its_own_organisations_and_website():
    ids = {message.id for message in run_checks()}
    assert not ids & {"workstreams.W001", "workstreams.W002"}


def test_the_demo_itself_gets_no_warning():
    assert not {m.id for m in run_checks()} & {"workstreams.W001", "workstreams.W002"}
