"""Server-rendered SVG charts of a measure: baseline, trajectory, actual figures, target.

The chart is a picture of the table printed beside it; nothing is only in the chart.

The drawing is small (WIDTH x HEIGHT user units) on purpose: the SVG scales to its
column, and labels are 14 units high (the `.app-chart__label` style), so at 320px
(about 290px of column) they are still about 12px, and in a half-width column on a
desktop about 19px. Tick labels are plain numbers and the unit is written once above
the axis, so the labels stay short.
"""

import datetime
import math
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from workstreams.models.measure import plain_number

WIDTH, HEIGHT = 340, 240
RIGHT, TOP, BOTTOM = 18, 30, 28
# Roughly the width of a digit at the 14-unit label size (Arial digits are 0.556 em).
CHARACTER_WIDTH = 8
MOST_YEAR_LABELS = 5
NICE_STEPS = (Decimal(1), Decimal(2), Decimal("2.5"), Decimal(5), Decimal(10))
UNIT_TITLES = {
    "count": "Number",
    "days": "Days",
    "weeks": "Weeks",
    "score": "Score",
    "percentage": "",  # the ticks carry the % sign
}


@dataclass(frozen=True)
class Point:
    x: float
    y: float
    label: str


@dataclass
class Chart:
    title: str
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    baseline: Point | None = None
    target: Point | None = None
    trajectory: list = field(default_factory=list)
    actuals: list = field(default_factory=list)
    y_ticks: list = field(default_factory=list)
    x_ticks: list = field(default_factory=list)
    zero_y: float | None = None
    unit_title: str = ""
    plot_left: int = 40
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM
    plot_top: int = TOP
    label_y: int = HEIGHT - 8

    @property
    def label_x(self):
        return self.plot_left - 6

    @staticmethod
    def polyline(points):
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in points)

    @property
    def trajectory_points(self):
        return self.polyline([self.baseline, *self.trajectory, self.target])

    @property
    def baseline_square(self):
        return Point(self.baseline.x - 5, self.baseline.y - 5, self.baseline.label)

    @property
    def target_diamond(self):
        x, y = self.target.x, self.target.y
        return self.polyline(
            [Point(x, y - 7, ""), Point(x + 7, y, ""), Point(x, y + 7, ""), Point(x - 7, y, "")]
        )

    @property
    def actual_points(self):
        return self.polyline([self.baseline, *self.actuals])


def nice_step(span, ticks=4):
    """A round step (1, 2, 2.5 or 5 times a power of ten) giving about `ticks` intervals."""
    raw = Decimal(span) / ticks
    magnitude = Decimal(1).scaleb(raw.adjusted())
    return next(magnitude * step for step in NICE_STEPS if magnitude * step >= raw)


def y_axis(values):
    """(bottom, top, step) of a value axis that includes 0 and every value, in round steps.

    Zero is always on the axis, so a small change is not drawn as a big one; negative
    values (a score can be below 0) get ticks below 0.
    """
    low, high = min(0, *values), max(0, *values)
    step = nice_step(high - low)
    bottom = (low / step).to_integral_value(rounding=ROUND_FLOOR) * step
    top = (high / step).to_integral_value(rounding=ROUND_CEILING) * step
    return bottom, top, step


def measure_chart(measure):
    actuals = measure.values
    plan = measure.trajectory  # the same points the status is judged on
    milestones = plan[1:-1]
    bottom, top, step = y_axis(
        [measure.baseline_value, measure.target_value]
        + [m.value for m in actuals]
        + [value for _, value in milestones]
    )
    ticks = [bottom + step * n for n in range(int((top - bottom) / step) + 1)]
    tick_labels = [_tick_label(measure, value) for value in ticks]
    left = CHARACTER_WIDTH * max(len(label) for label in tick_labels) + 12
    dates = [measure.baseline_date, measure.target_date, *(m.measured_on for m in actuals)]
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)
    chart = Chart(
        title=f"Chart: {measure.title}",
        description=describe(measure),
        unit_title=UNIT_TITLES.get(measure.unit, ""),
        plot_left=left,
    )

    def x(day: datetime.date):
        return left + (chart.plot_right - left) * (day - first).days / span

    def y(value):
        share = float((Decimal(value) - bottom) / (top - bottom))
        return chart.plot_bottom - (chart.plot_bottom - chart.plot_top) * share

    def point(day, value, what):
        return Point(x(day), y(value), f"{what}: {measure.format_value(value)}, {day:%B %Y}")

    chart.baseline = point(measure.baseline_date, measure.baseline_value, "Starting point")
    chart.target = point(measure.target_date, measure.target_value, "Target")
    chart.trajectory = [point(day, value, "Milestone") for day, value in milestones]
    chart.actuals = [point(m.measured_on, m.value, "Actual") for m in actuals]
    chart.y_ticks = list(zip((y(value) for value in ticks), tick_labels, strict=True))
    chart.zero_y = y(0) if bottom < 0 else None
    chart.x_ticks = _x_ticks(first, last, x)
    return chart


def _tick_label(measure, value):
    if measure.unit == measure.Unit.PERCENTAGE:
        return measure.format_value(value)
    return plain_number(value)


def _x_ticks(first, last, x):
    """(x, label, text-anchor) for each New Year in the span, at most MOST_YEAR_LABELS.

    A span inside one calendar year is labelled with its first and last months instead.
    """
    years = list(range(first.year + 1, last.year + 1))
    if not years:
        return [(x(first), f"{first:%b %Y}", "start"), (x(last), f"{last:%b %Y}", "end")]
    every = math.ceil(len(years) / MOST_YEAR_LABELS)
    return [(x(datetime.date(year, 1, 1)), str(year), "middle") for year in years[::every]]


def describe(measure):
    """The chart in words: where the measure started, its target, and the latest figure."""
    start = (
        f"It started at {measure.format_value(measure.baseline_value)} in "
        f"{measure.baseline_date:%B %Y}"
    )
    target = (
        f"the target is {measure.format_value(measure.target_value)} by "
        f"{measure.target_date:%B %Y} ({measure.get_direction_display().lower()})"
    )
    return f"{start}; {target}. {measure.status_explained}"
