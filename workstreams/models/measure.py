from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from .. import measure_maths


class SuccessMeasure(models.Model):
    """A measure of success: how the area will know children and families are better off."""

    class Kind(models.TextChoices):
        IMPACT = "impact", "Impact"
        PROCESS = "process", "Process"

    class Unit(models.TextChoices):
        COUNT = "count", "number"
        PERCENTAGE = "percentage", "per cent"
        DAYS = "days", "days"
        WEEKS = "weeks", "weeks"
        SCORE = "score", "score"

    class Direction(models.TextChoices):
        LOWER_IS_BETTER = "lower", "Lower is better"
        HIGHER_IS_BETTER = "higher", "Higher is better"

    class Trend(models.TextChoices):
        IMPROVING = "improving", "Getting better"
        WORSENING = "worsening", "Getting worse"
        NO_CHANGE = "no_change", "No change"
        NO_DATA = "no_data", "No data yet"

    class TrajectoryStatus(models.TextChoices):
        TARGET_MET = measure_maths.TARGET_MET, "Target reached"
        ON_TRAJECTORY = measure_maths.ON_TRAJECTORY, "On trajectory"
        OFF_TRAJECTORY = measure_maths.OFF_TRAJECTORY, "Off trajectory"
        NO_DATA = measure_maths.NO_DATA, "No data yet"

    # The units counted in whole numbers, and what to say when a figure is not one. (The
    # unit's label does not fit every sentence: a count is labelled "number".) Weeks,
    # percentages and scores may have decimals.
    WHOLE_NUMBER_MESSAGES = {
        Unit.COUNT: "Enter a whole number, such as 12.",
        Unit.DAYS: "Enter a whole number of days, such as 12.",
    }

    # The rule for TrajectoryStatus in plain English, printed on the pages that show it.
    TRAJECTORY_RULE = measure_maths.TRAJECTORY_RULE

    statement = models.ForeignKey(
        "workstreams.Statement", on_delete=models.CASCADE, related_name="measures"
    )
    weakness = models.ForeignKey(
        "workstreams.Weakness",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
    )
    reference = models.CharField(max_length=10, help_text='A short reference such as "M3".')
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.IMPACT)
    unit = models.CharField(max_length=12, choices=Unit)
    direction = models.CharField(max_length=6, choices=Direction)
    baseline_value = models.DecimalField(max_digits=12, decimal_places=2)
    baseline_date = models.DateField()
    target_value = models.DecimalField(max_digits=12, decimal_places=2)
    target_date = models.DateField()
    data_source = models.CharField(max_length=200, blank=True)
    owner = models.ForeignKey(
        "workstreams.Owner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="measures",
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["statement", "reference"]
        permissions = [
            ("record_measurement", "Can record measurements for measures they own"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "reference"],
                name="measure_reference_unique_per_statement",
                violation_error_message="This statement already has a measure with this reference.",
            ),
            models.CheckConstraint(
                name="measure_target_differs_from_baseline",
                condition=~models.Q(target_value=models.F("baseline_value")),
                violation_error_message="The target must differ from the baseline.",
            ),
            models.CheckConstraint(
                name="measure_target_after_baseline",
                condition=models.Q(target_date__gt=models.F("baseline_date")),
                violation_error_message="The target date must be after the baseline date.",
            ),
            models.CheckConstraint(
                name="measure_target_in_stated_direction",
                condition=models.Q(direction="lower", target_value__lt=models.F("baseline_value"))
                | models.Q(direction="higher", target_value__gt=models.F("baseline_value")),
                violation_error_message="The target must be better than the baseline "
                "in the direction the measure says is better.",
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self):
        return reverse("public:measures", kwargs={"slug": self.statement.slug}) + (
            f"#measure-{self.reference.lower()}"
        )

    def clean_value(self, value):
        """Check a value makes sense in this measure's unit.

        Only a score may be below 0 (a Progress 8 score for pupils with SEND often is).
        """
        if value is None:
            return
        if value < 0 and self.unit != self.Unit.SCORE:
            raise ValidationError("Enter a value of 0 or more.")
        if self.unit == self.Unit.PERCENTAGE and value > 100:
            raise ValidationError("Enter a percentage between 0 and 100.")
        whole = self.WHOLE_NUMBER_MESSAGES.get(self.unit)
        if whole and value != value.to_integral_value():
            raise ValidationError(whole)

    def clean_figure_date(self, day):
        """Check a figure's date: not in the future, not before the starting value's date.

        The same words wherever a figure is recorded: the officers' form, the admin
        and the spreadsheet import.
        """
        if day is None:
            return
        if day > timezone.localdate():
            raise ValidationError("The date cannot be in the future.", code="future")
        if self.baseline_date and day < self.baseline_date:
            raise ValidationError(
                f"The date must be on or after {self.baseline_date:%-d %B %Y}, "
                "the date of the starting value.",
                code="before_baseline",
            )

    def clean_milestone_date(self, day):
        """Check a milestone's date: after the starting value's date and before the
        target date. The trajectory runs from one to the other, so a milestone outside
        them would silently never be used.

        The same words wherever a milestone is set: the managers' form, the admin and
        the spreadsheet import.
        """
        if None in (day, self.baseline_date, self.target_date):
            return
        if not self.baseline_date < day < self.target_date:
            raise ValidationError(
                f"The date must be after {self.baseline_date:%-d %B %Y}, the date of the "
                f"starting value, and before {self.target_date:%-d %B %Y}, the target date.",
                code="outside_trajectory",
            )

    def problems_with_recorded_figures(
        self, unit, baseline_date, figures=None, milestones=None, target_date=None
    ):
        """What a new unit, starting value's date or target date would break among the
        figures and milestones recorded.

        A change must not leave behind a figure or milestone the forms would refuse
        (a milestone outside the dates would silently drop off the trajectory). Only
        what changes is checked (values that already broke a rule do not block other
        edits). `figures` and `milestones` are (date, value) pairs, the saved ones
        by default. Returns {field name: message}, empty when all is well.
        """
        new_date = baseline_date is not None and baseline_date != self.baseline_date
        new_target = target_date is not None and target_date != self.target_date
        new_unit = bool(unit) and unit != self.unit
        if not (new_date or new_target or new_unit):
            return {}
        if figures is None:
            figures = self.measurements.values_list("measured_on", "value")
        if milestones is None:
            milestones = self.milestones.values_list("due_on", "value")
        figures, milestones, problems = sorted(figures), sorted(milestones), {}
        if new_date and figures and figures[0][0] < baseline_date:
            problems["baseline_date"] = (
                f"There is a figure for {figures[0][0]:%-d %B %Y}, before this date. The date "
                "of the starting value must be on or before the date of the first figure."
            )
        elif new_date and milestones and milestones[0][0] <= baseline_date:
            problems["baseline_date"] = (
                f"There is a milestone for {milestones[0][0]:%-d %B %Y}, on or before this "
                "date. Milestones come after the date of the starting value: remove that "
                "milestone first, or choose an earlier date."
            )
        if new_target and milestones and milestones[-1][0] >= target_date:
            problems["target_date"] = (
                f"There is a milestone for {milestones[-1][0]:%-d %B %Y}, on or after this "
                "date. Milestones come before the target date: remove that milestone "
                "first, or choose a later date."
            )
        if new_unit:
            changed = SuccessMeasure(unit=unit)
            for kind, rows in (("figure", figures), ("milestone", milestones)):
                for day, value in rows:
                    try:
                        changed.clean_value(value)
                    except ValidationError as error:
                        reason = error.messages[0].rstrip(".")
                        problems["unit"] = (
                            f"The {kind} for {day:%-d %B %Y} is {plain_number(value)}, which "
                            f"does not suit this unit ({reason[0].lower()}{reason[1:]})."
                        )
                        return problems  # the first is enough to say why
        return problems

    def clean(self):
        errors = {}
        for field in ("baseline_value", "target_value"):
            try:
                self.clean_value(getattr(self, field))
            except ValidationError as error:
                errors[field] = error.messages
        if (
            self.weakness_id
            and self.statement_id
            and self.weakness.statement_id != self.statement_id
        ):
            errors["weakness"] = ["Choose a weakness from this statement."]
        if errors:
            raise ValidationError(errors)

    # The arithmetic lives in measure_maths; these are thin wrappers that read the
    # prefetched `measurements` and `milestones` (see public.outline.measures_with_values),
    # so a page of measures costs no query per measure.

    @property
    def lower_is_better(self):
        return self.direction == self.Direction.LOWER_IS_BETTER

    @cached_property
    def values(self):
        """Measurements oldest first (uses prefetched rows when the page loaded them)."""
        return sorted(self.measurements.all(), key=lambda m: m.measured_on)

    def values_until(self, day):
        """Measurements on or before `day`, oldest first."""
        return [m for m in self.values if m.measured_on <= day]

    @property
    def latest(self):
        return self.values[-1] if self.values else None

    @cached_property
    def trajectory(self):
        """(date, value) pairs of the plan: starting point, milestones in its span, target."""
        return measure_maths.trajectory(
            self.baseline_date,
            self.baseline_value,
            [(m.due_on, m.value) for m in self.milestones.all()],
            self.target_date,
            self.target_value,
        )

    def expected_on(self, day):
        """The figure the plan expects on `day` (on the trajectory, to 2 decimal places)."""
        return measure_maths.expected_on(day, self.trajectory)

    @property
    def expected_at_latest(self):
        """The figure the plan expected on the date of the latest figure; None without one."""
        latest = self.latest
        return self.expected_on(latest.measured_on) if latest else None

    @property
    def trajectory_status(self):
        latest = self.latest
        return self.TrajectoryStatus(
            measure_maths.trajectory_status(
                (latest.measured_on, latest.value) if latest else None,
                self.trajectory,
                self.lower_is_better,
            )
        )

    @property
    def better_way(self):
        """The word for the better way: "lower" or "higher"."""
        return "lower" if self.lower_is_better else "higher"

    @property
    def status_explained(self):
        """One sentence on the latest figure against the plan, for pages and chart text."""
        latest = self.latest
        if latest is None:
            return "There are no figures yet."
        figure = (
            f"The latest figure, {self.format_value(latest.value)} ({latest.measured_on:%B %Y}),"
        )
        status = self.trajectory_status
        if status == self.TrajectoryStatus.TARGET_MET:
            return f"{figure} has reached the target of {self.format_value(self.target_value)}."
        expected = self.format_value(self.expected_at_latest)
        on_or_off = "on" if status == self.TrajectoryStatus.ON_TRAJECTORY else "off"
        return (
            f"{figure} is {on_or_off} trajectory: the plan expected {expected} or "
            f"{self.better_way} by then."
        )

    def share_of_target(self, value):
        """How far `value` has moved from the baseline toward the target, as a fraction.

        0 is the baseline, 1 is the target reached; below 0 means worse than the
        baseline, above 1 means the target was beaten.
        """
        return measure_maths.share_of_target(value, self.baseline_value, self.target_value)

    @property
    def progress(self):
        latest = self.latest
        return self.share_of_target(latest.value) if latest else None

    @property
    def progress_percent(self):
        """Whole per cent of the way to the target, rounded down; None with no figures."""
        return measure_maths.whole_percent(self.progress)

    @property
    def change_since_baseline(self):
        """The latest figure minus the starting figure (signed); None with no figures."""
        latest = self.latest
        return measure_maths.change(latest.value if latest else None, self.baseline_value)

    @property
    def change_verdict(self):
        """Better, worse or the same as the starting point (measure_maths.BETTER, ...)."""
        latest = self.latest
        return measure_maths.change_verdict(
            latest.value if latest else None, self.baseline_value, self.lower_is_better
        )

    @property
    def change_in_words(self):
        """The change in words, such as "down 12 from 48 (better)"; None with no figures."""
        difference = self.change_since_baseline
        if difference is None:
            return None
        start = self.format_value(self.baseline_value)
        if difference == 0:
            return f"no change from {start}"
        way = "down" if difference < 0 else "up"
        return f"{way} {self.format_change(abs(difference))} from {start} ({self.change_verdict})"

    def format_change(self, amount):
        """A difference between two figures: percentages change by percentage points."""
        number = plain_number(amount)
        if self.unit == self.Unit.PERCENTAGE:
            return f"{number} percentage point{'' if amount == 1 else 's'}"
        if self.unit in (self.Unit.COUNT, self.Unit.SCORE):
            return number
        return f"{number} {self._unit_word(amount)}"

    def _unit_word(self, amount):
        """The unit after a number: "days", but "1 day"."""
        word = self.get_unit_display()
        return word[:-1] if amount == 1 and word.endswith("s") else word

    @property
    def trend(self):
        """Direction of travel of the two latest values (or the baseline and the latest)."""
        values = [self.baseline_value] + [m.value for m in self.values]
        if len(values) < 2:
            return self.Trend.NO_DATA
        verdict = measure_maths.change_verdict(values[-1], values[-2], self.lower_is_better)
        return {
            measure_maths.SAME: self.Trend.NO_CHANGE,
            measure_maths.BETTER: self.Trend.IMPROVING,
            measure_maths.WORSE: self.Trend.WORSENING,
        }[verdict]

    def format_value(self, value):
        if value is None:
            return "no data yet"
        number = plain_number(value)
        if self.unit == self.Unit.PERCENTAGE:
            return f"{number}%"
        if self.unit in (self.Unit.COUNT, self.Unit.SCORE):
            return number
        return f"{number} {self._unit_word(value)}"


def plain_number(value):
    """12.50 -> "12.5", 120.00 -> "120", -0.40 -> "-0.4"."""
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value + 0:f}"  # + 0 turns -0 into 0
    return str(value)


def measure_of(row):
    """A milestone's or measurement's measure, or None when it has none yet.

    The measure may be unsaved (the spreadsheet import checks figures against the
    measure as the file will leave it), so the id alone does not tell.
    """
    try:
        return row.measure
    except ObjectDoesNotExist:
        return None


def check_on_measure(row, date_field, date_rule):
    """A milestone's or figure's `value` must make sense in its measure's unit, and
    `date_rule` (a SuccessMeasure method) must accept its date: errors by field."""
    errors = {}
    measure = measure_of(row)
    if measure is not None:
        try:
            measure.clean_value(row.value)
        except ValidationError as error:
            errors["value"] = error.error_list
        try:
            date_rule(measure, getattr(row, date_field))
        except ValidationError as error:
            errors[date_field] = error.error_list
    if errors:
        raise ValidationError(errors)


# The ceiling on a figure's note: the plan forms' one for long text
# (workspace.forms.plan.LONG_TEXT_MAX), well inside a spreadsheet cell (32,767), so
# every note can be exported.
NOTE_MAX_LENGTH = 20_000


class PlainMaxLengthValidator(MaxLengthValidator):
    """Django's length check, saying what is too long in plain English:
    "The note must be 20,000 characters or fewer (it has 100,000)."

    A check rather than max_length, which a browser enforces by cutting a long
    paste short without a word.
    """

    def __init__(self, limit_value, subject):
        super().__init__(limit_value)
        self.subject = subject

    def __call__(self, value):
        length = self.clean(value)
        if self.compare(length, self.limit_value):
            raise ValidationError(
                f"{self.subject} must be {self.limit_value:,} characters or fewer "
                f"(it has {length:,}).",
                code="max_length",
                # For a form's own message in place of this one.
                params={"limit_value": self.limit_value, "show_value": length, "value": value},
            )

    def __eq__(self, other):
        return super().__eq__(other) and self.subject == other.subject


class Milestone(models.Model):
    """An interim value the measure should reach by a date: its trajectory."""

    measure = models.ForeignKey(SuccessMeasure, on_delete=models.CASCADE, related_name="milestones")
    due_on = models.DateField()
    value = models.DecimalField(max_digits=12, decimal_places=2)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "due_on"],
                name="milestone_unique_per_measure_and_date",
                violation_error_message="This measure already has a milestone on this date.",
            ),
        ]

    def __str__(self):
        measure = self.measure
        return f"{measure.reference} by {self.due_on:%-d %B %Y}: {measure.format_value(self.value)}"

    def clean(self):
        """The value suits its measure's unit, and the date lies on its trajectory."""
        check_on_measure(self, "due_on", SuccessMeasure.clean_milestone_date)


class Measurement(models.Model):
    """A value of a measure for a period, as recorded by an officer."""

    measure = models.ForeignKey(
        SuccessMeasure, on_delete=models.CASCADE, related_name="measurements"
    )
    measured_on = models.DateField(help_text="The end of the period the value is for.")
    value = models.DecimalField(max_digits=12, decimal_places=2)
    note = models.TextField(
        blank=True, validators=[PlainMaxLengthValidator(NOTE_MAX_LENGTH, "The note")]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measurements_recorded",
    )
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["measure", "measured_on"]
        get_latest_by = "measured_on"
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "measured_on"],
                name="measurement_unique_per_measure_and_date",
                violation_error_message="This measure already has a value for this date.",
            ),
        ]

    def __str__(self):
        measure = self.measure
        return (
            f"{measure.reference} on {self.measured_on:%-d %B %Y}: "
            f"{measure.format_value(self.value)}"
        )

    def clean(self):
        """The figure suits its measure's unit, and its date is one the measure can have.

        Uniqueness of the date is the constraint's; forms that leave `measure` out
        check it themselves.
        """
        check_on_measure(self, "measured_on", SuccessMeasure.clean_figure_date)
