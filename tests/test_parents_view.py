"""The parents' view: recorded by a representative, shown beside the officers' status,
public once published."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.coproduction import publish_parents_view, record_parents_view
from actions.models import ParentsView
from workstreams.models import Statement

from .factories import ActionFactory, ParentsViewFactory, StatementFactory

pytestmark = pytest.mark.django_db
REASON = "Families tell the forum the new advisers answer within a week."


def view_url(action):
    return f"/review/actions/{action.pk}/parents-view/"


def test_a_representative_records_the_forums_view(client, parent, action):
    client.force_login(parent)
    page = client.get(view_url(action)).content.decode()
    assert "Families are seeing some difference" in page
    response = client.post(view_url(action), {"assessment": "some", "reason": REASON})
    assert response.status_code == 302
    assert response.url == f"/review/actions/{action.pk}/#parents-view"
    view = ParentsView.objects.get()
    assert (view.action, view.assessment, view.reason, view.recorded_by) == (
        action,
        "some",
        REASON,
        parent,
    )
    assert not view.is_published


def test_the_view_stands_beside_the_officers_status_inside_the_app(client, officer, parent, action):
    record_parents_view(action, parent, "none_yet", REASON)
    client.force_login(officer)
    page = client.get(f"/review/actions/{action.pk}/").content.decode()
    status = page.index("Officers’ delivery status")
    view = page.index("Parents’ view")
    assert 0 < status < view
    assert "Families are seeing no difference yet" in page
    assert REASON in page
    assert "Not published yet: families cannot see it." in page
    overview = client.get(f"/review/statements/{action.statement_id}/").content.decode()
    assert "Families are seeing no difference yet" in overview
    assert "(not published)" in overview
    update_page = client.get(f"/manage/actions/{action.pk}/update/").content.decode()
    assert "Status now" in update_page
    assert "Families are seeing no difference yet" in update_page


def test_a_new_view_keeps_the_earlier_ones(parent, action):
    first = record_parents_view(action, parent, "none_yet", "Nothing yet.")
    second = record_parents_view(action, parent, "some", "A little.")
    assert list(ParentsView.objects.about(action).newest_first()) == [second, first]


@pytest.mark.parametrize("who", ["officer", "lead", "manager", "outsider"])
def test_officers_and_managers_cannot_record_the_parents_view(client, action, who, request):
    client.force_login(request.getfixturevalue(who))
    assert (
        client.post(view_url(action), {"assessment": "difference", "reason": "x"}).status_code
        == 403
    )
    assert not ParentsView.objects.exists()


def test_the_view_of_a_weakness_is_recorded_too(client, parent, action):
    weakness = action.weaknesses.get()
    client.force_login(parent)
    response = client.post(
        f"/review/weaknesses/{weakness.pk}/parents-view/",
        {"assessment": "difference", "reason": REASON},
    )
    assert response.status_code == 302
    assert ParentsView.objects.get().weakness == weakness


def test_errors_are_summarised_and_next_to_their_fields(client, parent, action):
    client.force_login(parent)
    page = client.post(view_url(action), {"assessment": "great", "reason": ""}).content.decode()
    assert "<title>Error: " in page
    assert '<a href="#id_assessment_0">Select one of the views</a>' in page
    assert '<a href="#id_reason">Enter the reason for the forum’s view</a>' in page


def test_only_a_programme_manager_publishes(client, manager, parent, officer, action):
    view = record_parents_view(action, parent, "none_yet", REASON)
    url = f"/review/parents-views/{view.pk}/publish/"
    for someone in (parent, officer):
        client.force_login(someone)
        assert client.post(url).status_code == 403
    client.force_login(manager)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    view.refresh_from_db()
    assert view.is_published and view.published_by == manager


def test_the_public_sees_only_the_newest_published_view_beside_the_status(
    client, manager, parent, action
):
    public = action.get_absolute_url()
    record_parents_view(action, parent, "difference", "UNPUBLISHED REASON")
    assert "UNPUBLISHED REASON" not in client.get(public).content.decode()
    assert "What parents say" not in client.get(public).content.decode()

    older = record_parents_view(action, parent, "none_yet", "We see no difference yet.")
    publish_parents_view(older, manager)
    page = client.get(public).content.decode()
    assert "What parents say" in page
    assert "Families are seeing no difference yet" in page
    assert "We see no difference yet." in page
    assert "UNPUBLISHED REASON" not in page
    # Shown with the officers' status, so a disagreement is plain to see.
    assert page.index("Parents say:") < page.index("What difference it should make")


def test_publishing_refreshes_the_public_pages_etag(client, manager, parent, action):
    public = action.get_absolute_url()
    etag = client.get(public)["ETag"]
    view = record_parents_view(action, parent, "some", REASON)
    publish_parents_view(view, manager)
    assert client.get(public, headers={"if-none-match": etag}).status_code == 200


def test_the_weakness_page_shows_its_published_view(client, manager, parent, action):
    weakness = action.weaknesses.get()
    view = record_parents_view(weakness, parent, "some", "Some schools are better at this.")
    page = weakness.get_absolute_url()
    assert "Some schools are better at this." not in client.get(page).content.decode()
    publish_parents_view(view, manager)
    assert "Some schools are better at this." in client.get(page).content.decode()


def test_nobody_records_a_view_of_an_archived_statement(client, parent):
    action = ActionFactory(statement=StatementFactory(archived=True))
    client.force_login(parent)
    assert client.get(view_url(action)).status_code == 403
    assert Statement.objects.get().status == Statement.Status.ARCHIVED


def test_the_factory_makes_a_valid_view():
    ParentsViewFactory().full_clean()


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    assessment=st.one_of(
        st.sampled_from(["difference", "some", "none_yet", ""]), st.text(max_size=20)
    ),
    reason=st.text(max_size=800),
)
def test_no_input_gives_a_server_error(client, parent, action, assessment, reason):
    client.force_login(parent)
    response = client.post(view_url(action), {"assessment": assessment, "reason": reason})
    assert response.status_code in (200, 302)
