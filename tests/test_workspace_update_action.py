"""Officers update an action in one form; every save appends a ProgressUpdate."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.models import Action, ProgressUpdate

from .factories import ActionFactory

pytestmark = pytest.mark.django_db


def url(action):
    return f"/manage/actions/{action.pk}/update/"


def post(client, action, **data):
    data.setdefault("version", action.version)
    return client.post(url(action), data)


@pytest.fixture
def signed_in(client, officer):
    client.force_login(officer)
    return client


def test_an_owner_updates_their_action_and_the_public_page_shows_the_summary(signed_in, action):
    response = post(
        signed_in,
        action,
        status="in_progress",
        confidence="at_risk",
        public_summary="Two advisers have started.",
        narrative="Internal: panel met on Monday.",
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.confidence, action.version) == ("in_progress", "at_risk", 2)
    update = ProgressUpdate.objects.get(action=action)
    assert update.narrative == "Internal: panel met on Monday."
    public = signed_in.get(action.get_absolute_url()).content.decode()
    assert "Two advisers have started." in public
    assert "panel met on Monday" not in public


def test_in_progress_needs_a_delivery_confidence(signed_in, action):
    response = post(signed_in, action, status="in_progress")
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Select how confident you are" in page
    assert not ProgressUpdate.objects.exists()


def test_complete_needs_a_completion_date_not_in_the_future(signed_in, action):
    response = post(signed_in, action, status="complete", completed_on="2999-01-01")
    assert "cannot be in the future" in response.content.decode()
    response = post(signed_in, action, status="complete")
    assert "Enter the date the action was completed" in response.content.decode()
    action.refresh_from_db()
    assert action.status == Action.Status.NOT_STARTED


def move_due_date(client, action, day, reason="Recruitment took longer than planned."):
    return post(
        client,
        action,
        status="not_started",
        revised_due_date=day.isoformat(),
        revision_reason=reason,
    )


def test_a_new_due_date_needs_a_reason_and_must_be_later(signed_in, action):
    next_year = timezone.localdate() + datetime.timedelta(days=365)
    page = move_due_date(signed_in, action, next_year, reason="").content.decode()
    assert "Say why the due date has changed" in page
    page = move_due_date(signed_in, action, datetime.date(2018, 1, 1)).content.decode()
    assert "must be after the original due date" in page
    assert move_due_date(signed_in, action, next_year).status_code == 302
    action.refresh_from_db()
    assert action.revised_due_date == next_year


def test_a_new_due_date_cannot_be_in_the_past(signed_in, action):
    """It would be published as the plan, and be overdue the moment it is."""
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    response = move_due_date(signed_in, action, yesterday)
    assert response.context["form"].errors == {
        "revised_due_date": ["The new due date cannot be in the past."]
    }
    assert not ProgressUpdate.objects.exists()
    action.refresh_from_db()
    assert action.revised_due_date is None


def test_the_published_reason_changes_only_with_the_due_date(signed_in, action):
    """Changing the reason alone was thrown away without a word: it now says why."""
    action.revised_due_date = timezone.localdate() + datetime.timedelta(days=90)
    action.revision_reason = "Recruitment took longer than planned."
    action.save()

    def save(reason):
        return post(
            signed_in,
            action,
            status="not_started",
            revised_due_date=action.revised_due_date.isoformat(),
            revision_reason=reason,
            public_summary="Interviews are next week.",
        )

    response = save("Recruitment took longer than we planned.")
    assert response.context["form"].errors == {
        "revision_reason": [
            "The reason can only change with the due date. Give a new due date, "
            "or leave the reason as it was."
        ]
    }
    assert not ProgressUpdate.objects.exists()
    assert save("Recruitment took longer than planned.").status_code == 302  # as it was


def test_checking_the_wording_saves_nothing_and_shows_hints(signed_in, action):
    response = post(
        signed_in,
        action,
        status="in_progress",
        confidence="on_track",
        public_summary="We will utilise the JSNA going forward.",
        preview="1",
    )
    page = response.content.decode()
    assert "Families may find this hard to read" in page
    assert "JSNA" in page
    assert not ProgressUpdate.objects.exists()


def test_an_officer_cannot_update_someone_elses_action(signed_in):
    other = ActionFactory()
    assert signed_in.get(url(other)).status_code == 403
    assert post(signed_in, other, status="complete", completed_on="2019-01-01").status_code == 403
    other.refresh_from_db()
    assert other.status == Action.Status.NOT_STARTED


def test_a_parent_representative_cannot_open_the_update_form(client, parent, action):
    client.force_login(parent)
    assert client.get(url(action)).status_code == 403


def test_the_public_is_sent_to_sign_in(client, action):
    response = client.get(url(action))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_evidence_file_is_stored_privately_and_served_only_to_signed_in_readers(
    signed_in, action, private_media
):
    pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    response = signed_in.post(
        url(action),
        {
            "status": "not_started",
            "narrative": "Minutes attached",
            "evidence_file": pdf,
            "version": action.version,
        },
    )
    assert response.status_code == 302
    update = ProgressUpdate.objects.get(action=action)
    download = signed_in.get(f"/manage/evidence/{update.pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 minutes"
    assert "attachment" in download["Content-Disposition"]
    signed_in.logout()
    assert signed_in.get(f"/manage/evidence/{update.pk}/").status_code == 302
    assert (
        "/media/" not in update.evidence_file.url if hasattr(update.evidence_file, "url") else True
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ...", "must be a PDF"),
        ("fake.pdf", b"<html>not a pdf</html>", "does not match its name"),
        ("big.txt", b"a" * (10 * 1024 * 1024 + 1), "smaller than"),
    ],
)
def test_evidence_files_are_checked_for_type_and_size(signed_in, action, name, content, message):
    response = signed_in.post(
        url(action),
        {
            "status": "not_started",
            "narrative": "Evidence",
            "evidence_file": SimpleUploadedFile(name, content),
            "version": action.version,
        },
    )
    assert message in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_two_officers_editing_at_once_never_lose_an_update(client, officer, lead, action):
    from django.test import Client

    owner_session, lead_session = client, Client()
    owner_session.force_login(officer)
    lead_session.force_login(lead)
    opened_version = action.version  # both open the form now
    first = post(
        lead_session,
        action,
        status="in_progress",
        confidence="at_risk",
        public_summary="Summary from the lead",
        version=opened_version,
    )
    assert first.status_code == 302
    second = post(
        owner_session,
        action,
        status="complete",
        completed_on="2019-01-31",
        public_summary="Summary from the owner",
        version=opened_version,
    )
    page = second.content.decode()
    assert second.status_code == 409
    assert "Someone else updated this action" in page
    assert "Summary from the lead" in page  # what changed is shown
    assert "Summary from the owner" in page  # and the owner's words are kept in the form
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS  # nothing was overwritten
    assert ProgressUpdate.objects.filter(action=action).count() == 1
    # Re-applying from the conflict page saves on top, knowingly.
    again = post(
        owner_session,
        action,
        status="complete",
        completed_on="2019-01-31",
        public_summary="Summary from the owner",
        version=action.version,
    )
    assert again.status_code == 302
    assert ProgressUpdate.objects.filter(action=action).count() == 2


def test_state_changes_are_post_only(signed_in, action):
    assert signed_in.put(url(action)).status_code == 405
    assert signed_in.delete(url(action)).status_code == 405


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    data=st.fixed_dictionaries(
        {
            "status": st.one_of(
                st.sampled_from(["not_started", "in_progress", "complete"]), st.text(max_size=20)
            ),
            "confidence": st.one_of(
                st.sampled_from(["", "on_track", "at_risk", "off_track"]), st.text(max_size=20)
            ),
            "public_summary": st.text(max_size=3000),
            "narrative": st.text(max_size=500),
            "evidence_link": st.text(max_size=600),
            "revised_due_date": st.one_of(st.dates().map(str), st.text(max_size=15)),
            "revision_reason": st.text(max_size=100),
            "completed_on": st.one_of(st.dates().map(str), st.text(max_size=15)),
            "version": st.one_of(st.integers(-5, 5).map(str), st.text(max_size=5)),
        }
    )
)
def test_no_input_gives_a_server_error(signed_in, action, data):
    data = {key: value.replace("\x00", "") for key, value in data.items()}
    before = ProgressUpdate.objects.count()
    response = signed_in.post(url(action), data)
    assert response.status_code in (200, 302, 409)
    if response.status_code != 302:
        assert ProgressUpdate.objects.count() == before


CHOOSE_AGAIN = (
    "Choose your evidence file (<bdi>minutes.pdf</bdi>) again: browsers do not keep files "
    "between pages, so it has not been saved."
)


@pytest.mark.parametrize(
    "posted",
    [
        {"preview": "1", "status": "in_progress", "confidence": "at_risk"},
        {"status": "complete"},  # no completion date: an error
    ],
    ids=["checking the wording", "an error"],
)
def test_a_form_that_comes_back_asks_for_the_evidence_file_again(signed_in, action, posted):
    pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    response = signed_in.post(
        url(action), {"evidence_file": pdf, "version": action.version, **posted}
    )
    assert response.status_code == 200
    assert CHOOSE_AGAIN in response.content.decode()
    assert not ProgressUpdate.objects.filter(action=action).exists()


def test_a_refused_evidence_file_is_not_asked_for_again(signed_in, action):
    response = signed_in.post(
        url(action),
        {
            "status": "in_progress",
            "confidence": "on_track",
            "evidence_file": SimpleUploadedFile("minutes.exe", b"MZ"),
            "version": action.version,
        },
    )
    assert response.context["form"].has_error("evidence_file")
    assert "Choose your evidence file" not in response.content.decode()


def test_a_conflict_asks_for_the_evidence_file_again(client, officer, lead, action):
    from django.test import Client

    lead_session = Client()
    lead_session.force_login(lead)
    client.force_login(officer)
    opened_version = action.version
    first = post(
        lead_session, action, status="in_progress", confidence="at_risk", version=opened_version
    )
    assert first.status_code == 302
    pdf = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    second = client.post(
        url(action),
        {
            "status": "not_started",
            "narrative": "Minutes attached",
            "evidence_file": pdf,
            "version": opened_version,
        },
    )
    assert second.status_code == 409
    page = second.content.decode()
    assert CHOOSE_AGAIN in page
    assert "Minutes attached" in page


@pytest.mark.parametrize(
    ("revised", "due"),
    [("", "31 March 2019"), ("2099-06-30", None)],
    ids=["no new date", "a new date to come"],
)
def test_an_action_past_its_due_date_is_on_track_only_with_a_new_date(
    signed_in, action, revised, due
):
    # Due on 31 March 2019, long gone.
    data = {"status": "in_progress", "confidence": "on_track", "revised_due_date": revised}
    if revised:
        data["revision_reason"] = "The panel moved."
    response = post(signed_in, action, **data)
    if due is None:
        assert response.status_code == 302
        action.refresh_from_db()
        assert action.confidence == "on_track"
        return
    assert response.context["form"].errors == {
        "confidence": [
            f"This action was due on {due}, so it cannot be on track. "
            "Choose at risk or off track, or give a new due date below."
        ]
    }
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    "shown",
    [("", ""), ("2099-01-31", "Recruitment took longer than planned.")],
    ids=["no revision before", "an earlier revision"],
)
def test_a_due_date_someone_else_changed_is_a_conflict_and_is_kept(
    client, officer, lead, action, shown
):
    """The lead moves the due date while the owner's form is open. The owner, who only
    wrote a summary, was told "The reason can only change with the due date" on every
    try. They now get the conflict page, and saving from it keeps the lead's date."""
    from django.test import Client

    shown_date, shown_reason = shown
    if shown_date:
        action.revised_due_date = datetime.date.fromisoformat(shown_date)
        action.revision_reason = shown_reason
        action.save()
    opened = action.version
    lead_session = Client()
    lead_session.force_login(lead)
    moved = post(
        lead_session,
        action,
        status="in_progress",
        confidence="at_risk",
        revised_due_date="2099-06-30",
        revision_reason="The contract starts later.",
        version=opened,
    )
    assert moved.status_code == 302
    client.force_login(officer)
    # What the owner's browser sends: every field as their form showed it.
    as_shown = {
        "status": "not_started",
        "public_summary": "Interviews are next week.",
        "revised_due_date": shown_date,
        "revision_reason": shown_reason,
    }
    conflict = post(client, action, version=opened, **as_shown)
    assert conflict.status_code == 409
    retry = conflict.context["form"]
    assert retry.errors == {}
    assert retry["revised_due_date"].value() == "2099-06-30"
    assert retry["revision_reason"].value() == "The contract starts later."
    assert "Interviews are next week." in conflict.content.decode()
    action.refresh_from_db()
    saved = post(
        client,
        action,
        version=action.version,
        **{
            **as_shown,
            "revised_due_date": "2099-06-30",
            "revision_reason": "The contract starts later.",
        },
    )
    assert saved.status_code == 302
    action.refresh_from_db()
    assert action.revised_due_date == datetime.date(2099, 6, 30)
    assert action.revision_reason == "The contract starts later."
    assert action.updates.latest("created_at").public_summary == "Interviews are next week."
