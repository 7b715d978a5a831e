"""Marking as reviewed with a tampered time: refused, nothing saved, and a time stored
before the form checked never breaks the dashboard."""

import datetime

import pytest
import time_machine

from review.models import ReviewVisit

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2019, 6, 1, 12, 0, tzinfo=datetime.UTC)
LAST_VISIT = datetime.datetime(2019, 5, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    "seen",
    [
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+00:00",
        "0001-01-01T00:00:00+14:00",
        "0001-01-01T00:00:00-12:00",
        "1999-12-31T23:59:59+00:00",
    ],
)
@pytest.mark.parametrize("visited_before", [False, True])
def test_a_time_before_2000_is_refused_and_nothing_is_saved(client, parent, seen, visited_before):
    if visited_before:
        ReviewVisit.objects.create(user=parent, last_reviewed_at=LAST_VISIT)
    client.force_login(parent)
    with time_machine.travel(NOW, tick=False):
        response = client.post("/review/reviewed/", {"seen_up_to": seen})
        assert response.status_code == 200
        assert "This page was out of date" in response.content.decode()
        visits = list(ReviewVisit.objects.filter(user=parent).values_list("last_reviewed_at"))
        assert visits == ([(LAST_VISIT,)] if visited_before else [])
        assert client.get("/review/").status_code == 200


def test_the_first_moment_of_2000_is_accepted(client, parent):
    client.force_login(parent)
    with time_machine.travel(NOW, tick=False):
        response = client.post("/review/reviewed/", {"seen_up_to": "2000-01-01T00:00:00+00:00"})
    assert response.status_code == 302
    assert ReviewVisit.objects.get(user=parent).last_reviewed_at == datetime.datetime(
        2000, 1, 1, tzinfo=datetime.UTC
    )


@pytest.mark.parametrize(
    "stored",
    [
        datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
        datetime.datetime(1, 1, 1, 13, 59, tzinfo=datetime.UTC),
        datetime.datetime(1999, 12, 31, tzinfo=datetime.UTC),
    ],
)
def test_a_mark_stored_before_the_check_does_not_break_the_dashboard(client, parent, stored):
    """Rows saved by the old form: the dashboard treats them as no mark at all."""
    ReviewVisit.objects.create(user=parent, last_reviewed_at=stored)
    client.force_login(parent)
    with time_machine.travel(NOW, tick=False):
        response = client.get("/review/")
        assert response.status_code == 200
        assert "You have not marked anything as reviewed yet" in response.content.decode()
        # And marking as reviewed works again from there.
        assert client.post("/review/reviewed/", {"seen_up_to": NOW.isoformat()}).status_code == 302
    assert ReviewVisit.objects.get(user=parent).last_reviewed_at == NOW


def test_a_sensible_mark_is_kept(client, parent):
    ReviewVisit.objects.create(user=parent, last_reviewed_at=LAST_VISIT)
    client.force_login(parent)
    with time_machine.travel(NOW, tick=False):
        assert client.get("/review/").status_code == 200
    assert ReviewVisit.objects.get(user=parent).last_reviewed_at == LAST_VISIT


def test_a_tab_marking_an_earlier_time_never_takes_back_a_later_mark(client, parent, monkeypatch):
    """Two tabs: this one was opened first, the other marks a later time while this
    one's mark is being saved. The later mark stays."""
    ReviewVisit.objects.create(user=parent, last_reviewed_at=LAST_VISIT)
    later = NOW - datetime.timedelta(minutes=1)
    real_get_or_create = ReviewVisit.objects.get_or_create

    def other_tab_saves_meanwhile(**kwargs):
        visit, created = real_get_or_create(**kwargs)
        ReviewVisit.objects.filter(pk=visit.pk).update(last_reviewed_at=later)
        return visit, created

    monkeypatch.setattr(ReviewVisit.objects, "get_or_create", other_tab_saves_meanwhile)
    client.force_login(parent)
    with time_machine.travel(NOW, tick=False):
        seen = (NOW - datetime.timedelta(minutes=5)).isoformat()
        assert client.post("/review/reviewed/", {"seen_up_to": seen}).status_code == 302
    assert ReviewVisit.objects.get(user=parent).last_reviewed_at == later
