"""Officers record figures for the measures they own, checked against the unit."""

import datetime
import html
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import timezone

from workspace.forms.concurrency import CONFLICT_MESSAGE
from workspace.forms.measurement import MeasurementForm
from workspace.forms.plan import LONG_TEXT_MAX
from workstreams.models import Measurement, Statement, SuccessMeasure

from .factories import MeasurementFactory, OfficerFactory, OwnerFactory, SuccessMeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def measure(officer):
    return SuccessMeasureFactory(
        owner=OwnerFactory(user=officer),
        unit=SuccessMeasure.Unit.PERCENTAGE,
        direction=SuccessMeasure.Direction.HIGHER_IS_BETTER,
        baseline_value=Decimal("40"),
        target_value=Decimal("80"),
    )


def url(measure):
    return f"/manage/measures/{measure.pk}/record/"


def change_url(measurement):
    return f"/manage/measures/figures/{measurement.pk}/change/"


def assert_error(page, field, message):
    """`message` is in the error summary, linked to the field, and next to the field."""
    assert "There is a problem" in page
    assert f'<a href="#id_{field}">{html.escape(message)}</a>' in page
    assert (
        f'<p class="govuk-error-message" id="id_{field}_error">'
        f'<span class="govuk-visually-hidden">Error:</span> {html.escape(message)}'
    ) in page


def test_an_owner_records_a_figure_with_who_and_when(client, officer, measure):
    client.force_login(officer)
    response = client.post(url(measure), {"measured_on": "2019-03-31", "value": "55.5"})
    assert response.status_code == 302
    measurement = Measurement.objects.get(measure=measure)
    assert measurement.value == Decimal("55.5")
    assert measurement.recorded_by == officer
    assert measurement.history.latest().history_user == officer


@pytest.mark.parametrize("typed", ["45%", " 45 % ", "45"])
def test_a_percentage_may_be_typed_with_its_sign(client, officer, measure, typed):
    client.force_login(officer)
    response = client.post(url(measure), {"measured_on": "2019-03-31", "value": typed})
    assert response.status_code == 302
    assert Measurement.objects.get(measure=measure).value == Decimal("45")


def test_only_a_percentage_takes_the_sign(client, officer, measure):
    measure.unit = SuccessMeasure.Unit.COUNT
    measure.save()
    client.force_login(officer)
    response = client.post(url(measure), {"measured_on": "2019-03-31", "value": "45%"})
    assert "The figure must be a number" in response.content.decode()
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("101", "between 0 and 100"),
        ("101%", "between 0 and 100"),
        ("%", "Enter the figure."),
        ("-1", "0 or more"),
        ("lots", "The figure must be a number"),
        ("", "Enter the figure."),
        ("12.345", "no more than 2 decimal places"),
        ("12345678901", "no more than 10 digits before the decimal point"),
    ],
)
def test_figures_are_checked_against_the_unit(client, officer, measure, value, message):
    client.force_login(officer)
    response = client.post(url(measure), {"measured_on": "2019-03-31", "value": value})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert not Measurement.objects.exists()


def test_one_figure_per_date(client, officer, measure):
    MeasurementFactory(measure=measure, measured_on=datetime.date(2019, 3, 31), value=50)
    client.force_login(officer)
    page = client.post(url(measure), {"measured_on": "2019-03-31", "value": "60"}).content
    assert b"already a figure for 31 March 2019" in page
    assert measure.measurements.count() == 1


def test_a_figure_cannot_be_for_a_future_date(client, officer, measure):
    client.force_login(officer)
    page = client.post(url(measure), {"measured_on": "2999-01-01", "value": "60"}).content
    assert b"cannot be in the future" in page


def test_officers_cannot_record_figures_for_measures_they_do_not_own(client, officer):
    client.force_login(officer)
    assert client.get(url(SuccessMeasureFactory())).status_code == 403


def test_a_programme_manager_records_figures_for_any_measure(client, manager):
    client.force_login(manager)
    measure = SuccessMeasureFactory()
    response = client.post(url(measure), {"measured_on": "2019-03-31", "value": "100"})
    assert response.status_code == 302


# The date: not before the starting value, not in the future ------------------------


def test_a_figure_cannot_be_for_a_date_before_the_starting_value(client, officer, measure):
    measure.baseline_date = datetime.date(2018, 9, 1)
    measure.save()
    client.force_login(officer)
    response = client.post(url(measure), {"measured_on": "1066-10-14", "value": "60"})
    assert response.status_code == 200
    assert_error(
        response.content.decode(),
        "measured_on",
        "The date must be on or after 1 September 2018, the date of the starting value.",
    )
    assert not Measurement.objects.exists()


def test_a_figure_may_be_for_the_day_of_the_starting_value(client, officer, measure):
    client.force_login(officer)
    day = measure.baseline_date.isoformat()
    assert client.post(url(measure), {"measured_on": day, "value": "60"}).status_code == 302
    assert measure.measurements.get().measured_on == measure.baseline_date


def test_the_date_picker_offers_only_the_days_accepted(client, officer, measure):
    client.force_login(officer)
    page = client.get(url(measure)).content.decode()
    assert f'min="{measure.baseline_date.isoformat()}"' in page
    assert f'max="{timezone.localdate().isoformat()}"' in page


def test_the_future_is_still_refused_with_the_message_next_to_the_date(client, officer, measure):
    client.force_login(officer)
    page = client.post(url(measure), {"measured_on": "2999-01-01", "value": "60"})
    assert_error(page.content.decode(), "measured_on", "The date cannot be in the future.")
    assert not Measurement.objects.exists()


# Messages that say what to do ---------------------------------------------------


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"measured_on": "", "value": "60"}, "measured_on", "Enter the date the figure is for."),
        (
            {"measured_on": "2019-02-30", "value": "60"},
            "measured_on",
            "The date the figure is for must be a real date.",
        ),
        ({"measured_on": "2019-03-31", "value": ""}, "value", "Enter the figure."),
        (
            {"measured_on": "2019-03-31", "value": "lots"},
            "value",
            "The figure must be a number, such as 42 or 12.5.",
        ),
        (
            {"measured_on": "2019-03-31", "value": "101"},
            "value",
            "Enter a percentage between 0 and 100.",
        ),
    ],
)
def test_each_field_says_what_is_wrong_in_the_summary_and_beside_it(
    client, officer, measure, data, field, message
):
    client.force_login(officer)
    page = client.post(url(measure), data).content.decode()
    assert_error(page, field, message)
    assert "This field is required" not in page
    assert not Measurement.objects.exists()


def test_an_empty_form_names_both_missing_fields(client, officer, measure):
    client.force_login(officer)
    page = client.post(url(measure), {"measured_on": "", "value": "", "note": ""}).content.decode()
    assert_error(page, "measured_on", "Enter the date the figure is for.")
    assert_error(page, "value", "Enter the figure.")
    assert "<title>Error: " in page


# The note has a ceiling ----------------------------------------------------------


def test_a_note_may_be_as_long_as_the_limit(client, officer, measure):
    client.force_login(officer)
    note = "x" * LONG_TEXT_MAX
    data = {"measured_on": "2019-03-31", "value": "55", "note": note}
    assert client.post(url(measure), data).status_code == 302
    assert measure.measurements.get().note == note


def test_a_note_longer_than_the_limit_is_refused_saying_how_long_it_is(client, officer, measure):
    client.force_login(officer)
    data = {"measured_on": "2019-03-31", "value": "55", "note": "x" * 100_000}
    response = client.post(url(measure), data)
    assert response.status_code == 200
    assert_error(
        response.content.decode(),
        "note",
        "The note must be 20,000 characters or fewer (it has 100,000).",
    )
    assert not Measurement.objects.exists()


def test_the_note_hint_says_the_limit(client, officer, measure):
    client.force_login(officer)
    assert "Up to 20,000 characters." in client.get(url(measure)).content.decode()


# Nothing half-saved when two people record at once ---------------------------------


def test_a_figure_saved_by_someone_else_at_the_same_moment_is_not_overwritten(
    client, officer, measure
):
    """The form's own check passed before the other figure was saved: the save still refuses."""
    day = datetime.date(2019, 3, 31)
    MeasurementFactory(measure=measure, measured_on=day, value=50)
    client.force_login(officer)
    with mock.patch.object(
        MeasurementForm, "clean_measured_on", lambda form: form.cleaned_data["measured_on"]
    ):
        response = client.post(url(measure), {"measured_on": "2019-03-31", "value": "60"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    assert measure.measurements.get().value == Decimal("50")


# Correcting a figure -------------------------------------------------------------


@pytest.fixture
def figure(measure, officer):
    return MeasurementFactory(
        measure=measure,
        measured_on=datetime.date(2019, 3, 31),
        value=Decimal("55"),
        note="From the census.",
        recorded_by=officer,
    )


def fingerprint_of(response):
    return response.context["form"]["fingerprint"].value()


def correction(response, **changes):
    """The change form as the browser would post it, with `changes` typed in."""
    form = response.context["form"]
    data = {
        "measured_on": form["measured_on"].value(),
        "value": form["value"].value(),
        "note": form["note"].value(),
        "fingerprint": fingerprint_of(response),
    }
    data["measured_on"] = str(data["measured_on"])
    data["value"] = str(data["value"])
    return {**data, **changes}


def test_the_record_page_lists_the_latest_figures_each_with_a_change_link(client, officer, measure):
    figures = [
        MeasurementFactory(measure=measure, measured_on=datetime.date(2019, 1, 1) + delta)
        for delta in (datetime.timedelta(days=30 * n) for n in range(14))
    ]
    client.force_login(officer)
    page = client.get(url(measure)).content.decode()
    newest_first = sorted(figures, key=lambda m: m.measured_on, reverse=True)
    links = [change_url(m) for m in newest_first]
    for link in links[:12]:
        assert f'href="{link}"' in page
    for link in links[12:]:
        assert f'href="{link}"' not in page
    positions = [page.index(f'href="{link}"') for link in links[:12]]
    assert positions == sorted(positions)
    assert 'Change<span class="govuk-visually-hidden"> the figure for ' in page


def test_the_change_page_shows_the_saved_figure(client, officer, figure):
    client.force_login(officer)
    response = client.get(change_url(figure))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Correct the figure for 31 March 2019" in page
    assert 'value="2019-03-31"' in page
    assert "From the census." in page
    assert 'name="fingerprint"' in page
    assert f'href="{url(figure.measure)}"' in page


def test_an_owner_corrects_a_figure_keeping_the_history(client, officer, figure):
    Statement.objects.update(content_changed_at=timezone.now() - datetime.timedelta(days=30))
    before = Statement.objects.get().content_changed_at
    client.force_login(officer)
    opened = client.get(change_url(figure))
    response = client.post(change_url(figure), correction(opened, value="57.5"))
    assert response.status_code == 302
    assert response["Location"] == url(figure.measure)
    figure.refresh_from_db()
    assert figure.value == Decimal("57.5")
    assert figure.recorded_by == officer  # who first recorded it is kept
    history = figure.history.order_by("history_date")
    assert [h.value for h in history] == [Decimal("55"), Decimal("57.5")]
    assert history.last().history_user == officer
    assert history.last().history_type == "~"
    assert Statement.objects.get().content_changed_at > before
    page = client.get(response["Location"]).content.decode()
    assert "Figure for 31 March 2019 corrected to 57.5% for" in page


def test_a_correction_may_move_the_figure_to_another_date(client, officer, figure):
    client.force_login(officer)
    opened = client.get(change_url(figure))
    response = client.post(change_url(figure), correction(opened, measured_on="2019-04-30"))
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.measured_on == datetime.date(2019, 4, 30)
    assert Measurement.objects.count() == 1


def test_a_correction_keeping_the_same_date_is_not_a_duplicate(client, officer, figure):
    client.force_login(officer)
    opened = client.get(change_url(figure))
    response = client.post(change_url(figure), correction(opened, note="Revised by the census."))
    assert response.status_code == 302
    figure.refresh_from_db()
    assert figure.note == "Revised by the census."


def test_a_correction_cannot_take_another_figures_date(client, officer, figure):
    MeasurementFactory(measure=figure.measure, measured_on=datetime.date(2019, 4, 30), value=70)
    client.force_login(officer)
    opened = client.get(change_url(figure))
    response = client.post(
        change_url(figure), correction(opened, measured_on="2019-04-30", value="60")
    )
    assert response.status_code == 200
    assert_error(
        response.content.decode(),
        "measured_on",
        "There is already a figure for 30 April 2019. Choose another date.",
    )
    figure.refresh_from_db()
    assert (figure.measured_on, figure.value) == (datetime.date(2019, 3, 31), Decimal("55"))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"value": ""}, "value", "Enter the figure."),
        ({"value": "150"}, "value", "Enter a percentage between 0 and 100."),
        ({"measured_on": ""}, "measured_on", "Enter the date the figure is for."),
        (
            {"measured_on": "1066-10-14"},
            "measured_on",
            "The date must be on or after 31 March 2018, the date of the starting value.",
        ),
        ({"measured_on": "2999-01-01"}, "measured_on", "The date cannot be in the future."),
        (
            {"note": "x" * (LONG_TEXT_MAX + 1)},
            "note",
            "The note must be 20,000 characters or fewer (it has 20,001).",
        ),
    ],
)
def test_a_correction_is_checked_like_a_new_figure_and_saves_nothing_when_wrong(
    client, officer, figure, changes, field, message
):
    client.force_login(officer)
    opened = client.get(change_url(figure))
    response = client.post(change_url(figure), correction(opened, **changes))
    page = response.content.decode()
    assert response.status_code == 200
    assert_error(page, field, message)
    assert "Correct the figure for 31 March 2019" in page  # the saved date, not the typed one
    figure.refresh_from_db()
    assert (figure.measured_on, figure.value, figure.note) == (
        datetime.date(2019, 3, 31),
        Decimal("55"),
        "From the census.",
    )
    assert figure.history.count() == 1


def test_an_unchanged_correction_saves_nothing(client, officer, figure):
    client.force_login(officer)
    opened = client.get(change_url(figure))
    response = client.post(change_url(figure), correction(opened, value="55.00"))
    assert response.status_code == 302
    assert figure.history.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "is unchanged: nothing was saved" in page
    # Not a success: the page says it plainly, in the banner for news.
    assert "govuk-notification-banner--success" not in page
    assert '<h2 class="govuk-notification-banner__title" id="message-1">Important</h2>' in page


def test_two_people_correcting_the_same_figure_never_overwrite_each_other(
    client, officer, manager, figure
):
    client.force_login(officer)
    officers_form = client.get(change_url(figure))
    client.force_login(manager)
    managers_form = client.get(change_url(figure))
    assert client.post(change_url(figure), correction(managers_form, value="60")).status_code == 302

    client.force_login(officer)
    response = client.post(change_url(figure), correction(officers_form, value="58"))
    page = response.content.decode()
    assert response.status_code == 200
    assert html.escape(CONFLICT_MESSAGE) in page
    assert "Their version, as saved now" in page
    assert '<a href="#their-version">' in page  # the error summary links to it
    # As figures read, and marked: the officer typed 58.
    assert re.search(
        r">\s*Figure\s*</dt>\s*<dd[^>]*><strong[^>]*>Different from yours</strong><br>60%</dd>",
        page,
    )
    assert 'value="58"' in page  # what the officer typed is kept
    figure.refresh_from_db()
    assert figure.value == Decimal("60")  # the manager's correction stands

    # Having seen the manager's version, the officer saves on top of it knowingly.
    again = client.post(change_url(figure), correction(response, value="58"))
    assert again.status_code == 302
    figure.refresh_from_db()
    assert figure.value == Decimal("58")
    assert [h.history_user for h in figure.history.order_by("history_date")][1:] == [
        manager,
        officer,
    ]


def test_a_programme_manager_corrects_a_figure_for_any_measure(client, manager):
    figure = MeasurementFactory(measured_on=datetime.date(2019, 3, 31), value=100)
    client.force_login(manager)
    opened = client.get(change_url(figure))
    assert client.post(change_url(figure), correction(opened, value="90")).status_code == 302
    figure.refresh_from_db()
    assert figure.value == Decimal("90")
    assert figure.history.latest().history_user == manager


def test_officers_cannot_correct_figures_of_measures_they_do_not_own(client, figure):
    other = OfficerFactory(username="other-officer")
    client.force_login(other)
    assert client.get(change_url(figure)).status_code == 403
    data = {"measured_on": "2019-03-31", "value": "1", "note": ""}
    assert client.post(change_url(figure), data).status_code == 403
    figure.refresh_from_db()
    assert figure.value == Decimal("55")


def test_the_public_and_parents_cannot_open_the_change_page(client, parent, figure):
    assert client.get(change_url(figure)).status_code == 302
    client.force_login(parent)
    assert client.get(change_url(figure)).status_code == 403


def test_figures_of_archived_statements_cannot_be_corrected(client, officer, figure):
    Statement.objects.update(status=Statement.Status.ARCHIVED)
    client.force_login(officer)
    assert client.get(change_url(figure)).status_code == 404


def test_a_figure_that_does_not_exist_is_not_found(client, officer):
    client.force_login(officer)
    assert client.get("/manage/measures/figures/999999/change/").status_code == 404


def test_a_figure_deleted_while_being_corrected_is_not_recreated(client, officer, figure):
    client.force_login(officer)
    opened = client.get(change_url(figure))
    data = correction(opened, value="60")
    Measurement.objects.filter(pk=figure.pk).delete()
    assert client.post(change_url(figure), data).status_code == 404
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("unit", "kind"),
    [
        ("count", "A number."),
        ("percentage", "A percentage."),
        ("days", "A number of days."),
        ("weeks", "A number of weeks."),
        ("score", "A score."),
    ],
)
def test_the_hint_says_what_kind_of_figure_to_enter(unit, kind):
    from workspace.forms.measurement import MeasurementForm

    from .factories import SuccessMeasureFactory

    measure = SuccessMeasureFactory(unit=unit, baseline_value=10, target_value=5)
    assert (
        MeasurementForm(measure=measure)
        .fields["value"]
        .help_text.startswith(f"{kind} The starting point was ")
    )
