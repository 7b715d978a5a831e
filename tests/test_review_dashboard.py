"""The review dashboard: what changed since the last review, my workstreams first;
what waits for an answer; marking everything as reviewed."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actions.coproduction import post_comment, record_parents_view
from review.models import ReviewVisit

from .factories import (
    ActionFactory,
    CommentFactory,
    MeasurementFactory,
    OfficerFactory,
    OwnerFactory,
    ParentRepresentativeFactory,
    ProgressUpdateFactory,
    StatementFactory,
    SuccessMeasureFactory,
    WorkstreamFactory,
    WorkstreamMembershipFactory,
)

pytestmark = pytest.mark.django_db
LAST_VISIT = datetime.datetime(2019, 5, 1, 9, 0, tzinfo=datetime.UTC)
NOW = datetime.datetime(2019, 6, 1, 12, 0, tzinfo=datetime.UTC)


def at(days_before_now):
    return NOW - datetime.timedelta(days=days_before_now)


@pytest.fixture
def plan(parent, officer):
    statement = StatementFactory()
    mine = WorkstreamFactory(statement=statement, number=1, name="Joint working")
    other = WorkstreamFactory(statement=statement, number=2, name="Health")
    WorkstreamMembershipFactory(workstream=mine, user=parent)
    owner = OwnerFactory(user=officer)
    with time_machine.travel(LAST_VISIT - datetime.timedelta(days=60)):
        in_mine = ActionFactory(
            statement=statement, workstream=mine, owner=owner, title="Recruit advisers"
        )
        in_other = ActionFactory(
            statement=statement, workstream=other, owner=owner, title="Health checks"
        )
    ReviewVisit.objects.create(user=parent, last_reviewed_at=LAST_VISIT)
    return {"statement": statement, "mine": in_mine, "other": in_other, "owner": owner}


def sections(response):
    review = response.context["review"]
    return [(c.kind, c.about) for c in review.mine], [(c.kind, c.about) for c in review.others]


@time_machine.travel(NOW, tick=False)
def test_changes_since_the_last_visit_come_my_workstreams_first(client, parent, officer, plan):
    mine, other = plan["mine"], plan["other"]
    ProgressUpdateFactory(action=mine, created_at=at(3), author=officer)  # a status change
    ProgressUpdateFactory(
        action=other,
        created_at=at(2),
        author=officer,
        status_before="in_progress",
        status_after="in_progress",
        public_summary="Clinics booked.",
    )
    ProgressUpdateFactory(action=mine, created_at=at(40), author=officer)  # before the last visit
    measure = SuccessMeasureFactory(statement=plan["statement"])
    measure.actions.add(mine)
    MeasurementFactory(measure=measure, recorded_at=at(1), recorded_by=officer)
    with time_machine.travel(at(5)):
        new_action = ActionFactory(
            statement=plan["statement"],
            workstream=other.workstream,
            owner=plan["owner"],
            title="New one",
        )
    client.force_login(parent)
    response = client.get("/review/")
    assert response.status_code == 200
    in_mine, in_others = sections(response)
    assert in_mine == [
        ("figure", f"Measure {measure.reference}: {measure.title}"),
        ("status", f"Action {mine.reference}: Recruit advisers"),
    ]
    assert in_others == [
        ("update", f"Action {other.reference}: Health checks"),
        ("new_action", f"Action {new_action.reference}: New one"),
    ]
    page = response.content.decode()
    assert re.search(
        r"What changed since you last marked everything as reviewed, at "
        r"(\d+(:\d\d)?[ap]m|midday|midnight) on "
        r"1 May 2019\.<",
        page,
    )
    assert "Not started to In progress" in page
    assert "You sit on: Workstream 1: Joint working." in page


@time_machine.travel(NOW, tick=False)
def test_replies_to_my_comments_are_news_wherever_they_are(client, parent, officer, plan):
    question = post_comment(plan["other"], parent, "A question", at=at(10))
    post_comment(plan["other"], officer, "An answer", reply_to=question, at=at(1))
    CommentFactory(action=plan["other"], created_at=at(2), body="Someone else's comment")
    client.force_login(parent)
    in_mine, in_others = sections(client.get("/review/"))
    assert in_mine == [("reply", f"Action {plan['other'].reference}: Health checks")]
    assert in_others == [("comment", f"Action {plan['other'].reference}: Health checks")]


def count_of(page, name):
    """The number and label of one of the dashboard's counts, as read."""
    item = re.search(rf'id="count-{name}">(\d+)</span> <span[^>]*>([^<]*)</span>', page)
    return f"{item.group(1)} {item.group(2)}"


@time_machine.travel(NOW, tick=False)
def test_the_count_of_my_changes_says_it_holds_replies_from_elsewhere(
    client, parent, officer, plan
):
    question = post_comment(plan["other"], parent, "A question", at=at(10))
    post_comment(plan["other"], officer, "An answer", reply_to=question, at=at(1))
    # A reply in a thread the parent took no part in is not theirs, wherever it is.
    someone = ParentRepresentativeFactory()
    theirs = post_comment(plan["other"], someone, "Another question", at=at(9))
    post_comment(plan["other"], officer, "Another answer", reply_to=theirs, at=at(1))
    client.force_login(parent)
    response = client.get("/review/")
    in_mine, in_others = sections(response)
    assert in_mine == [("reply", f"Action {plan['other'].reference}: Health checks")]
    assert in_others == [("comment", f"Action {plan['other'].reference}: Health checks")] * 2
    page = response.content.decode()
    # The reply is not in their workstreams: the count says what it counts.
    assert count_of(page, "mine") == "1 change in your workstreams or reply to you"

    client.force_login(someone)  # on no workstream: only replies can be theirs
    page = client.get("/review/").content.decode()
    assert count_of(page, "mine") == "1 reply to you"


@time_machine.travel(NOW, tick=False)
def test_my_own_changes_are_not_news(client, parent, plan):
    post_comment(plan["mine"], parent, "Mine", at=at(1))
    record_parents_view(plan["mine"], parent, "some", "Mine too", at=at(1))
    client.force_login(parent)
    assert sections(client.get("/review/")) == ([], [])


@time_machine.travel(NOW, tick=False)
def test_other_representatives_views_are_changes(client, parent, plan):
    record_parents_view(
        plan["mine"], ParentRepresentativeFactory(), "none_yet", "No change", at=at(1)
    )
    client.force_login(parent)
    in_mine, _ = sections(client.get("/review/"))
    assert in_mine == [("parents_view", f"Action {plan['mine'].reference}: Recruit advisers")]


@time_machine.travel(NOW, tick=False)
def test_a_first_visit_shows_the_last_30_days(client, plan):
    newcomer = ParentRepresentativeFactory()
    ProgressUpdateFactory(action=plan["mine"], created_at=at(29))
    ProgressUpdateFactory(action=plan["mine"], created_at=at(31))
    client.force_login(newcomer)
    response = client.get("/review/")
    assert "You have not marked anything as reviewed yet" in response.content.decode()
    assert len(response.context["review"].others) == 1


@time_machine.travel(NOW, tick=False)
def test_archived_statements_are_left_out(client, parent):
    archived = ActionFactory(statement=StatementFactory(archived=True))
    ProgressUpdateFactory(action=archived, created_at=at(1))
    CommentFactory(action=archived, created_at=at(1))
    client.force_login(parent)
    response = client.get("/review/")
    assert sections(response) == ([], [])
    assert response.context["awaiting"].total == 0


@time_machine.travel(NOW, tick=False)
def test_comments_awaiting_an_answer_mine_first(client, parent, officer, plan):
    someone = ParentRepresentativeFactory()
    older = post_comment(plan["other"], someone, "Older, someone else's", at=at(9))
    mine = post_comment(plan["other"], parent, "Mine", at=at(2))
    answered = post_comment(plan["mine"], parent, "Answered", at=at(8))
    post_comment(plan["mine"], officer, "Answer", reply_to=answered, at=at(7))
    client.force_login(parent)
    response = client.get("/review/")
    awaiting = response.context["awaiting"]
    assert [c.pk for c in awaiting.comments] == [mine.pk, older.pk]
    assert (awaiting.total, awaiting.yours) == (2, 1)
    page = response.content.decode()
    assert '<span class="app-summary-counts__number" id="count-yours-awaiting">1</span>' in page
    assert '<span class="app-summary-counts__number" id="count-awaiting">2</span>' in page
    # The officer responsible sees both as theirs to answer.
    client.force_login(officer)
    assert client.get("/review/").context["awaiting"].for_you_to_answer == 2


def awaiting_rows(page):
    """{comment id: the text of its row} in the "Awaiting response" table."""
    start = page.index('<section id="awaiting">')
    table = page[start : page.index("</section>", start)]
    rows = re.findall(r'<tr class="govuk-table__row">(.*?)</tr>', table, re.DOTALL)
    return {
        int(re.search(r"#comment-(\d+)", row).group(1)): re.sub(r"<[^>]+>", "", row)
        for row in rows
        if "#comment-" in row
    }


@time_machine.travel(NOW, tick=False)
def test_the_comments_for_you_to_answer_say_so(client, parent, officer, manager, plan):
    theirs = ActionFactory(statement=plan["statement"], workstream=plan["other"].workstream)
    for_officer = post_comment(plan["mine"], parent, "For the owner", at=at(3))
    for_someone_else = post_comment(theirs, parent, "For another owner", at=at(2))
    tag = "For you to answer"

    client.force_login(officer)
    rows = awaiting_rows(client.get("/review/").content.decode())
    assert tag in rows[for_officer.pk] and tag not in rows[for_someone_else.pk]

    client.force_login(parent)  # they asked: nothing is theirs to answer
    rows = awaiting_rows(client.get("/review/").content.decode())
    assert len(rows) == 2 and not any(tag in row for row in rows.values())

    client.force_login(manager)  # a programme manager answers any
    rows = awaiting_rows(client.get("/review/").content.decode())
    assert len(rows) == 2 and all(tag in row for row in rows.values())


def test_marking_as_reviewed_moves_the_starting_point_to_when_the_page_was_shown(
    client, parent, plan
):
    client.force_login(parent)
    with time_machine.travel(NOW, tick=False):
        page = client.get("/review/").content.decode()
        shown = re.search(r'name="seen_up_to" value="([^"]+)"', page).group(1)
        assert datetime.datetime.fromisoformat(shown) == NOW
    with time_machine.travel(NOW + datetime.timedelta(minutes=5), tick=False):
        response = client.post("/review/reviewed/", {"seen_up_to": NOW.isoformat()})
    assert response.status_code == 302
    assert response.url == "/review/"
    assert ReviewVisit.objects.get(user=parent).last_reviewed_at == NOW


def test_marking_as_reviewed_never_goes_backwards_or_into_the_future(client, parent, plan):
    client.force_login(parent)
    with time_machine.travel(NOW, tick=False):
        client.post("/review/reviewed/", {"seen_up_to": "2019-01-01T00:00:00+00:00"})
        assert ReviewVisit.objects.get(user=parent).last_reviewed_at == LAST_VISIT
        response = client.post("/review/reviewed/", {"seen_up_to": "2019-07-01T00:00:00+00:00"})
        assert response.status_code == 200
        page = response.content.decode()
        assert "This page was out of date" in page
        assert 'class="govuk-error-summary"' in page
        assert ReviewVisit.objects.get(user=parent).last_reviewed_at == LAST_VISIT


def test_the_dashboard_is_for_internal_readers_and_never_cached(client, outsider, officer):
    assert client.get("/review/").status_code == 302
    client.force_login(outsider)
    assert client.get("/review/").status_code == 403
    client.force_login(officer)
    response = client.get("/review/")
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    assert client.get("/review/reviewed/").status_code == 405


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    seen=st.one_of(
        st.datetimes(timezones=st.just(datetime.UTC)).map(lambda d: d.isoformat()),
        st.datetimes().map(str),
        st.text(max_size=40),
    )
)
def test_no_input_gives_a_server_error(client, parent, seen):
    client.force_login(parent)
    assert client.post("/review/reviewed/", {"seen_up_to": seen}).status_code in (200, 302)


# Query counts ---------------------------------------------------------------------


def grow(plan, count, officer):
    parents = [ParentRepresentativeFactory() for _ in range(3)]
    corrector = OfficerFactory()
    for n in range(count):
        with time_machine.travel(at(20)):
            action = ActionFactory(
                statement=plan["statement"],
                workstream=plan["mine"].workstream if n % 2 else plan["other"].workstream,
                owner=plan["owner"],
            )
        ProgressUpdateFactory(action=action, created_at=at(3), author=officer)
        measure = SuccessMeasureFactory(statement=plan["statement"])
        measure.actions.add(action)
        figure = MeasurementFactory(measure=measure, recorded_at=at(2), recorded_by=officer)
        figure.value += 1
        figure._history_user = corrector  # a correction, after it was recorded
        figure.save()
        question = CommentFactory(action=action, author=parents[n % 3], created_at=at(4))
        CommentFactory(
            action=action, author=parents[(n + 1) % 3], reply_to=question, created_at=at(3)
        )
        CommentFactory(action=None, measure=measure, author=parents[n % 3], created_at=at(2))
        record_parents_view(action, parents[n % 3], "some", "Some", at=at(1))


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@time_machine.travel(NOW, tick=False)
def test_review_pages_cost_the_same_queries_for_3_and_60_actions(client, parent, officer, plan):
    urls = ["/review/", f"/review/statements/{plan['statement'].pk}/"]
    grow(plan, 3, officer)
    counts = {}
    for user in (parent, officer, OfficerFactory()):
        client.force_login(user)
        counts[user.pk] = [queries_for(client, url) for url in urls]
    grow(plan, 57, officer)
    for user in (parent, officer):
        client.force_login(user)
        assert [queries_for(client, url) for url in urls] == counts[user.pk]
    assert max(max(c) for c in counts.values()) <= 16, counts


def test_each_kind_of_change_has_a_tag_colour_of_its_own_that_exists():
    """GOV.UK Frontend's tag is blue unless a modifier it ships says otherwise: a name it
    does not ship (light-blue, in the version built here) looks like every other blue tag."""
    from pathlib import Path

    from django.conf import settings

    from review.changes import Change

    css = (Path(settings.BASE_DIR) / "static" / "css" / "sutton.css").read_text()
    colours = [colour for _, colour in Change.KINDS.values()]
    assert len(set(colours)) == len(colours)
    for colour in colours:
        assert colour == "blue" or f".govuk-tag--{colour}" in css, colour


@time_machine.travel(NOW, tick=False)
def test_with_two_statements_each_change_and_workstream_names_its_statement(
    client, parent, officer, plan
):
    """Two statements each have an action 1.1 and a workstream 1: say which is which."""
    later = StatementFactory(title="Accelerated progress plan")
    group = WorkstreamFactory(statement=later, number=1, name="Assessment")
    WorkstreamMembershipFactory(workstream=group, user=parent)
    with time_machine.travel(LAST_VISIT - datetime.timedelta(days=60)):
        action = ActionFactory(statement=later, workstream=group, title="Hire coordinators")
    ProgressUpdateFactory(action=action, created_at=at(2), author=officer)
    ProgressUpdateFactory(action=plan["mine"], created_at=at(3), author=officer)
    client.force_login(parent)
    response = client.get("/review/")
    review = response.context["review"]
    assert {(c.about.split(":")[1].strip(), c.statement) for c in review.mine} == {
        ("Hire coordinators", "Accelerated progress plan"),
        ("Recruit advisers", plan["statement"].title),
    }
    page = response.content.decode()
    assert "In <bdi>Accelerated progress plan</bdi>" in page
    assert "Workstream 1: Assessment (<bdi>Accelerated progress plan</bdi>)" in page


@time_machine.travel(NOW, tick=False)
def test_with_two_statements_a_comment_awaiting_an_answer_names_its_statement(
    client, parent, officer, plan
):
    later = StatementFactory(title="Accelerated progress plan")
    group = WorkstreamFactory(statement=later, number=1, name="Assessment")
    WorkstreamMembershipFactory(workstream=group, user=parent)
    action = ActionFactory(statement=later, workstream=group, title="Hire coordinators")
    CommentFactory(action=action, author=officer, body="When will the posts be filled?")
    client.force_login(parent)
    section = client.get("/review/").content.decode().split("What has changed")[0]
    assert "When will the posts be filled?" in section
    assert "In <bdi>Accelerated progress plan</bdi>" in section


@time_machine.travel(NOW, tick=False)
def test_with_one_statement_changes_do_not_repeat_its_name(client, parent, officer, plan):
    ProgressUpdateFactory(action=plan["mine"], created_at=at(3), author=officer)
    client.force_login(parent)
    response = client.get("/review/")
    assert [c.statement for c in response.context["review"].mine] == [""]
    assert plan["statement"].title + "</bdi>)" not in response.content.decode()
