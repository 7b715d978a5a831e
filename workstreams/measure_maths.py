"""The arithmetic of a measure of success, on plain Decimals and dates.

Nothing here touches the database: `SuccessMeasure` passes its baseline, target,
milestones and figures in, so the rules can be tested on their own (see
tests/test_measure_maths.py) and read in one place.

Decisions, written down so pages and reports say the same thing:

- "Better" depends on the measure: for "lower is better" a smaller figure is better.
  Every comparison goes through `at_least_as_good`, so the direction is honoured once.
- Share of the way to the target: 0 at the starting point, 1 at the target, above 1
  when the target is beaten, below 0 when the figure is worse than the starting point.
  It is None when there is no figure: no data is never shown as 0%.
- The trajectory is the straight line from the starting point through each milestone
  (in date order) to the target. Before the starting date it is the starting value;
  after the target date it stays at the target. Milestones dated on or before the
  starting date, or on or after the target date, are not part of the line (the
  starting point and the target are its ends).
- The value expected on a date is rounded to 2 decimal places, the precision figures
  are stored at, so the figure a page shows is the figure the status was judged on.
- Status of the latest figure, in this order:
  no figures -> no data; at or better than the target -> target met (whatever the date);
  at or better than the value expected on its date -> on trajectory (equal counts as on);
  otherwise -> off trajectory.
- Baselines and targets may be zero or negative (a Progress 8 score can be below 0).
  The target always differs from the baseline (a database constraint), so the share
  never divides by zero.
"""

import itertools
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal

TARGET_MET = "target_met"
ON_TRAJECTORY = "on_trajectory"
OFF_TRAJECTORY = "off_trajectory"
NO_DATA = "no_data"

BETTER, WORSE, SAME = "better", "worse", "same"

CENT = Decimal("0.01")

TRAJECTORY_RULE = (
    "On trajectory means the latest figure is at least as good as the figure the plan "
    "expected by that date. The expected figure is on a straight line from the starting "
    "point through each milestone to the target, and stays at the target after the target "
    "date. A figure equal to the expected one counts as on trajectory. Target reached means "
    "the latest figure is at or better than the target. “Better” means lower or higher, "
    "whichever the measure says."
)


def is_better(value, other, lower_is_better):
    """Whether `value` is strictly better than `other` for a measure in this direction."""
    return value < other if lower_is_better else value > other


def at_least_as_good(value, other, lower_is_better):
    return value == other or is_better(value, other, lower_is_better)


def change(value, baseline):
    """The signed change from the starting point; None when there is no figure."""
    if value is None:
        return None
    return value - baseline


def change_verdict(value, baseline, lower_is_better):
    """BETTER, WORSE or SAME than the starting point; None when there is no figure."""
    if value is None:
        return None
    if value == baseline:
        return SAME
    return BETTER if is_better(value, baseline, lower_is_better) else WORSE


def share_of_target(value, baseline, target):
    """How far `value` has moved from `baseline` toward `target`, as a fraction.

    The sign of (target - baseline) carries the direction, so this is the same
    formula for "lower is better" and "higher is better".
    """
    if value is None:
        return None
    return (value - baseline) / (target - baseline)


def whole_percent(share):
    """A share as whole per cent, rounded down so 99.6% never reads as 100% (reached)."""
    if share is None:
        return None
    return int((share * 100).to_integral_value(rounding=ROUND_FLOOR))


def trajectory(baseline_date, baseline, milestones, target_date, target):
    """The plan's points in date order: starting point, milestones inside its span, target.

    `milestones` is an iterable of (date, value).
    """
    inside = sorted((day, value) for day, value in milestones if baseline_date < day < target_date)
    return [(baseline_date, baseline), *inside, (target_date, target)]


def expected_on(day, points):
    """The value the plan expects on `day`, on the straight lines between `points`.

    `points` come from `trajectory()`: in date order, first the starting point and last
    the target. Rounded to 2 decimal places.
    """
    first_day, first_value = points[0]
    last_day, last_value = points[-1]
    if day <= first_day:
        return _cents(first_value)
    if day >= last_day:
        return _cents(last_value)
    for (start_day, start_value), (end_day, end_value) in itertools.pairwise(points):
        if start_day <= day <= end_day:
            elapsed = Decimal((day - start_day).days) / Decimal((end_day - start_day).days)
            return _cents(start_value + (end_value - start_value) * elapsed)
    raise ValueError("points must be in date order")  # pragma: no cover - trajectory() sorts


def trajectory_status(latest, points, lower_is_better):
    """TARGET_MET, ON_TRAJECTORY, OFF_TRAJECTORY or NO_DATA for the latest figure.

    `latest` is (date, value) or None; `points` come from `trajectory()`.
    """
    if latest is None:
        return NO_DATA
    day, value = latest
    target = points[-1][1]
    if at_least_as_good(value, target, lower_is_better):
        return TARGET_MET
    if at_least_as_good(value, expected_on(day, points), lower_is_better):
        return ON_TRAJECTORY
    return OFF_TRAJECTORY


def _cents(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
