"""An owner from an organisation outside the list is shown by that organisation's name,
never as "Other partner", so families can tell who is responsible."""

import pytest
from django.core.exceptions import ValidationError

from workstreams.models import Owner

from .factories import OwnerFactory

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


def test_a_name_given_with_a_listed_organisation_is_dropped():
    owner = OwnerFactory.build(organisation=Owner.Organisation.SCHOOLS, organisation_name=IASS)
    owner.full_clean()
    assert owner.organisation_name == ""
    assert owner.organisation_label == "Sutton schools"


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
