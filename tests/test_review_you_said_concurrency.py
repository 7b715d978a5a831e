"""A "you said, we did" form opened before someone else re-worded or withdrew the entry
shows their version and keeps what was typed; it never silently overwrites their
wording or brings back a withdrawn entry. Runs on SQLite and, with
DATABASE_URL=postgres://…, on PostgreSQL (where the last test checks two saves at once).
"""

import re
import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from actions.coproduction import post_comment, publish_you_said, withdraw_you_said
from actions.models import Comment, YouSaidWeDid
from review.forms import YouSaidForm

from .factories import ProgrammeManagerFactory

pytestmark = pytest.mark.django_db

A_SAID, A_DID = "Parents said plans were slow (A).", "We hired caseworkers (A)."
B_SAID, B_DID = "Families said plans took too long (B).", "Plans now take 18 weeks (B)."
CONSENT = "Agreed by email, 3 June 2019"


@pytest.fixture
def thread(parent, officer, action):
    question = post_comment(action, parent, "Why do plans take so long?")
    answer = post_comment(action, officer, "We are hiring.", reply_to=question)
    return question, answer


@pytest.fixture
def other_manager(db):
    return ProgrammeManagerFactory(username="other-manager")


def form_url(comment):
    return f"/review/comments/{comment.pk}/you-said-we-did/"


def open_form(client, comment):
    """Open the form as a manager would; the fingerprint it carries ("" if none)."""
    page = client.get(form_url(comment)).content.decode()
    found = re.search(r'<input type="hidden" name="fingerprint"(?: value="([^"]*)")?', page)
    assert found, "the form carries the concurrency guard"
    return found.group(1) or ""


def post(client, comment, answer, fingerprint, you_said, we_did, **extra):
    data = {
        "you_said": you_said,
        "we_did": we_did,
        "answer": answer.pk,
        "consent": "on",
        "consent_note": CONSENT,
        "fingerprint": fingerprint,
        **extra,
    }
    return client.post(form_url(comment), data)


@pytest.fixture
def published(thread, manager):
    question, answer = thread
    return publish_you_said(
        question, manager, answer=answer, you_said="First", we_did="First", consent_note=CONSENT
    )


def as_user(client_class, user):
    client = client_class()
    client.force_login(user)
    return client


@pytest.fixture
def a_and_b(client, manager, other_manager):
    from django.test import Client

    client.force_login(manager)
    return client, as_user(Client, other_manager)


def test_a_stale_form_shows_the_other_wording_and_keeps_what_was_typed(a_and_b, thread, published):
    question, answer = thread
    a, b = a_and_b
    opened_by_a = open_form(a, question)
    assert post(b, question, answer, open_form(b, question), B_SAID, B_DID).status_code == 302

    response = post(a, question, answer, opened_by_a, A_SAID, A_DID)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this while you were editing" in page
    assert "Their version, as saved now" in page
    assert '<a href="#their-version">' in page  # the error summary links to it
    their_version = page[page.index('id="their-version"') : page.index("Your version</h2>")]
    assert B_SAID in their_version and B_DID in their_version
    your_version = page[page.index("Your version</h2>") :]
    assert A_SAID in your_version and A_DID in your_version  # what A typed is kept
    entry = YouSaidWeDid.objects.get()
    assert (entry.you_said, entry.we_did, entry.is_public) == (B_SAID, B_DID, True)

    # Saving again, having seen B's version, is a choice: it goes through.
    retry = open_form_from(page)
    assert post(a, question, answer, retry, A_SAID, A_DID).status_code == 302
    entry.refresh_from_db()
    assert (entry.you_said, entry.we_did) == (A_SAID, A_DID)


def open_form_from(page):
    return re.search(r'name="fingerprint" value="([^"]*)"', page).group(1)


def test_a_stale_form_never_brings_back_a_withdrawn_entry(
    a_and_b, thread, published, other_manager
):
    """The fuzzing review's steps: A opens, B re-words and withdraws, A posts."""
    question, answer = thread
    a, b = a_and_b
    opened_by_a = open_form(a, question)
    assert post(b, question, answer, open_form(b, question), B_SAID, B_DID).status_code == 302
    entry = YouSaidWeDid.objects.get()
    assert b.post(f"/review/you-said-we-did/{entry.pk}/withdraw/").status_code == 302

    response = post(a, question, answer, opened_by_a, A_SAID, A_DID)
    assert response.status_code == 200
    page = response.content.decode()
    assert "took this entry off the public page while you were editing" in page
    assert "nothing was published" in page
    their_version = page[page.index('id="their-version"') : page.index("Your version</h2>")]
    assert B_SAID in their_version and "No: taken off by" in their_version
    your_version = page[page.index("Your version</h2>") :]
    assert A_SAID in your_version and A_DID in your_version
    # Both boxes start unticked: the stale form's consent tick is not carried over.
    assert not re.search(r'<input[^>]*name="consent"[^>]*checked', page)
    assert re.search(r'<input[^>]*name="republish"', page)
    assert not re.search(r'<input[^>]*name="republish"[^>]*checked', page)
    assert "Publish again" in page
    entry.refresh_from_db()
    assert (entry.you_said, entry.we_did) == (B_SAID, B_DID)
    assert entry.withdrawn_by == other_manager and not entry.is_public
    assert not YouSaidWeDid.objects.public().exists()

    # Saving again with the new fingerprint but without ticking "put it back" publishes nothing.
    retry = open_form_from(page)
    page = post(a, question, answer, retry, A_SAID, A_DID).content.decode()
    assert "Tick “Put this entry back on the public page”" in page
    entry.refresh_from_db()
    assert not entry.is_public and entry.you_said == B_SAID

    # Ticking it is the deliberate act that publishes it again.
    response = post(a, question, answer, retry, A_SAID, A_DID, republish="on")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.is_public and entry.withdrawn_by is None
    assert (entry.you_said, entry.we_did) == (A_SAID, A_DID)


def test_a_withdrawal_alone_makes_a_form_stale(a_and_b, thread, published):
    question, answer = thread
    a, b = a_and_b
    opened_by_a = open_form(a, question)
    entry = YouSaidWeDid.objects.get()
    assert b.post(f"/review/you-said-we-did/{entry.pk}/withdraw/").status_code == 302
    response = post(a, question, answer, opened_by_a, "First", "First", republish="on")
    assert "took this entry off the public page while you were editing" in response.content.decode()
    entry.refresh_from_db()
    assert not entry.is_public


def test_a_withdrawn_entry_is_published_again_only_on_purpose(client, manager, thread, published):
    question, answer = thread
    withdraw_you_said(published, manager)
    client.force_login(manager)
    page = client.get(form_url(question)).content.decode()
    assert "saving the wording alone never publishes it again" in page
    assert not re.search(r'<input[^>]*name="consent"[^>]*checked', page)
    assert re.search(r'<input[^>]*name="republish"', page)
    fingerprint = open_form_from(page)
    page = post(client, question, answer, fingerprint, A_SAID, A_DID).content.decode()
    assert "Tick “Put this entry back on the public page”" in page
    published.refresh_from_db()
    assert not published.is_public and published.you_said == "First"
    assert (
        post(client, question, answer, fingerprint, A_SAID, A_DID, republish="on").status_code
        == 302
    )
    published.refresh_from_db()
    assert published.is_public and published.you_said == A_SAID


def test_a_form_opened_before_the_first_publication_does_not_overwrite_it(a_and_b, thread):
    question, answer = thread
    a, b = a_and_b
    opened_by_a = open_form(a, question)
    assert opened_by_a == ""
    assert post(b, question, answer, open_form(b, question), B_SAID, B_DID).status_code == 302
    page = post(a, question, answer, opened_by_a, A_SAID, A_DID).content.decode()
    assert "Someone else changed this while you were editing" in page
    assert YouSaidWeDid.objects.get().you_said == B_SAID


def test_publishing_refuses_to_bring_back_a_withdrawn_entry_unless_asked(
    manager, thread, published
):
    question, answer = thread
    withdraw_you_said(published, manager)
    with pytest.raises(ValidationError):
        publish_you_said(
            question, manager, answer=answer, you_said="S", we_did="D", consent_note=CONSENT
        )
    published.refresh_from_db()
    assert not published.is_public and published.you_said == "First"
    publish_you_said(
        question,
        manager,
        answer=answer,
        you_said="S",
        we_did="D",
        consent_note=CONSENT,
        republish=True,
    )
    published.refresh_from_db()
    assert published.is_public and published.you_said == "S"


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks: run with DATABASE_URL=postgres://… (SQLite runs one writer at a time)",
)
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")  # an earlier transactional test's cleanup removes them
def test_two_saves_at_once_cannot_both_win(manager, other_manager, parent, officer, action):
    """Two forms opened on the same entry and saved at the same moment: the second waits
    for the first's lock, then sees its change and shows a conflict."""
    question = post_comment(action, parent, "Why do plans take so long?")
    answer = post_comment(action, officer, "We are hiring.", reply_to=question)
    entry = publish_you_said(
        question, manager, answer=answer, you_said="First", we_did="First", consent_note=CONSENT
    )
    answers = Comment.objects.filter(pk=answer.pk)
    opened = (
        YouSaidForm(answers=answers, comment=question, user=manager, instance=entry)
        .fields["fingerprint"]
        .initial
    )
    first_has_lock = threading.Event()
    results = {}

    def save(name, user, you_said, hold_lock):
        try:
            form = YouSaidForm(
                {
                    "you_said": you_said,
                    "we_did": "D",
                    "answer": answer.pk,
                    "consent": "on",
                    "consent_note": CONSENT,
                    "fingerprint": opened,
                },
                answers=answers,
                comment=question,
                user=user,
                instance=YouSaidWeDid.objects.get(pk=entry.pk),
            )
            assert form.is_valid(), form.errors
            if hold_lock:
                check = form._check_unchanged

                def slow_check(current):
                    check(current)
                    first_has_lock.set()
                    time.sleep(1)  # the other save starts and must wait here

                form._check_unchanged = slow_check
            try:
                form.save()
                results[name] = "saved"
            except ValidationError:
                results[name] = "conflict" if form.conflict is not None else "refused"
        finally:
            connection.close()

    first = threading.Thread(target=save, args=("first", manager, A_SAID, True))
    first.start()
    assert first_has_lock.wait(10)
    second = threading.Thread(target=save, args=("second", other_manager, B_SAID, False))
    second.start()
    first.join(20)
    second.join(20)
    assert results == {"first": "saved", "second": "conflict"}
    entry.refresh_from_db()
    assert entry.you_said == A_SAID
