"""Public pages answer revalidation with 304 until anything in the statement changes."""

import datetime

import pytest
import time_machine

from actions.coproduction import hide_comment, post_comment
from actions.models import Action
from actions.services import ProgressChange, record_progress

from .factories import ActionFactory, GlossaryTermFactory, MeasurementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_action():
    return ActionFactory()


def page_urls(action):
    statement = action.statement
    weakness = action.weaknesses.get()
    return [
        "/",
        statement.get_absolute_url(),
        weakness.get_absolute_url(),
        action.workstream.get_absolute_url(),
        action.get_absolute_url(),
        f"/{statement.slug}/measures/",
    ]


def test_public_pages_send_etag_and_last_modified(client, published_action):
    for url in page_urls(published_action):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["ETag"], url
        assert response["Last-Modified"], url
        assert "no-cache" in response["Cache-Control"], url


def test_an_unchanged_page_answers_304(client, published_action):
    for url in page_urls(published_action):
        first = client.get(url)
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304, url
        since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
        assert since.status_code == 304, url


def test_a_new_release_is_not_answered_304(client, published_action, monkeypatch):
    from sutton_send import versioned_cache

    url = published_action.get_absolute_url()
    first = client.get(url)
    monkeypatch.setattr(versioned_cache, "release", lambda: "next-release")
    again = client.get(
        url,
        headers={"If-None-Match": first["ETag"], "If-Modified-Since": first["Last-Modified"]},
    )
    assert again.status_code == 200


def etags(client, action):
    return {url: client.get(url)["ETag"] for url in page_urls(action)}


def test_recording_progress_changes_every_page_of_the_statement(client, published_action, manager):
    before = etags(client, published_action)
    with time_machine.travel(datetime.timedelta(seconds=2)):
        record_progress(
            published_action,
            manager,
            ProgressChange(status=Action.Status.IN_PROGRESS, public_summary="Started"),
            expected_version=published_action.version,
        )
        after = etags(client, published_action)
    assert all(before[url] != after[url] for url in before)


def rename_owner(action):
    action.owner.job_title = "Head of inclusion"
    action.owner.save()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda a: MeasurementFactory(measure__statement=a.statement), id="measure"),
        pytest.param(lambda a: GlossaryTermFactory(abbreviation="SENCO"), id="glossary"),
        pytest.param(rename_owner, id="owner"),
    ],
)
def test_changes_anywhere_in_the_statement_change_the_etag(client, published_action, change):
    before = client.get(published_action.get_absolute_url())["ETag"]
    with time_machine.travel(datetime.timedelta(seconds=2)):
        change(published_action)
        after = client.get(published_action.get_absolute_url())["ETag"]
    assert before != after


def test_comments_are_not_public_so_pages_stay_as_they_were(
    client, published_action, parent, officer, manager
):
    """Discussion between parents and officers is internal: the public's "last
    updated" stays true, and readers keep the pages they have (304)."""
    urls = page_urls(published_action)
    before = {url: client.get(url) for url in urls}
    with time_machine.travel(datetime.timedelta(seconds=2)):
        question = post_comment(published_action, parent, "When will the network meet?")
        answer = post_comment(published_action, officer, "In March.", reply_to=question)
        hide_comment(answer, manager, "Names a school.")
        for url, response in before.items():
            again = client.get(url, headers={"If-None-Match": response["ETag"]})
            assert again.status_code == 304, url
            assert again["Last-Modified"] == response["Last-Modified"], url


def test_the_etag_changes_at_midnight_because_actions_can_fall_overdue(client, published_action):
    with time_machine.travel(datetime.datetime(2019, 1, 31, 23, 0, tzinfo=datetime.UTC)):
        tonight = client.get(published_action.get_absolute_url())["ETag"]
    with time_machine.travel(datetime.datetime(2019, 2, 1, 0, 30, tzinfo=datetime.UTC)):
        response = client.get(
            published_action.get_absolute_url(), headers={"If-None-Match": tonight}
        )
    assert response.status_code == 200


def test_signing_in_changes_the_etag(client, published_action, officer):
    anonymous = client.get("/")["ETag"]
    client.force_login(officer)
    assert client.get("/", headers={"If-None-Match": anonymous}).status_code == 200
