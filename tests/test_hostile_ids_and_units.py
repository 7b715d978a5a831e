"""Ids past what the database holds, and messages that read naturally for every unit."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from workstreams.models import Measurement, SuccessMeasure, WorkstreamMembership

from .factories import (
    OwnerFactory,
    StatementFactory,
    SuccessMeasureFactory,
    WorkstreamFactory,
    WorkstreamMembershipFactory,
)

pytestmark = pytest.mark.django_db

HUGE_IDS = [2**63 - 1, 2**63, 2**64, 10**30]


@pytest.fixture
def membership(db):
    workstream = WorkstreamFactory(statement=StatementFactory(draft=True))
    return WorkstreamMembershipFactory(workstream=workstream)


@pytest.mark.parametrize("user_pk", HUGE_IDS)
def test_removing_a_representative_with_a_huge_id_removes_nobody(
    client, manager, membership, user_pk
):
    client.force_login(manager)
    workstream = membership.workstream
    remove = f"/manage/plan/workstreams/{workstream.pk}/representatives/{user_pk}/remove/"
    response = client.post(remove, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [
        (reverse("workspace:workstream_representatives", kwargs={"pk": workstream.pk}), 302)
    ]
    assert "Nobody was removed" in response.content.decode()
    assert WorkstreamMembership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("pk", HUGE_IDS)
def test_a_huge_workstream_id_is_not_found(client, manager, membership, pk):
    client.force_login(manager)
    user_pk = membership.user_id
    remove = f"/manage/plan/workstreams/{pk}/representatives/{user_pk}/remove/"
    assert client.post(remove).status_code == 404
    assert WorkstreamMembership.objects.filter(pk=membership.pk).exists()


def test_removing_a_representative_still_works(client, manager, membership):
    client.force_login(manager)
    workstream = membership.workstream
    remove = reverse(
        "workspace:workstream_representative_remove",
        kwargs={"pk": workstream.pk, "user_pk": membership.user_id},
    )
    response = client.post(remove, follow=True)
    assert "is no longer a parent representative" in response.content.decode()
    assert not WorkstreamMembership.objects.filter(pk=membership.pk).exists()


# Units ----------------------------------------------------------------------------

WHOLE = {
    SuccessMeasure.Unit.COUNT: "Enter a whole number, such as 12.",
    SuccessMeasure.Unit.DAYS: "Enter a whole number of days, such as 12.",
}


def measure_in(unit, **kwargs):
    return SuccessMeasureFactory(
        unit=unit, baseline_value=Decimal(50), target_value=Decimal(20), **kwargs
    )


@pytest.mark.parametrize("unit", SuccessMeasure.Unit.values)
def test_a_fraction_is_refused_only_where_the_unit_counts_whole_things(unit):
    measurement = Measurement(
        measure=measure_in(unit), measured_on=datetime.date(2019, 1, 1), value=Decimal("2.5")
    )
    if unit in WHOLE:
        with pytest.raises(ValidationError) as error:
            measurement.full_clean()
        assert error.value.messages == [WHOLE[unit]]
    else:
        measurement.full_clean()


def test_every_whole_number_message_reads_naturally():
    for unit, message in SuccessMeasure.WHOLE_NUMBER_MESSAGES.items():
        assert unit in SuccessMeasure.Unit.values
        assert "of number" not in message
        assert message == WHOLE[unit]


@pytest.mark.parametrize("unit", list(WHOLE))
def test_the_measurement_form_says_what_to_enter(client, officer, unit):
    measure = measure_in(unit, owner=OwnerFactory(user=officer))
    client.force_login(officer)
    response = client.post(
        f"/manage/measures/{measure.pk}/record/", {"measured_on": "2019-03-31", "value": "2.5"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert WHOLE[unit] in page
    assert "whole number of number" not in page
    assert not Measurement.objects.exists()


def test_a_baseline_that_is_not_whole_is_refused_in_the_same_words():
    measure = SuccessMeasureFactory.build(
        statement=StatementFactory(),
        unit=SuccessMeasure.Unit.COUNT,
        baseline_value=Decimal("120.5"),
    )
    with pytest.raises(ValidationError) as error:
        measure.full_clean()
    assert error.value.message_dict["baseline_value"] == [WHOLE[SuccessMeasure.Unit.COUNT]]
