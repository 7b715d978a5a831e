"""The arithmetic of measures: share of the way to the target, change, trajectory, status.

Property tests run the rules over random measures in both directions, with zero and
negative baselines and targets; example tests show the same rules on readable cases.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from workstreams import measure_maths as maths
from workstreams.models import SuccessMeasure
from workstreams.models.measure import Measurement, Milestone

from .factories import MeasurementFactory, MilestoneFactory, SuccessMeasureFactory

D = Decimal

figures = st.decimals(
    min_value=-10_000, max_value=10_000, places=2, allow_nan=False, allow_infinity=False
)
gaps = st.decimals(min_value=D("0.01"), max_value=5_000, places=2)


@st.composite
def measures(draw):
    """A baseline, a target better than it in a random direction, dates and milestones."""
    lower_is_better = draw(st.booleans())
    baseline = draw(st.one_of(st.just(D(0)), st.just(D("-0.5")), figures))
    gap = draw(gaps)
    target = baseline - gap if lower_is_better else baseline + gap
    baseline_date = draw(
        st.dates(min_value=datetime.date(2015, 1, 1), max_value=datetime.date(2030, 1, 1))
    )
    span = draw(st.integers(min_value=1, max_value=2_000))
    target_date = baseline_date + datetime.timedelta(days=span)
    offsets = draw(st.sets(st.integers(min_value=1, max_value=max(span - 1, 1)), max_size=4))
    milestones = [
        (baseline_date + datetime.timedelta(days=offset), draw(figures))
        for offset in offsets
        if offset < span
    ]
    points = maths.trajectory(baseline_date, baseline, milestones, target_date, target)
    return {
        "lower_is_better": lower_is_better,
        "baseline": baseline,
        "target": target,
        "baseline_date": baseline_date,
        "target_date": target_date,
        "milestones": milestones,
        "points": points,
    }


def days_around(measure):
    return st.integers(
        min_value=-400, max_value=(measure["target_date"] - measure["baseline_date"]).days + 400
    ).map(lambda offset: measure["baseline_date"] + datetime.timedelta(days=offset))


# Share of the way to the target -------------------------------------------------------


@given(measures())
def test_the_share_is_0_at_the_starting_point_and_1_at_the_target(m):
    assert maths.share_of_target(m["baseline"], m["baseline"], m["target"]) == 0
    assert maths.share_of_target(m["target"], m["baseline"], m["target"]) == 1


@given(measures(), figures, figures)
def test_a_better_figure_always_has_a_bigger_share(m, a, b):
    assume(maths.is_better(a, b, m["lower_is_better"]))
    share = lambda value: maths.share_of_target(value, m["baseline"], m["target"])  # noqa: E731
    assert share(a) > share(b)


@given(measures(), figures)
def test_beating_the_target_is_more_than_1_and_worse_than_the_start_is_below_0(m, value):
    share = maths.share_of_target(value, m["baseline"], m["target"])
    if maths.is_better(value, m["target"], m["lower_is_better"]):
        assert share > 1
    if maths.is_better(m["baseline"], value, m["lower_is_better"]):
        assert share < 0
    if m["baseline"] != value != m["target"] and 0 < share < 1:
        assert maths.is_better(value, m["baseline"], m["lower_is_better"])
        assert maths.is_better(m["target"], value, m["lower_is_better"])


@given(measures(), figures)
def test_100_per_cent_means_the_target_is_reached(m, value):
    percent = maths.whole_percent(maths.share_of_target(value, m["baseline"], m["target"]))
    assert (percent >= 100) == maths.at_least_as_good(value, m["target"], m["lower_is_better"])


@given(measures(), figures)
def test_the_change_is_better_exactly_when_the_share_is_above_0(m, value):
    verdict = maths.change_verdict(value, m["baseline"], m["lower_is_better"])
    share = maths.share_of_target(value, m["baseline"], m["target"])
    assert maths.change(value, m["baseline"]) + m["baseline"] == value
    assert (verdict == maths.BETTER) == (share > 0)
    assert (verdict == maths.SAME) == (share == 0)


@given(measures())
def test_no_figure_is_no_data_never_0_per_cent(m):
    assert maths.share_of_target(None, m["baseline"], m["target"]) is None
    assert maths.whole_percent(None) is None
    assert maths.change(None, m["baseline"]) is None
    assert maths.change_verdict(None, m["baseline"], m["lower_is_better"]) is None
    assert maths.trajectory_status(None, m["points"], m["lower_is_better"]) == maths.NO_DATA


# The trajectory ----------------------------------------------------------------------


@given(measures())
def test_the_trajectory_passes_through_the_start_each_milestone_and_the_target(m):
    points = m["points"]
    assert maths.expected_on(m["baseline_date"], points) == m["baseline"]
    assert maths.expected_on(m["target_date"], points) == m["target"]
    for day, value in m["milestones"]:
        assert maths.expected_on(day, points) == value


@given(measures(), st.integers(min_value=1, max_value=3_000))
def test_the_trajectory_is_flat_before_the_start_and_after_the_target(m, days):
    before = m["baseline_date"] - datetime.timedelta(days=days)
    after = m["target_date"] + datetime.timedelta(days=days)
    assert maths.expected_on(before, m["points"]) == m["baseline"]
    assert maths.expected_on(after, m["points"]) == m["target"]


@given(measures(), st.data())
def test_the_expected_figure_lies_between_its_neighbouring_points(m, data):
    day = data.draw(days_around(m))
    expected = maths.expected_on(day, m["points"])
    before = [value for point_day, value in m["points"] if point_day <= day] or [m["baseline"]]
    after = [value for point_day, value in m["points"] if point_day >= day] or [m["target"]]
    low, high = sorted((before[-1], after[0]))
    assert low <= expected <= high


@given(measures(), st.data())
def test_milestones_outside_the_plan_span_are_not_part_of_the_line(m, data):
    outside = data.draw(st.integers(min_value=0, max_value=500))
    stray = [
        (m["baseline_date"] - datetime.timedelta(days=outside), D(123)),
        (m["target_date"] + datetime.timedelta(days=outside), D(-123)),
    ]
    points = maths.trajectory(
        m["baseline_date"], m["baseline"], m["milestones"] + stray, m["target_date"], m["target"]
    )
    assert points == m["points"]


# Status -------------------------------------------------------------------------------


@given(measures(), figures, st.data())
def test_the_status_follows_the_written_rule(m, value, data):
    day = data.draw(days_around(m))
    better = m["lower_is_better"]
    status = maths.trajectory_status((day, value), m["points"], better)
    expected = maths.expected_on(day, m["points"])
    if maths.at_least_as_good(value, m["target"], better):
        assert status == maths.TARGET_MET
    elif maths.at_least_as_good(value, expected, better):
        assert status == maths.ON_TRAJECTORY
    else:
        assert status == maths.OFF_TRAJECTORY


@given(measures(), st.data())
def test_a_figure_equal_to_the_expected_one_is_on_trajectory(m, data):
    day = data.draw(days_around(m))
    expected = maths.expected_on(day, m["points"])
    status = maths.trajectory_status((day, expected), m["points"], m["lower_is_better"])
    assert status in (maths.ON_TRAJECTORY, maths.TARGET_MET)
    step = D("-0.01") if m["lower_is_better"] else D("0.01")
    worse = expected - step
    if not maths.at_least_as_good(worse, m["target"], m["lower_is_better"]):
        status = maths.trajectory_status((day, worse), m["points"], m["lower_is_better"])
        assert status == maths.OFF_TRAJECTORY


@given(measures(), st.data())
def test_reaching_the_target_early_or_late_is_target_met(m, data):
    day = data.draw(days_around(m))
    for value in (m["target"], m["target"] + (D(-1) if m["lower_is_better"] else D(1))):
        status = maths.trajectory_status((day, value), m["points"], m["lower_is_better"])
        assert status == maths.TARGET_MET


# Readable examples ---------------------------------------------------------------------


def exclusions(**overrides):
    """Lower is better: 214 exclusions in Aug 2017, 185 by Aug 2018, 120 by Aug 2020."""
    fields = {
        "baseline_date": datetime.date(2017, 8, 31),
        "baseline": D(214),
        "milestones": [(datetime.date(2018, 8, 31), D(185))],
        "target_date": datetime.date(2020, 8, 31),
        "target": D(120),
    } | overrides
    return maths.trajectory(**fields)


def test_a_figure_behind_the_milestone_is_off_trajectory():
    assert maths.trajectory_status((datetime.date(2018, 8, 31), D(191)), exclusions(), True) == (
        maths.OFF_TRAJECTORY
    )


def test_a_figure_at_the_milestone_is_on_trajectory():
    assert maths.trajectory_status((datetime.date(2018, 8, 31), D(185)), exclusions(), True) == (
        maths.ON_TRAJECTORY
    )


def test_halfway_between_milestones_the_plan_expects_halfway():
    points = exclusions(milestones=[])
    # 2017-08-31 to 2020-08-31 is 1096 days; 548 days in is exactly half way: 167.
    assert maths.expected_on(datetime.date(2019, 3, 2), points) == D(167)


def test_expected_figures_are_rounded_to_pence_precision():
    points = maths.trajectory(datetime.date(2020, 1, 1), D(0), [], datetime.date(2020, 1, 4), D(1))
    assert maths.expected_on(datetime.date(2020, 1, 2), points) == D("0.33")


def test_a_negative_progress_8_score_moving_up_is_progress():
    # Higher is better: from -0.6 to -0.2; -0.4 is half way there.
    share = maths.share_of_target(D("-0.4"), D("-0.6"), D("-0.2"))
    assert share == D("0.5")
    assert maths.change(D("-0.4"), D("-0.6")) == D("0.2")
    assert maths.change_verdict(D("-0.4"), D("-0.6"), False) == maths.BETTER


def test_a_zero_baseline_does_not_divide_by_zero():
    assert maths.share_of_target(D(3), D(0), D(12)) == D("0.25")
    assert maths.share_of_target(D(-3), D(0), D(-12)) == D("0.25")


def test_99_point_6_per_cent_is_not_shown_as_100():
    assert maths.whole_percent(D("0.996")) == 99
    assert maths.whole_percent(D("1")) == 100
    assert maths.whole_percent(D("-0.001")) == -1


# The model's thin wrappers ---------------------------------------------------------------


@pytest.fixture
def refusals(db):
    """Lower is better: 48% refused in Dec 2017, 38% by Dec 2018, 25% by Dec 2019."""
    measure = SuccessMeasureFactory(
        unit=SuccessMeasure.Unit.PERCENTAGE,
        direction=SuccessMeasure.Direction.LOWER_IS_BETTER,
        baseline_value=D(48),
        baseline_date=datetime.date(2017, 12, 31),
        target_value=D(25),
        target_date=datetime.date(2019, 12, 31),
    )
    MilestoneFactory(measure=measure, due_on=datetime.date(2018, 12, 31), value=D(38))
    return measure


def loaded(measure):
    from public.outline import measures_with_values

    return measures_with_values(SuccessMeasure.objects.filter(pk=measure.pk)).get()


def test_a_measure_with_no_figures_says_no_data(refusals):
    measure = loaded(refusals)
    assert measure.trajectory_status == SuccessMeasure.TrajectoryStatus.NO_DATA
    assert measure.trajectory_status.label == "No data yet"
    assert measure.progress is None
    assert measure.progress_percent is None
    assert measure.change_since_baseline is None
    assert measure.change_in_words is None
    assert measure.expected_at_latest is None


def test_the_model_wraps_the_maths_without_queries_once_loaded(refusals, django_assert_num_queries):
    MeasurementFactory(measure=refusals, measured_on=datetime.date(2018, 6, 30), value=D(45))
    MeasurementFactory(measure=refusals, measured_on=datetime.date(2018, 12, 31), value=D(36))
    measure = loaded(refusals)
    with django_assert_num_queries(0):
        assert measure.latest.value == D(36)
        assert measure.change_since_baseline == D(-12)
        assert measure.change_in_words == "down 12 percentage points from 48% (better)"
        assert measure.expected_on(datetime.date(2018, 12, 31)) == D(38)
        assert measure.expected_at_latest == D(38)
        assert measure.trajectory_status == SuccessMeasure.TrajectoryStatus.ON_TRAJECTORY
        assert measure.progress_percent == 52  # 12 of 23 points: 52.17%
        assert [m.value for m in measure.values_until(datetime.date(2018, 7, 1))] == [D(45)]


def test_a_figure_worse_than_the_start_is_worse_in_words(refusals):
    MeasurementFactory(measure=refusals, measured_on=datetime.date(2018, 6, 30), value=D(50))
    measure = loaded(refusals)
    assert measure.change_in_words == "up 2 percentage points from 48% (worse)"
    assert measure.trajectory_status == SuccessMeasure.TrajectoryStatus.OFF_TRAJECTORY
    assert measure.progress < 0


def test_the_target_reached_early_is_target_met(refusals):
    MeasurementFactory(measure=refusals, measured_on=datetime.date(2018, 3, 31), value=D(25))
    assert loaded(refusals).trajectory_status == SuccessMeasure.TrajectoryStatus.TARGET_MET


def test_the_rule_is_written_down_for_pages():
    assert SuccessMeasure.TRAJECTORY_RULE.startswith("On trajectory means the latest figure")
    assert "equal to the expected one counts as on trajectory" in SuccessMeasure.TRAJECTORY_RULE


# Negative values: only a score may be below 0 -----------------------------------------------


@pytest.mark.django_db
def test_a_score_measure_may_start_and_end_below_zero():
    measure = SuccessMeasureFactory(
        unit=SuccessMeasure.Unit.SCORE,
        direction=SuccessMeasure.Direction.HIGHER_IS_BETTER,
        baseline_value=D("-0.62"),
        target_value=D("-0.2"),
    )
    measure.full_clean()
    figure = Measurement(measure=measure, measured_on=datetime.date(2019, 7, 31), value=D("-0.4"))
    figure.full_clean()
    Milestone(measure=measure, due_on=datetime.date(2019, 7, 31), value=D("-0.5")).full_clean()
    figure.save()
    measure = loaded(measure)
    assert measure.format_value(measure.baseline_value) == "-0.62"
    assert measure.change_in_words == "up 0.22 from -0.62 (better)"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "unit",
    [
        SuccessMeasure.Unit.COUNT,
        SuccessMeasure.Unit.PERCENTAGE,
        SuccessMeasure.Unit.DAYS,
        SuccessMeasure.Unit.WEEKS,
    ],
)
def test_other_units_cannot_go_below_zero(unit):
    measure = SuccessMeasureFactory(unit=unit, baseline_value=D(50), target_value=D(20))
    with pytest.raises(ValidationError, match="0 or more"):
        measure.clean_value(D(-1))
    measure.clean_value(D(0))


def test_a_zero_target_can_be_reached():
    measure = SuccessMeasure(
        unit=SuccessMeasure.Unit.COUNT,
        direction=SuccessMeasure.Direction.LOWER_IS_BETTER,
        baseline_value=D(4),
        target_value=D(0),
    )
    assert measure.share_of_target(D(0)) == 1
    assert measure.share_of_target(D(1)) == D("0.75")


@pytest.mark.django_db
def test_an_officer_can_enter_a_negative_score_but_not_a_negative_count():
    from workspace.forms.measurement import MeasurementForm

    score = SuccessMeasureFactory(
        unit=SuccessMeasure.Unit.SCORE,
        direction=SuccessMeasure.Direction.HIGHER_IS_BETTER,
        baseline_value=D("-0.62"),
        target_value=D("-0.2"),
    )
    data = {"measured_on": "2019-07-31", "value": "-0.4"}
    assert MeasurementForm(data, measure=score).is_valid()
    form = MeasurementForm(data, measure=SuccessMeasureFactory())
    assert not form.is_valid()
    assert form.errors["value"] == ["Enter a value of 0 or more."]


def test_changes_in_days_read_naturally():
    measure = SuccessMeasure(unit=SuccessMeasure.Unit.DAYS)
    assert measure.format_value(D(1)) == "1 day"
    assert measure.format_value(D("32.00")) == "32 days"
    assert measure.format_change(D(1)) == "1 day"
    assert SuccessMeasure(unit=SuccessMeasure.Unit.PERCENTAGE).format_change(D(1)) == (
        "1 percentage point"
    )
