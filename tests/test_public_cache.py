"""Public pages come from the cache for anonymous readers, and are never out of date."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from actions.models import Action
from actions.services import ProgressChange, record_progress
from public.cache import cache_public_page, page_key
from sutton_send import versioned_cache

from .factories import (
    ActionFactory,
    GlossaryTermFactory,
    MeasurementFactory,
    SuccessMeasureFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    versioned_cache.clear()
    yield
    versioned_cache.clear()


@pytest.fixture
def action():
    action = ActionFactory(summary="The SENCO network meets every half term.")
    measure = SuccessMeasureFactory(statement=action.statement, title="Exclusions")
    action.measures.add(measure)
    return action


def page_urls(action):
    statement = action.statement
    return [
        "/",
        statement.get_absolute_url(),
        action.weaknesses.get().get_absolute_url(),
        action.workstream.get_absolute_url(),
        action.get_absolute_url(),
        f"/{statement.slug}/measures/",
    ]


def get(client, url, **kwargs):
    """The page and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return response.content.decode(), len(queries)


def test_a_second_anonymous_reader_gets_the_page_from_the_cache_in_one_query(client, action):
    for url in page_urls(action):
        first, rendered = get(client, url)
        again, cached = get(client, url)
        assert again == first, url
        assert rendered > 1, url
        assert cached == 1, url  # the statement's version: nothing else is read


def test_tracking_parameters_share_the_cached_page(client, action):
    url = action.get_absolute_url()
    page, _ = get(client, url)
    assert get(client, url + "?utm_source=local-news") == (page, 1)


def test_recording_progress_shows_on_every_page_at_once(client, action, manager):
    for url in page_urls(action):
        get(client, url)
    record_progress(
        action,
        manager,
        ProgressChange(
            status=Action.Status.IN_PROGRESS,
            confidence=Action.Confidence.ON_TRACK,
            public_summary="Twelve schools have joined the network.",
        ),
        expected_version=action.version,
    )
    for url in page_urls(action):
        page, queries = get(client, url)
        assert queries > 1, url  # rendered again, not served from the cache
        if url != f"/{action.statement.slug}/measures/":
            assert "In progress" in page, url
    assert "Twelve schools have joined the network." in get(client, action.get_absolute_url())[0]


def rename_owner(action):
    action.owner.job_title = "Head of inclusion and belonging"
    action.owner.save()
    return "Head of inclusion and belonging"


def add_a_figure(action):
    measure = action.measures.get()
    MeasurementFactory(measure=measure, measured_on=datetime.date(2019, 3, 31), value=Decimal(87))
    return "87 (March 2019)"


def explain_senco(action):
    GlossaryTermFactory(abbreviation="SENCO", expansion="special educational needs coordinator")
    return "SENCO</abbr> (special educational needs coordinator)"


def revise_the_due_date(action):
    action.revised_due_date = action.due_date + datetime.timedelta(days=60)
    action.revision_reason = "The training provider withdrew."
    action.save()
    return "The training provider withdrew."


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(rename_owner, id="owner renamed"),
        pytest.param(add_a_figure, id="measurement"),
        pytest.param(explain_senco, id="glossary term"),
        pytest.param(revise_the_due_date, id="action edited"),
    ],
)
def test_any_change_in_the_statement_is_served_at_once(client, action, change):
    url = action.get_absolute_url()
    before, _ = get(client, url)
    expected = change(action)
    assert expected not in before
    after, queries = get(client, url)
    assert expected in after
    assert queries > 1


def test_an_unpublished_statement_is_not_served_from_the_cache(client, action):
    url = action.get_absolute_url()
    get(client, url)
    statement = action.statement
    statement.status = statement.Status.DRAFT
    statement.published_at = None
    statement.save()
    assert client.get(url).status_code == 404


def test_a_change_in_one_statement_leaves_another_statements_pages_cached(client, action, manager):
    other = ActionFactory()
    get(client, other.get_absolute_url())
    record_progress(
        action,
        manager,
        ProgressChange(status=Action.Status.COMPLETE, completed_on=datetime.date(2019, 1, 1)),
        expected_version=action.version,
    )
    assert get(client, other.get_absolute_url())[1] == 1


def test_signed_in_readers_never_get_or_leave_a_cached_page(client, action, officer):
    url = action.get_absolute_url()
    client.force_login(officer)
    signed_in, rendered = get(client, url)
    again, rendered_again = get(client, url)
    assert "Sign out" in signed_in and "Sign out" in again
    assert rendered > 1 and rendered_again > 1
    client.logout()
    anonymous, queries = get(client, url)
    assert "Sign out" not in anonymous and "csrfmiddlewaretoken" not in anonymous
    assert queries > 1  # the signed-in reader's page was never stored


def test_an_anonymous_page_is_never_served_to_a_signed_in_reader(client, action, officer):
    url = action.get_absolute_url()
    get(client, url)
    client.force_login(officer)
    assert "Sign out" in get(client, url)[0]


def test_private_pages_are_never_cached(client, action, manager):
    client.force_login(manager)
    first, _ = get(client, "/manage/")
    assert "At risk" not in first
    record_progress(
        action,
        manager,
        ProgressChange(
            status=Action.Status.IN_PROGRESS, confidence=Action.Confidence.AT_RISK, narrative="x"
        ),
        expected_version=action.version,
    )
    response = client.get("/manage/")
    assert "no-store" in response["Cache-Control"]
    assert "At risk" in response.content.decode()


def call(view, request):
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    return cache_public_page(view)(request, slug=ActionFactory().statement.slug)


@pytest.mark.parametrize(
    "respond",
    [
        pytest.param(
            lambda r: HttpResponse("x", headers={"Cache-Control": "private"}), id="private"
        ),
        pytest.param(
            lambda r: HttpResponse("x", headers={"Cache-Control": "no-store"}), id="no-store"
        ),
        pytest.param(lambda r: HttpResponse("x", status=201), id="not 200"),
        pytest.param(lambda r: HttpResponse(get_token(r)), id="csrf token"),
    ],
)
def test_pages_that_are_private_or_personal_are_not_stored(respond):
    request = RequestFactory().get("/statement/")
    calls = []

    def view(request, slug):
        calls.append(slug)
        return respond(request)

    call(view, request)
    call(view, RequestFactory().get("/statement/"))
    assert len(calls) == 2


def test_keys_differ_per_statement_version_and_day():
    request = RequestFactory().get("/statement/")
    one, two = "2019-01-01T00:00:00+00:00/1", "2019-01-01T00:00:01+00:00/1"
    with time_machine.travel(datetime.datetime(2019, 1, 31, 12, tzinfo=datetime.UTC)):
        today = page_key(request, one)
        assert page_key(request, two) != today
        assert page_key(RequestFactory().get("/other/"), one) != today
    with time_machine.travel(datetime.datetime(2019, 2, 1, 12, tzinfo=datetime.UTC)):
        assert page_key(request, one) != today


def test_pages_of_different_statements_have_different_keys(client, action):
    other = ActionFactory()
    get(client, action.get_absolute_url())
    page, queries = get(client, other.get_absolute_url())
    assert queries > 1
    assert other.title in page and action.title not in page


def test_an_overdue_action_is_shown_overdue_the_next_day_without_any_change(client):
    action = ActionFactory(
        due_date=datetime.date(2019, 3, 31), start_date=datetime.date(2018, 9, 1)
    )
    with time_machine.travel(datetime.datetime(2019, 3, 31, 12, tzinfo=datetime.UTC)):
        assert "Overdue" not in get(client, action.get_absolute_url())[0]
    with time_machine.travel(datetime.datetime(2019, 4, 1, 12, tzinfo=datetime.UTC)):
        assert "Overdue" in get(client, action.get_absolute_url())[0]


def test_a_cache_that_is_down_slows_pages_but_never_breaks_them(client, action, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("cache server gone")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "set", down)
    page, _ = get(client, action.get_absolute_url())
    assert action.title in page


def test_the_cache_can_be_switched_off(client, action, settings):
    settings.PUBLIC_PAGE_CACHE = False
    get(client, action.get_absolute_url())
    assert get(client, action.get_absolute_url())[1] > 1


def test_each_process_keeps_recent_pages_within_its_budget():
    recent = versioned_cache._Recent(max_bytes=10)
    recent.put("a", (b"12345", "text/html"))
    recent.put("b", (b"12345", "text/html"))
    recent.get("a")  # used last, so kept
    recent.put("c", (b"12345", "text/html"))
    recent.put("too big", (b"12345678901", "text/html"))
    assert [recent.get(key) is not None for key in ("a", "b", "c", "too big")] == [
        True,
        False,
        True,
        False,
    ]


def test_two_changes_at_the_same_instant_each_show(client, action):
    """The key carries the statement's version, not only the time of its last change."""
    url = action.get_absolute_url()
    with time_machine.travel(datetime.datetime(2019, 6, 1, 12, tzinfo=datetime.UTC), tick=False):
        get(client, url)
        shown = rename_owner(action)
        assert shown in get(client, url)[0]
        action.title = "Train every SENCO in the borough"
        action.save()
        page, queries = get(client, url)
    assert queries > 1
    assert "Train every SENCO in the borough" in page


def test_a_glossary_term_changed_in_the_admin_shows_on_every_page_at_once(
    client, admin_client, action
):
    from .form_pages import form_values_of

    term = GlossaryTermFactory(abbreviation="SENCO", expansion="special needs coordinator")
    url = action.get_absolute_url()
    get(client, url)
    page = f"/admin/workstreams/glossaryterm/{term.pk}/change/"
    data = form_values_of(admin_client.get(page).context["adminform"].form) | {
        "expansion": "special educational needs coordinator"
    }
    assert admin_client.post(page, data).status_code == 302
    assert "special educational needs coordinator" in get(client, url)[0]
