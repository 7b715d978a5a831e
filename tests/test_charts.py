"""The SVG chart of a measure: axes that fit the figures, the trajectory, and words for it."""

import datetime
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from hypothesis import given
from hypothesis import strategies as st

from public.charts import CHARACTER_WIDTH, measure_chart, nice_step, y_axis
from public.outline import measures_with_values
from workstreams.models import SuccessMeasure

from .factories import MeasurementFactory, MilestoneFactory, SuccessMeasureFactory

D = Decimal

figures = st.decimals(min_value=-10_000, max_value=10_000, places=2)


@given(st.lists(figures, min_size=2, max_size=8).filter(lambda values: len(set(values)) > 1))
def test_the_value_axis_holds_zero_and_every_figure_in_round_steps(values):
    bottom, top, step = y_axis(values)
    assert bottom <= min(values) and bottom <= 0
    assert top >= max(values) and top >= 0
    assert (top - bottom) / step <= 10  # a handful of ticks, never dozens
    assert bottom % step == 0 and top % step == 0


def test_steps_are_round_numbers():
    assert nice_step(D(214)) == D(100)
    assert nice_step(D(48)) == D(20)
    assert nice_step(D("0.8")) == D("0.2")
    assert nice_step(D(9)) == D("2.5")


def test_a_negative_score_gets_ticks_below_zero():
    assert y_axis([D("-0.62"), D("-0.2"), D("-0.4")]) == (D("-0.8"), D(0), D("0.2"))


def loaded(measure):
    return measures_with_values(SuccessMeasure.objects.filter(pk=measure.pk)).get()


@pytest.fixture
def exclusions(db):
    """Lower is better, 214 to 120, with milestones, one outside the plan's dates."""
    measure = SuccessMeasureFactory(
        title="Fixed-term exclusions in primary schools",
        baseline_value=D(214),
        baseline_date=datetime.date(2017, 8, 31),
        target_value=D(120),
        target_date=datetime.date(2020, 8, 31),
    )
    MilestoneFactory(measure=measure, due_on=datetime.date(2019, 8, 31), value=D(150))
    MilestoneFactory(measure=measure, due_on=datetime.date(2018, 8, 31), value=D(185))
    MilestoneFactory(measure=measure, due_on=datetime.date(2021, 8, 31), value=D(100))
    return measure


def test_the_trajectory_runs_through_the_milestones_in_date_order(exclusions):
    chart = measure_chart(loaded(exclusions))
    assert [p.label for p in chart.trajectory] == [
        "Milestone: 185, August 2018",
        "Milestone: 150, August 2019",
    ]
    xs = [chart.baseline.x, *(p.x for p in chart.trajectory), chart.target.x]
    assert xs == sorted(xs)
    assert chart.trajectory_points.count(",") == 4


def test_every_mark_sits_inside_the_plot(exclusions):
    MeasurementFactory(measure=exclusions, measured_on=datetime.date(2018, 8, 31), value=191)
    MeasurementFactory(measure=exclusions, measured_on=datetime.date(2019, 8, 31), value=143)
    chart = measure_chart(loaded(exclusions))
    for p in [chart.baseline, chart.target, *chart.trajectory, *chart.actuals]:
        assert chart.plot_left <= p.x <= chart.plot_right
        assert chart.plot_top <= p.y <= chart.plot_bottom
    # Lower values are drawn lower: the target sits below the starting point.
    assert chart.target.y > chart.baseline.y
    assert [label for _, label in chart.y_ticks] == ["0", "100", "200", "300"]


def test_the_text_alternative_says_whether_the_measure_is_on_trajectory(exclusions):
    MeasurementFactory(measure=exclusions, measured_on=datetime.date(2018, 8, 31), value=191)
    chart = measure_chart(loaded(exclusions))
    assert chart.description == (
        "It started at 214 in August 2017; the target is 120 by August 2020 (lower is better). "
        "The latest figure, 191 (August 2018), is off trajectory: the plan expected 185 or "
        "lower by then."
    )


def test_the_text_alternative_says_when_there_are_no_figures(exclusions):
    chart = measure_chart(loaded(exclusions))
    assert chart.description.endswith("There are no figures yet.")
    assert chart.actuals == []


@pytest.fixture
def progress_8(db):
    """A score below zero, higher is better, within one calendar year."""
    measure = SuccessMeasureFactory(
        title="Progress 8 score of pupils with SEND support",
        unit=SuccessMeasure.Unit.SCORE,
        direction=SuccessMeasure.Direction.HIGHER_IS_BETTER,
        baseline_value=D("-0.62"),
        baseline_date=datetime.date(2019, 1, 31),
        target_value=D("-0.2"),
        target_date=datetime.date(2019, 12, 31),
    )
    MeasurementFactory(measure=measure, measured_on=datetime.date(2019, 7, 31), value=D("-0.3"))
    return measure


def test_a_chart_of_negative_scores_draws_a_zero_line_and_fits_its_labels(progress_8):
    chart = measure_chart(loaded(progress_8))
    assert [label for _, label in chart.y_ticks] == ["-0.8", "-0.6", "-0.4", "-0.2", "0"]
    assert chart.zero_y == pytest.approx(chart.plot_top)
    assert chart.unit_title == "Score"
    widest = max(len(label) for _, label in chart.y_ticks)
    assert chart.label_x - widest * CHARACTER_WIDTH >= 0
    # A plan inside one year is labelled with its first and last months.
    assert [label for _, label, _ in chart.x_ticks] == ["Jan 2019", "Dec 2019"]
    assert "is on trajectory: the plan expected -0.39 or higher" in chart.description
    assert chart.title == "Chart: Progress 8 score of pupils with SEND support"


def test_the_chart_renders_as_an_image_with_a_title_and_description(progress_8):
    measure = loaded(progress_8)
    html = render_to_string(
        "includes/_measure_chart.html", {"chart": measure_chart(measure), "measure": measure}
    )
    assert 'role="img"' in html
    assert f'aria-labelledby="chart-{measure.pk}-title chart-{measure.pk}-desc"' in html
    assert "<title id=" in html and "<desc id=" in html
    assert "Planned trajectory and milestones" in html
