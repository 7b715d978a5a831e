"""The public measures page: each measure's figures in words, a chart and a table."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from workstreams.models import SuccessMeasure

from .factories import (
    ActionFactory,
    MeasurementFactory,
    MilestoneFactory,
    OwnerFactory,
    StatementFactory,
    SuccessMeasureFactory,
)

D = Decimal


def build_measures(statement, owner=None):
    """Three measures: one off trajectory, one with no figures, one a negative score."""
    owner = owner or OwnerFactory(
        name="Priya Secretname",
        email="priya@example.org",
        job_title="Head of inclusion",
    )
    exclusions = SuccessMeasureFactory(
        statement=statement,
        reference="M1",
        title="Fixed-term exclusions in primary schools",
        baseline_value=D(214),
        baseline_date=datetime.date(2017, 8, 31),
        target_value=D(120),
        target_date=datetime.date(2020, 8, 31),
        data_source="School exclusions returns",
        owner=owner,
    )
    MilestoneFactory(measure=exclusions, due_on=datetime.date(2018, 8, 31), value=D(185))
    MilestoneFactory(measure=exclusions, due_on=datetime.date(2019, 8, 31), value=D(150))
    MeasurementFactory(measure=exclusions, measured_on=datetime.date(2018, 8, 31), value=D(191))
    survey = SuccessMeasureFactory(
        statement=statement,
        reference="M2",
        title="Parents who feel informed and involved",
        unit=SuccessMeasure.Unit.PERCENTAGE,
        direction=SuccessMeasure.Direction.HIGHER_IS_BETTER,
        baseline_value=D(31),
        baseline_date=datetime.date(2018, 3, 31),
        target_value=D(60),
        target_date=datetime.date(2020, 3, 31),
        data_source="Local area SEND survey",
    )
    progress_8 = SuccessMeasureFactory(
        statement=statement,
        reference="M3",
        title="Progress 8 score of pupils with SEND support",
        unit=SuccessMeasure.Unit.SCORE,
        direction=SuccessMeasure.Direction.HIGHER_IS_BETTER,
        baseline_value=D("-0.62"),
        baseline_date=datetime.date(2018, 8, 31),
        target_value=D("-0.2"),
        target_date=datetime.date(2020, 8, 31),
        data_source="Department for Education school performance tables",
    )
    MilestoneFactory(measure=progress_8, due_on=datetime.date(2019, 8, 31), value=D("-0.45"))
    MeasurementFactory(measure=progress_8, measured_on=datetime.date(2019, 8, 31), value=D("-0.4"))
    return exclusions, survey, progress_8


@pytest.fixture
def statement(db):
    statement = StatementFactory()
    build_measures(statement)
    return statement


def section(page, reference):
    match = re.search(
        rf'<section class="app-measure" id="measure-{reference}".*?</section>', page, re.S
    )
    assert match, reference
    return match.group(0)


def get_page(client, statement):
    response = client.get(f"/{statement.slug}/measures/")
    assert response.status_code == 200
    return response.content.decode()


def test_a_measure_without_figures_says_no_data_yet_and_never_0_per_cent(client, statement):
    survey = section(get_page(client, statement), "m2")
    assert '<strong class="govuk-tag govuk-tag--grey">No data yet</strong>' in survey
    assert survey.count("No data yet") >= 4  # status, latest, change, progress (+ table)
    assert "There are no figures yet." in survey
    words = re.sub(r"<figure.*?</figure>", "", survey, flags=re.S)  # the axis has a 0% tick
    assert "0%" not in words.replace("60%", "").replace("31%", "")


def test_the_trajectory_rule_is_written_once_on_the_page(client, statement):
    page = get_page(client, statement)
    assert page.count("On trajectory means the latest figure is at least as good") == 1
    assert "How to read these measures" in page


def test_each_measure_says_where_it_stands_in_words(client, statement):
    page = get_page(client, statement)
    exclusions = section(page, "m1")
    assert '<strong class="govuk-tag govuk-tag--red">Off trajectory</strong>' in exclusions
    assert "the plan expected 185 or lower by then" in exclusions
    assert "Down 23 from 214 (better)" in exclusions
    assert "24% of the way from the starting point to the target" in exclusions
    assert "School exclusions returns" in exclusions
    assert "Head of inclusion, London Borough of Sutton" in exclusions
    score = section(page, "m3")
    assert '<strong class="govuk-tag govuk-tag--blue">On trajectory</strong>' in score
    assert "Up 0.22 from -0.62 (better)" in score
    assert "-0.45" in score  # the milestone, in the table


def test_owners_are_named_by_job_never_by_name_or_email(client, statement):
    page = get_page(client, statement)
    assert "Secretname" not in page
    assert "priya@example.org" not in page


def test_the_table_has_the_same_numbers_as_the_chart(client, statement):
    exclusions = section(get_page(client, statement), "m1")
    table = exclusions[exclusions.index("<table") :]
    for figure in ("214", "185", "150", "191", "120"):
        assert f'govuk-table__cell--numeric">{figure}</td>' in table
    assert "Milestone: 185, August 2018" in exclusions  # the chart's point


def test_the_page_costs_the_same_queries_for_3_or_9_measures(client, statement):
    def count():
        with CaptureQueriesContext(connection) as queries:
            get_page(client, statement)
        return len(queries)

    few = count()
    owner = statement.measures.get(reference="M1").owner
    for _ in range(2):
        build_measures_elsewhere(statement, owner)
    assert count() == few


def build_measures_elsewhere(statement, owner):
    """More measures with new references in the same statement."""
    for measure in build_measures(StatementFactory(), owner):
        measure.statement = statement
        measure.reference = f"X{measure.pk}"
        measure.save()


def test_each_measure_is_headed_with_its_reference_as_the_plan_text_names_it(client, statement):
    """Actions and workstreams say "(M4)": the measures page, and the measures on an
    action's page, show the reference beside the title so families can find it."""
    exclusions = statement.measures.get(reference="M1")
    page = get_page(client, statement)
    assert f'id="measure-m1-title">M1: {exclusions.title}</h2>' in page
    action = ActionFactory(statement=statement)
    action.measures.add(exclusions)
    action_page = client.get(action.get_absolute_url()).content.decode()
    assert f'<h3 class="govuk-heading-m">M1: {exclusions.title}</h3>' in action_page
