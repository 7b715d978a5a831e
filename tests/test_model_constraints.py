"""The database itself refuses data that breaks the plan's rules."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from actions.models import Action, Comment
from workstreams.models import Measurement, Owner, Statement, SuccessMeasure

from .factories import (
    ActionFactory,
    CommentFactory,
    MeasurementFactory,
    OfficerFactory,
    OwnerFactory,
    StatementFactory,
    SuccessMeasureFactory,
    WeaknessFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db


def refused_by_database(make):
    with pytest.raises(IntegrityError), transaction.atomic():
        make()


def test_weakness_numbers_are_unique_within_a_statement():
    weakness = WeaknessFactory(number=1)
    refused_by_database(lambda: WeaknessFactory(statement=weakness.statement, number=1))


def test_the_same_weakness_number_may_appear_in_another_statement():
    WeaknessFactory(number=1)
    WeaknessFactory(number=1)


def test_workstream_numbers_are_unique_within_a_statement():
    workstream = WorkstreamFactory(number=2)
    refused_by_database(lambda: WorkstreamFactory(statement=workstream.statement, number=2))


def test_action_references_are_unique_within_a_statement():
    action = ActionFactory(reference="2.4")
    refused_by_database(
        lambda: ActionFactory(
            statement=action.statement, workstream=action.workstream, reference="2.4"
        )
    )


def test_an_action_cannot_be_due_before_it_starts():
    refused_by_database(
        lambda: ActionFactory(
            start_date=datetime.date(2019, 1, 1), due_date=datetime.date(2018, 12, 31)
        )
    )


def test_an_action_may_start_and_finish_on_the_same_day():
    ActionFactory(start_date=datetime.date(2019, 1, 1), due_date=datetime.date(2019, 1, 1))


def test_a_revised_due_date_needs_a_reason():
    refused_by_database(lambda: ActionFactory(revised_due_date=datetime.date(2019, 9, 30)))


def test_a_revised_due_date_must_be_later_than_the_original():
    refused_by_database(
        lambda: ActionFactory(
            due_date=datetime.date(2019, 3, 31),
            revised_due_date=datetime.date(2019, 1, 31),
            revision_reason="Earlier",
        )
    )


def test_a_complete_action_needs_a_completion_date():
    refused_by_database(lambda: ActionFactory(status=Action.Status.COMPLETE))


def test_an_open_action_cannot_have_a_completion_date():
    refused_by_database(lambda: ActionFactory(completed_on=datetime.date(2019, 1, 1)))


def test_confidence_is_only_given_while_in_progress():
    refused_by_database(lambda: ActionFactory(confidence=Action.Confidence.AT_RISK))
    ActionFactory(status=Action.Status.IN_PROGRESS, confidence=Action.Confidence.AT_RISK)


def test_a_measure_target_must_differ_from_its_baseline():
    refused_by_database(
        lambda: SuccessMeasureFactory(baseline_value=Decimal(50), target_value=Decimal(50))
    )


def test_a_measure_target_must_be_better_in_the_stated_direction():
    refused_by_database(
        lambda: SuccessMeasureFactory(
            direction=SuccessMeasure.Direction.LOWER_IS_BETTER,
            baseline_value=Decimal(50),
            target_value=Decimal(70),
        )
    )
    SuccessMeasureFactory(
        direction=SuccessMeasure.Direction.HIGHER_IS_BETTER,
        baseline_value=Decimal(50),
        target_value=Decimal(70),
    )


def test_a_measure_target_date_follows_its_baseline_date():
    refused_by_database(
        lambda: SuccessMeasureFactory(
            baseline_date=datetime.date(2019, 1, 1), target_date=datetime.date(2018, 1, 1)
        )
    )


def test_a_measure_has_one_value_per_date():
    measurement = MeasurementFactory(measured_on=datetime.date(2019, 3, 31))
    refused_by_database(
        lambda: MeasurementFactory(
            measure=measurement.measure, measured_on=datetime.date(2019, 3, 31)
        )
    )


def test_a_published_statement_has_a_publication_time():
    refused_by_database(
        lambda: StatementFactory(status=Statement.Status.PUBLISHED, published_at=None)
    )


def test_a_statement_cannot_be_evaluated_before_it_was_submitted():
    refused_by_database(
        lambda: StatementFactory(
            submitted_on=datetime.date(2018, 7, 3), evaluated_on=datetime.date(2018, 7, 1)
        )
    )


def test_a_hidden_comment_needs_a_reason_and_a_moderator():
    comment = CommentFactory()
    comment.hidden_at = comment.created_at
    with pytest.raises(IntegrityError), transaction.atomic():
        comment.save()
    comment.hidden_by = OfficerFactory()
    comment.hidden_reason = "Names a child."
    comment.save()
    assert Comment.objects.visible().count() == 0


def test_constraint_messages_reach_forms_through_full_clean():
    measure = SuccessMeasureFactory()
    duplicate = Measurement(measure=measure, measured_on=datetime.date(2019, 3, 31), value=1)
    duplicate.save()
    again = Measurement(measure=measure, measured_on=datetime.date(2019, 3, 31), value=2)
    with pytest.raises(ValidationError, match="already has a value for this date"):
        again.full_clean()


@pytest.mark.parametrize(
    ("unit", "value", "message"),
    [
        (SuccessMeasure.Unit.PERCENTAGE, Decimal("100.5"), "between 0 and 100"),
        (SuccessMeasure.Unit.COUNT, Decimal("2.5"), "whole number"),
        (SuccessMeasure.Unit.WEEKS, Decimal("-1"), "0 or more"),
    ],
)
def test_measurement_values_are_checked_against_the_unit(unit, value, message):
    measure = SuccessMeasureFactory(unit=unit, baseline_value=Decimal(50), target_value=Decimal(20))
    with pytest.raises(ValidationError, match=message):
        Measurement(
            measure=measure, measured_on=datetime.date(2019, 1, 1), value=value
        ).full_clean()


def test_an_action_must_use_a_workstream_of_its_own_statement():
    action = ActionFactory()
    action.workstream = WorkstreamFactory()
    with pytest.raises(ValidationError, match="workstream from this statement"):
        action.full_clean()


def test_a_statement_slug_cannot_hide_a_page_of_the_site():
    statement = StatementFactory.build(slug="manage")
    with pytest.raises(ValidationError, match="used by the site itself"):
        statement.full_clean()


def test_an_organisation_has_one_owner_with_each_job_title():
    OwnerFactory(job_title="Service Manager", organisation=Owner.Organisation.COGNUS)
    refused_by_database(
        lambda: OwnerFactory(job_title="Service Manager", organisation=Owner.Organisation.COGNUS)
    )


def test_two_organisations_outside_the_list_may_each_have_a_service_manager():
    for name in ("Sutton Information, Advice and Support Service", "Sutton Carers Centre"):
        OwnerFactory(
            job_title="Service Manager",
            organisation=Owner.Organisation.OTHER,
            organisation_name=name,
        )
    refused_by_database(
        lambda: OwnerFactory(
            job_title="Service Manager",
            organisation=Owner.Organisation.OTHER,
            organisation_name="Sutton Carers Centre",
        )
    )


def test_a_listed_organisation_is_never_given_another_name():
    refused_by_database(
        lambda: OwnerFactory(organisation=Owner.Organisation.COUNCIL, organisation_name="Cognus")
    )


def test_an_owner_duplicating_another_is_told_so_in_plain_english():
    first = OwnerFactory(
        organisation=Owner.Organisation.OTHER, organisation_name="Sutton Carers Centre"
    )
    again = OwnerFactory.build(
        job_title=first.job_title,
        organisation=Owner.Organisation.OTHER,
        organisation_name="Sutton Carers Centre",
    )
    with pytest.raises(ValidationError) as refused:
        again.full_clean()
    assert refused.value.messages == ["This organisation already has an owner with this job title."]
