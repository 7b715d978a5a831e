"""Server-rendered SVG charts of a measure: baseline, trajectory, actual figures, target.

The chart is a picture of the table printed beside it; nothing is only in the chart.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 64, 24, 16, 40


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
    plot_left: int = LEFT
    plot_right: int = WIDTH - RIGHT
    plot_bottom: int = HEIGHT - BOTTOM
    plot_top: int = TOP
    label_x: int = LEFT - 6
    label_y: int = HEIGHT - 12

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


def _nice_ceiling(value):
    """A round number at or above `value` for the top of the axis."""
    if value <= 0:
        return Decimal(1)
    magnitude = Decimal(10) ** (len(str(int(value))) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = magnitude * Decimal(str(step))
        if top >= value:
            return top
    return magnitude * 10


def measure_chart(measure):
    values = [m.value for m in measure.values]
    milestones = list(measure.milestones.all())
    all_values = [measure.baseline_value, measure.target_value, *values]
    all_values += [m.value for m in milestones]
    y_max = _nice_ceiling(max(all_values) * Decimal("1.05"))
    dates = [measure.baseline_date, measure.target_date, *(m.measured_on for m in measure.values)]
    first, last = min(dates), max(dates)
    span = max((last - first).days, 1)

    def x(day: datetime.date):
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span

    def y(value):
        return TOP + (HEIGHT - TOP - BOTTOM) * float(1 - Decimal(value) / y_max)

    def point(day, value, what):
        return Point(x(day), y(value), f"{what}: {measure.format_value(value)}, {day:%B %Y}")

    chart = Chart(
        title=f"Chart of {measure.title.lower()}",
        description=_describe(measure, values),
        baseline=point(measure.baseline_date, measure.baseline_value, "Starting point"),
        target=point(measure.target_date, measure.target_value, "Target"),
        trajectory=[point(m.due_on, m.value, "Milestone") for m in milestones],
        actuals=[point(m.measured_on, m.value, "Actual") for m in measure.values],
    )
    chart.y_ticks = [
        (y(y_max * share), measure.format_value((y_max * share).normalize()))
        for share in (Decimal(0), Decimal("0.5"), Decimal(1))
    ]
    chart.x_ticks = [(x(datetime.date(year, 1, 1)), str(year)) for year in _years(first, last)]
    return chart


def _years(first, last):
    return list(range(first.year + 1, last.year + 1)) or [first.year]


def _describe(measure, values):
    start = f"It started at {measure.format_value(measure.baseline_value)}"
    target = (
        f"the target is {measure.format_value(measure.target_value)} by {measure.target_date:%B %Y}"
    )
    if not values:
        return f"{start} and {target}. There are no figures yet."
    latest = measure.latest
    return (
        f"{start}; {target}. The latest figure is {measure.format_value(latest.value)} "
        f"({latest.measured_on:%B %Y}): {measure.trend.label.lower()}."
    )
