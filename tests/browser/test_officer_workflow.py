"""An officer signs in, updates an action, and families see it: in a real browser."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model

from actions.coproduction import post_comment
from actions.models import Action
from workstreams.models import Measurement, SuccessMeasure

from .conftest import assert_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_officer_updates_an_action_and_the_public_page_shows_it(page, live_server, demo):
    action = (
        Action.objects.filter(owner__user__username="officer").exclude(status="complete").first()
    )
    page.goto(live_server.url + "/accounts/login/")
    assert_accessible(page, "sign-in")

    sign_in(page, live_server, "officer")
    assert_accessible(page, "dashboard")

    page.goto(live_server.url + f"/manage/actions/{action.pk}/update/")
    assert_accessible(page, "update-action")
    page.get_by_role("radio", name="In progress", exact=True).check()
    page.get_by_role("radio", name="At risk", exact=True).check()
    page.get_by_label("Summary for families").fill(
        "Browser test: the new panel met for the first time."
    )
    page.get_by_role("button", name="Save update").click()
    page.wait_for_url(live_server.url + "/manage/")
    assert "updated" in page.locator(".govuk-notification-banner").inner_text()
    # The dashboard seen before the update was kept; this one is built afresh.
    latest = page.locator("#section-recent tbody tr").first.inner_text()
    assert action.reference in latest
    assert "At risk" in latest

    page.goto(live_server.url + action.get_absolute_url())
    assert "Browser test: the new panel met for the first time." in page.content()


def test_form_errors_are_summarised_and_linked_to_their_fields(page, live_server, demo):
    action = Action.objects.filter(owner__user__username="officer").first()
    sign_in(page, live_server, "officer")
    page.goto(live_server.url + f"/manage/actions/{action.pk}/update/")
    page.get_by_role("radio", name="Complete", exact=True).check()
    page.get_by_role("button", name="Save update").click()
    summary = page.locator(".govuk-error-summary")
    assert "Enter the date the action was completed" in summary.inner_text()
    assert_accessible(page, "update-action-errors")
    summary.get_by_role("link", name="Enter the date the action was completed").click()
    assert page.evaluate("document.activeElement.id") == "id_completed_on"


def test_live_plain_english_hints_appear_as_the_officer_types(page, live_server, demo):
    action = Action.objects.filter(owner__user__username="officer").first()
    sign_in(page, live_server, "officer")
    page.goto(live_server.url + f"/manage/actions/{action.pk}/update/")
    page.get_by_label("Summary for families").fill("We will utilise the new funding going forward.")
    hints = page.locator("#plain-english-hints")
    hints.get_by_text("instead of “utilise”").wait_for()
    assert_accessible(page, "update-action-hints")


def test_recording_a_figure_is_accessible(page, live_server, demo):
    measure = SuccessMeasure.objects.filter(owner__user__username="officer").first()
    sign_in(page, live_server, "officer")
    page.goto(live_server.url + f"/manage/measures/{measure.pk}/record/")
    assert_accessible(page, "record-figure")
    page.get_by_role("button", name="Record figure").click()
    assert_accessible(page, "record-figure-errors")


def test_correcting_a_figure_is_accessible(page, live_server, demo):
    measure = (
        SuccessMeasure.objects.filter(owner__user__username="officer", measurements__isnull=False)
        .distinct()
        .first()
    )
    figure = measure.measurements.order_by("-measured_on").first()
    sign_in(page, live_server, "officer")
    page.goto(live_server.url + f"/manage/measures/{measure.pk}/record/")
    page.get_by_role("link", name=f"Change the figure for {figure.measured_on:%-d %B %Y}").click()
    page.wait_for_url(live_server.url + f"/manage/measures/figures/{figure.pk}/change/")
    assert_accessible(page, "correct-figure")
    # Someone else corrects it meanwhile.
    Measurement.objects.filter(pk=figure.pk).update(value=figure.value + 1)
    page.get_by_label("Figure", exact=True).fill("")
    page.get_by_role("button", name="Save correction").click()
    assert_accessible(page, "correct-figure-errors")
    page.get_by_label("Figure", exact=True).fill(str(figure.value + 2))
    page.get_by_label("Note (optional)").fill("x" * 20_001)
    page.get_by_role("button", name="Save correction").click()
    assert "(it has 20,001)" in page.content()
    page.get_by_label("Note (optional)").fill("Checked again.")
    page.get_by_role("button", name="Save correction").click()
    assert "Their version, as saved now" in page.content()
    assert_accessible(page, "correct-figure-conflict")
    page.get_by_role("button", name="Save correction").click()
    page.wait_for_url(live_server.url + f"/manage/measures/{measure.pk}/record/")
    assert "corrected to" in page.locator(".govuk-notification-banner").inner_text()
    figure.refresh_from_db()
    assert figure.note == "Checked again."
    assert_accessible(page, "record-figure-with-change-links")


def test_a_whole_dashboard_section_is_paged_and_accessible(page, live_server, demo):
    import datetime
    import re

    from tests.factories import ActionFactory

    statement = Action.objects.first().statement
    late = datetime.date.today() - datetime.timedelta(days=30)
    for number in range(60):
        ActionFactory(
            statement=statement,
            workstream=statement.workstreams.first(),
            reference=f"9.{number + 1}",
            due_date=late,
            weaknesses=list(statement.weaknesses.all()[:1]),
        )
    sign_in(page, live_server, "manager")
    page.get_by_role("link", name=re.compile("^See all .* in “Overdue”$")).click()
    page.wait_for_url("**/manage/?section=overdue")
    assert page.get_by_role("heading", level=1).inner_text() == "Overdue"
    assert_accessible(page, "dashboard-section")
    page.get_by_role("link", name="Next page").click()
    page.wait_for_url("**/manage/?section=overdue&page=2")
    assert_accessible(page, "dashboard-section-page-2")


def test_filtering_the_dashboard_with_two_statements_is_clear_and_accessible(
    page, live_server, demo
):
    from tests.factories import ActionFactory, StatementFactory, WorkstreamFactory

    second = StatementFactory(title="Sutton 2023 refresh", draft=True)
    ActionFactory(
        statement=second,
        workstream=WorkstreamFactory(statement=second, number=1, name="Information"),
        reference="1.1",
        status=Action.Status.COMPLETE,
        start_date=datetime.date(2024, 1, 8),
        due_date=datetime.date(2024, 7, 31),
        completed_on=datetime.date(2024, 6, 28),
    )
    sign_in(page, live_server, "manager")
    page.get_by_text("Filter actions").click()
    page.get_by_label("Status").select_option(label="Complete")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/manage/?*status=complete*")
    table = page.get_by_role("table", name=re.compile("^Actions that match your filters"))
    assert demo.title in table.inner_text()  # each row says which statement it is from
    assert_accessible(page, "dashboard-filtered")


def test_a_comment_waiting_for_the_officers_answer_is_on_their_dashboard(page, live_server, demo):
    action = Action.objects.filter(owner__user__username="officer").first()
    post_comment(action, get_user_model().objects.get(username="parent"), "When does it start?")
    sign_in(page, live_server, "officer")
    banner = page.get_by_role("region", name="Important")
    assert "1 comment is waiting for your answer." in banner.inner_text()
    assert_accessible(page, "dashboard-comment-waiting")
    banner.get_by_role("link", name="Read and answer it").click()
    assert "When does it start?" in page.locator("#awaiting").inner_text()
