"""Progress against a weakness in a real browser: the public page families read, the
internal page a revisit is prepared from, and writing the summary, at 1280px and 320px."""

import pytest

from .conftest import assert_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
SUMMARY = (
    "Health and the council now plan support together. Two actions are late: "
    "the new advisers start in September."
)


def busiest_weakness(statement):
    """The weakness with the most to show: revised dates and measures."""
    return (
        statement.weaknesses.filter(actions__revised_due_date__isnull=False)
        .distinct()
        .order_by("number")
        .first()
        or statement.weaknesses.order_by("number").first()
    )


def test_a_manager_writes_the_summary_and_families_read_it(page, live_server, demo):
    weakness = busiest_weakness(demo)
    progress = f"/manage/weaknesses/{weakness.pk}/progress/"
    sign_in(page, live_server, "manager", progress)
    assert_accessible(page, "weakness-progress-internal-empty")

    page.get_by_role("link", name="Write the summary").click()
    assert_accessible(page, "weakness-summary-form")

    # Nothing typed: the GOV.UK error summary, and nothing saved.
    page.get_by_role("button", name="Save summary").click()
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "weakness-summary-error")

    page.get_by_label("Summary of progress, in plain English").fill(
        "We will utilise a robust pathway going forward."
    )
    page.get_by_role("button", name="Check the wording").click()
    assert page.get_by_text("Families may find this hard to read").is_visible()
    assert_accessible(page, "weakness-summary-hints")

    page.get_by_label("Summary of progress, in plain English").fill(SUMMARY)
    page.get_by_role("button", name="Save summary").click()
    page.wait_for_url(live_server.url + progress)
    assert page.get_by_text(SUMMARY).is_visible()
    assert_accessible(page, "weakness-progress-internal")

    page.goto(live_server.url + weakness.get_absolute_url())
    assert page.get_by_text(SUMMARY).is_visible()


def test_the_public_progress_page_is_accessible_when_signed_out(page, live_server, demo):
    weakness = busiest_weakness(demo)
    type(weakness).objects.filter(pk=weakness.pk).update(progress_summary=SUMMARY)
    page.goto(live_server.url + weakness.get_absolute_url())
    assert page.get_by_text(SUMMARY).is_visible()
    assert page.get_by_role("heading", name="Dates that have changed").is_visible()
    assert_accessible(page, "weakness-progress-public")


def test_a_parent_representative_reads_the_internal_page(page, live_server, demo):
    weakness = busiest_weakness(demo)
    sign_in(page, live_server, "parent", f"/review/statements/{demo.pk}/")
    page.locator(f'a[href="/manage/weaknesses/{weakness.pk}/progress/"]').click()
    assert (
        page.get_by_role("heading", level=1)
        .inner_text()
        .startswith(f"Progress against weakness {weakness.number}")
    )
    assert page.get_by_role("link", name="Write the summary").count() == 0
    assert_accessible(page, "weakness-progress-parent")


def test_the_internal_page_prints_without_the_menus(page, live_server, demo):
    weakness = busiest_weakness(demo)
    sign_in(page, live_server, "manager", f"/manage/weaknesses/{weakness.pk}/progress/")
    page.emulate_media(media="print")
    assert not page.locator(".govuk-service-navigation").is_visible()
    assert not page.locator(".govuk-footer").is_visible()
    assert page.get_by_role("heading", name="Revised dates").is_visible()
