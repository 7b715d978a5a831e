"""Tables on programme managers' pages at 320px: each row stacks (app-table--stacked), so
the page never scrolls sideways and no table spills out of the box it sits in."""

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone

from actions.models import Action, Reminder

from .conftest import assert_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Every table's right edge inside the box that holds it, and no cell's content clipped.
# Headers a stacked table hides from sight (and any visually hidden text) are skipped.
SPILLS = """() => {
  const hidden = (el) => el.closest('thead, .govuk-visually-hidden');
  const out = [];
  for (const table of document.querySelectorAll('main table')) {
    const box = table.parentElement.getBoundingClientRect();
    const edge = table.getBoundingClientRect();
    if (edge.right > box.right + 0.5 || edge.right > window.innerWidth + 0.5) {
      out.push(`table ${table.id || table.className} ends at ${edge.right}, box at ${box.right}`);
    }
    for (const cell of table.querySelectorAll('th, td')) {
      if (hidden(cell)) continue;
      const right = cell.getBoundingClientRect().right;
      if (cell.scrollWidth > cell.clientWidth + 1 || right > window.innerWidth + 0.5) {
        out.push(`cell "${cell.textContent.trim().slice(0, 30)}" is ${cell.scrollWidth}px wide`);
      }
    }
  }
  return out;
}"""


@pytest.fixture
def narrow(browser):
    context = browser.new_context(viewport={"width": 320, "height": 900})
    page = context.new_page()
    page.width_name = "mobile"
    yield page
    context.close()


def assert_fits(page, name):
    assert page.evaluate(SPILLS) == [], name
    assert_accessible(page, name)


def test_reminders_history_and_a_statement_fit_a_320px_screen(narrow, live_server, demo):
    # A reminder that could not be sent, so the "Latest emails" table shows too.
    officer = get_user_model().objects.get(username="officer")
    Reminder.objects.create(
        user=officer,
        kind=Reminder.Kind.OWNER,
        statement=demo,
        sent_on=timezone.localdate(),
        item_count=3,
        to_email=officer.email or "officer@example.org",
        subject="Your actions",
        body_text="-",
        body_html="-",
        gave_up_at=timezone.now(),
        # One long unbroken word, as mail servers write them: it must wrap, not widen the page.
        last_error="SMTPRecipientsRefused:officer@example.org/550_5.1.1_mailbox_unavailable"
        "_at_smtp.example.org",
    )
    busiest = (
        Action.history.filter(statement_id=demo.pk)
        .values("id")
        .annotate(versions=Count("history_id"))
        .order_by("-versions", "id")
        .first()["id"]
    )

    sign_in(narrow, live_server, "manager", "/manage/reminders/")
    assert narrow.locator("#owners").is_visible()
    assert narrow.locator("#recent").is_visible()
    assert_fits(narrow, "narrow-reminders")

    narrow.goto(f"{live_server.url}/manage/history/action/{busiest}/")
    after = narrow.locator("td[data-label='After']").first
    assert after.evaluate("cell => getComputedStyle(cell, '::before').content") == '"After: "'
    assert_fits(narrow, "narrow-history-action")

    narrow.goto(f"{live_server.url}/manage/plan/statements/{demo.pk}/")
    assert narrow.locator("#weaknesses").is_visible()
    assert_fits(narrow, "narrow-statement-detail")


def test_an_import_preview_fits_a_320px_screen(narrow, live_server, demo, settings, tmp_path):
    from actions.spreadsheet.writer import statement_workbook

    from ..spreadsheet_builders import edited

    settings.STORAGES = {
        **settings.STORAGES,
        "evidence": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": None},
        },
    }
    path = tmp_path / "edited.xlsx"
    first = demo.actions.order_by("pk").first()
    path.write_bytes(
        edited(
            statement_workbook(demo),
            {("actions", first.reference, "title"): "A title changed in the spreadsheet"},
        )
    )
    sign_in(narrow, live_server, "manager", "/manage/import/")
    narrow.set_input_files("input[type=file]", str(path))
    narrow.get_by_role("button", name="Upload and check").click()
    narrow.wait_for_url("**/manage/import/*/")
    assert narrow.locator("td[data-label='Change']").first.is_visible()
    assert "Actions" in narrow.locator("#change ~ table").first.inner_text()
    assert_fits(narrow, "narrow-import-preview")
