"""Progress against a weakness: the public page families read, the internal page a
revisit is prepared from, and the programme manager's plain-English summary."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actions.coproduction import post_comment, publish_parents_view, record_parents_view
from actions.models import Action
from reports.weakness_progress import weakness_progress
from workstreams.models import Statement, Weakness

from .factories import (
    ActionFactory,
    CommentFactory,
    MeasurementFactory,
    OfficerFactory,
    OwnerFactory,
    ParentRepresentativeFactory,
    ProgrammeManagerFactory,
    ProgressUpdateFactory,
    SuccessMeasureFactory,
    WeaknessFactory,
    WorkstreamFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2019, 6, 1)

SECRETS = [
    "Secretowner Name",
    "secret-owner@example.org",
    "INTERNAL NARRATIVE",
    "https://internal.example.org/evidence",
    "minutes.pdf",
    "DRAFT PARENTS VIEW",
    "PRIVATE COMMENT",
    "Managerfirstname",
    "Repfirstname",
]


@pytest.fixture
def world():
    """A published statement with one weakness and actions in every state."""
    owner = OwnerFactory(
        name="Secretowner Name", email="secret-owner@example.org", job_title="Head of SEND"
    )
    workstream = WorkstreamFactory(lead=owner)
    statement = workstream.statement
    weakness = WeaknessFactory(statement=statement, number=1, title="Joint working")
    other = WeaknessFactory(statement=statement, number=2)

    def action(reference, **fields):
        return ActionFactory(
            statement=statement,
            workstream=workstream,
            owner=owner,
            reference=reference,
            weaknesses=[weakness],
            **fields,
        )

    done = action(
        "1.1",
        status=Action.Status.COMPLETE,
        completed_on=datetime.date(2019, 2, 1),
        title="Agree a joint commissioning plan",
    )
    late_but_revised = action(
        "1.2",
        status=Action.Status.IN_PROGRESS,
        confidence=Action.Confidence.AT_RISK,
        revised_due_date=datetime.date(2019, 9, 30),
        revision_reason="The new advisers start in September.",
        title="Recruit advisers",
    )
    overdue = action("1.3", due_date=datetime.date(2019, 3, 31), title="Publish the local offer")
    action("1.4", due_date=datetime.date(2020, 3, 31), title="Train SENCOs")
    ActionFactory(statement=statement, workstream=workstream, reference="9.9", weaknesses=[other])

    moved = SuccessMeasureFactory(
        statement=statement, weakness=weakness, reference="M1", title="Exclusions"
    )
    MeasurementFactory(measure=moved, measured_on=datetime.date(2018, 12, 31), value=Decimal(110))
    MeasurementFactory(measure=moved, measured_on=datetime.date(2019, 3, 31), value=Decimal(100))
    SuccessMeasureFactory(
        statement=statement, weakness=weakness, reference="M2", title="Waiting times"
    )

    update = ProgressUpdateFactory(
        action=late_but_revised,
        narrative="INTERNAL NARRATIVE",
        public_summary="Interviews are booked for July.",
        evidence_link="https://internal.example.org/evidence",
    )
    update.evidence_file.save("minutes.pdf", ContentFile(b"%PDF-1.4"), save=False)
    type(update).objects.filter(pk=update.pk).update(evidence_file=update.evidence_file.name)
    ProgressUpdateFactory(action=done, narrative="INTERNAL NARRATIVE", public_summary="")

    representative = ParentRepresentativeFactory(first_name="Repfirstname")
    manager = ProgrammeManagerFactory(first_name="Managerfirstname", username="summary-writer")
    publish_parents_view(
        record_parents_view(weakness, representative, "some", "Some families see a change."),
        manager,
    )
    record_parents_view(weakness, representative, "none_yet", "DRAFT PARENTS VIEW")
    CommentFactory(action=overdue, author=representative, body="PRIVATE COMMENT")
    return {
        "statement": statement,
        "weakness": weakness,
        "owner": owner,
        "manager": manager,
        "representative": representative,
        "update": update,
        "actions": {"done": done, "revised": late_but_revised, "overdue": overdue},
    }


def public_url(weakness):
    return reverse(
        "public:weakness", kwargs={"slug": weakness.statement.slug, "number": weakness.number}
    )


def internal_url(weakness):
    return reverse("workspace:weakness_progress", kwargs={"pk": weakness.pk})


def summary_url(weakness):
    return reverse("workspace:weakness_summary", kwargs={"pk": weakness.pk})


def text_of(response):
    """The page's words, tags stripped and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


# The report ------------------------------------------------------------------------


def test_counts_say_how_many_actions_are_complete_in_progress_not_started_and_overdue(world):
    progress = weakness_progress(world["weakness"], internal=False, today=TODAY)
    counts = progress.counts
    assert (counts.total, counts.complete, counts.in_progress, counts.not_started) == (4, 1, 1, 2)
    assert counts.overdue == 1  # 1.3 is past its date; 1.2's revised date is still ahead
    assert [a.reference for a in progress.actions if a.overdue] == ["1.3"]


def test_counts_match_the_action_querysets_own_count(world):
    progress = weakness_progress(world["weakness"], internal=False, today=TODAY)
    assert progress.counts == Action.objects.filter(weaknesses=world["weakness"]).progress_counts(
        today=TODAY
    )


def test_revised_dates_are_listed_with_the_original_date_and_the_reason(world):
    progress = weakness_progress(world["weakness"], internal=False, today=TODAY)
    assert [
        (a.reference, a.due_date, a.revised_due_date, a.revision_reason) for a in progress.revised
    ] == [
        (
            "1.2",
            datetime.date(2019, 3, 31),
            datetime.date(2019, 9, 30),
            "The new advisers start in September.",
        )
    ]


def test_a_measure_with_figures_says_how_far_it_has_moved(world):
    moved, _ = weakness_progress(world["weakness"], internal=False).measures
    assert moved.latest.value == Decimal(100)
    assert moved.change == Decimal(-20)
    assert moved.change_text == "20 lower (better)"
    assert moved.progress_text == "33% of the way to the target"
    assert moved.moved_text == "From 120 in March 2018 to 100 in March 2019: 20 lower (better)."
    assert moved.status != "No data yet"


def test_a_measure_without_figures_says_no_data_yet_and_never_0_percent(world):
    _, empty = weakness_progress(world["weakness"], internal=False).measures
    assert empty.latest is None and empty.change is None and empty.progress_percent is None
    assert empty.progress_text == "No data yet"
    assert empty.change_text == "No data yet"
    assert empty.status == "No data yet"
    assert "0%" not in empty.progress_text + empty.moved_text


def test_a_percentage_measure_moves_by_percentage_points(world):
    measure = SuccessMeasureFactory(
        statement=world["statement"],
        weakness=world["weakness"],
        reference="M3",
        unit="percentage",
        direction="higher",
        baseline_value=Decimal(40),
        target_value=Decimal(80),
    )
    MeasurementFactory(measure=measure, value=Decimal(35))
    row = weakness_progress(world["weakness"], internal=False).measures[-1]
    assert row.change_text == "5 percentage points lower (worse)"
    assert row.progress_text == "Worse than the starting point"


def test_the_measures_are_summed_up_in_one_sentence(world):
    worse = SuccessMeasureFactory(
        statement=world["statement"], weakness=world["weakness"], reference="M4"
    )
    MeasurementFactory(measure=worse, value=Decimal(130))
    same = SuccessMeasureFactory(
        statement=world["statement"], weakness=world["weakness"], reference="M5"
    )
    MeasurementFactory(measure=same, value=same.baseline_value)
    progress = weakness_progress(world["weakness"], internal=False)
    assert [row.verdict for row in progress.measures] == ["better", None, "worse", "same"]
    assert progress.measures_in_brief == (
        "Of 4 measures, 1 is better than at the start, 1 is worse than at the start, "
        "1 has not changed and 1 has no figures yet."
    )


def test_the_public_version_has_only_the_published_parents_view(world):
    progress = weakness_progress(world["weakness"], internal=False)
    assert progress.parents_view.reason == "Some families see a change."
    assert progress.parents_view.is_published


def test_the_internal_version_has_the_newest_view_even_unpublished(world):
    progress = weakness_progress(world["weakness"], internal=True)
    assert progress.parents_view.reason == "DRAFT PARENTS VIEW"
    assert not progress.parents_view.is_published
    assert progress.published_parents_view.reason == "Some families see a change."


def test_the_public_version_has_no_parents_view_when_none_is_published(world):
    weakness = WeaknessFactory(statement=world["statement"], number=3)
    record_parents_view(weakness, world["representative"], "some", "DRAFT PARENTS VIEW")
    assert weakness_progress(weakness, internal=False).parents_view is None
    assert weakness_progress(weakness, internal=True).parents_view is not None


def test_owners_are_roles_in_public_and_people_inside(world):
    public = weakness_progress(world["weakness"], internal=False)
    internal = weakness_progress(world["weakness"], internal=True)
    role = "Head of SEND, London Borough of Sutton"
    assert {a.owner_label for a in public.actions} == {role}
    assert {a.owner_label for a in internal.actions} == {f"Secretowner Name, {role}"}


def test_the_latest_evidence_is_public_summaries_outside_and_every_update_inside(world):
    public = weakness_progress(world["weakness"], internal=False)
    internal = weakness_progress(world["weakness"], internal=True)
    assert [u.public_summary for u in public.updates] == ["Interviews are booked for July."]
    assert len(internal.updates) == 2
    assert {u.narrative for u in internal.updates} == {"INTERNAL NARRATIVE"}


def test_the_internal_version_counts_comments_awaiting_a_response(world):
    progress = weakness_progress(world["weakness"], internal=True)
    assert progress.awaiting.count == 1
    by_reference = {a.reference: a.awaiting for a in progress.actions}
    assert by_reference == {"1.1": 0, "1.2": 0, "1.3": 1, "1.4": 0}
    assert weakness_progress(world["weakness"], internal=False).awaiting is None


def test_an_answered_comment_no_longer_awaits_a_response(world):
    question = post_comment(world["actions"]["done"], world["representative"], "When?")
    assert weakness_progress(world["weakness"], internal=True).awaiting.count == 2
    post_comment(world["actions"]["done"], world["manager"], "In May.", reply_to=question)
    assert weakness_progress(world["weakness"], internal=True).awaiting.count == 1


# The public page ---------------------------------------------------------------------


def test_the_public_page_shows_progress_in_plain_words(client, world):
    weakness = world["weakness"]
    Weakness.objects.filter(pk=weakness.pk).update(
        progress_summary="Families now get one plan from health and the council.",
        progress_summary_updated_at=datetime.datetime(2019, 5, 20, 12, tzinfo=datetime.UTC),
        progress_summary_updated_by=world["manager"],
    )
    page = text_of(client.get(public_url(weakness)))
    assert "Families now get one plan from health and the council." in page
    assert "Last updated 20 May 2019" in page
    assert "Of 4 actions, 1 is complete, 1 is in progress and 2 have not started." in page
    assert "Dates that have changed" in page
    assert "The new advisers start in September." in page
    assert "30 September 2019 (revised from 31 March 2019)" in page
    assert "Of 2 measures, 1 is better than at the start and 1 has no figures yet." in page
    assert "No data yet" in page and "0%" not in page
    assert "Some families see a change." in page
    assert "Interviews are booked for July." in page
    assert "At risk" in page and "Completed 1 February 2019" in page
    assert "Head of SEND, London Borough of Sutton" in page


def test_the_public_page_never_shows_anything_internal(client, world):
    Weakness.objects.filter(pk=world["weakness"].pk).update(
        progress_summary="Plain words.",
        progress_summary_updated_at=datetime.datetime(2019, 5, 20, tzinfo=datetime.UTC),
        progress_summary_updated_by=world["manager"],
    )
    body = client.get(public_url(world["weakness"])).content.decode()
    for secret in SECRETS:
        assert secret not in body, secret
    assert "/manage/" not in body


def test_the_public_page_says_nothing_of_a_summary_not_yet_written(client, world):
    page = text_of(client.get(public_url(world["weakness"])))
    assert "Where we are, in brief" not in page
    assert "Last updated" not in page


def test_a_draft_statements_weakness_is_not_public(client, world):
    Statement.objects.filter(pk=world["statement"].pk).update(
        status=Statement.Status.DRAFT, published_at=None
    )
    assert client.get(public_url(world["weakness"])).status_code == 404


# The internal page -------------------------------------------------------------------


@pytest.mark.parametrize("role", ["manager", "officer", "parent"])
def test_internal_readers_see_names_narratives_evidence_and_drafts(client, world, role):
    users = {
        "manager": world["manager"],
        "officer": OfficerFactory(),
        "parent": world["representative"],
    }
    client.force_login(users[role])
    response = client.get(internal_url(world["weakness"]))
    assert response.status_code == 200
    page = text_of(response)
    body = response.content.decode()
    assert "Secretowner Name, Head of SEND" in page
    assert "INTERNAL NARRATIVE" in page
    assert 'href="https://internal.example.org/evidence"' in body
    evidence = reverse("workspace:evidence", kwargs={"pk": world["update"].pk})
    assert f'href="{evidence}"' in body
    assert "DRAFT PARENTS VIEW" in page
    assert "Not published yet: families cannot see it." in page
    assert "Families see the view published on" in page
    assert "1 comment on these actions and measures is awaiting a response" in page
    assert "The new advisers start in September." in page
    assert "No data yet" in page
    assert "secret-owner@example.org" not in body  # emails are for the plan pages only


def test_only_managers_get_the_link_to_write_the_summary(client, world):
    client.force_login(world["representative"])
    assert (
        summary_url(world["weakness"])
        not in client.get(internal_url(world["weakness"])).content.decode()
    )
    client.force_login(world["manager"])
    assert (
        summary_url(world["weakness"])
        in client.get(internal_url(world["weakness"])).content.decode()
    )


def test_the_internal_page_is_printable(client, world):
    client.force_login(world["manager"])
    body = client.get(internal_url(world["weakness"])).content.decode()
    assert 'media="print"' in body and "weakness-progress-print.css" in body


def test_the_statement_page_and_the_review_page_link_to_the_progress_page(client, world):
    client.force_login(world["manager"])
    detail = reverse("workspace:statement_detail", kwargs={"pk": world["statement"].pk})
    assert internal_url(world["weakness"]) in client.get(detail).content.decode()
    client.force_login(world["representative"])
    review = reverse("review:statement", kwargs={"pk": world["statement"].pk})
    assert internal_url(world["weakness"]) in client.get(review).content.decode()


# Writing the summary -------------------------------------------------------------------


def open_form(client, weakness):
    response = client.get(summary_url(weakness))
    assert response.status_code == 200
    return response.context["form"]["fingerprint"].value()


def test_a_manager_writes_the_summary_and_families_see_it_with_the_date(client, world):
    weakness = world["weakness"]
    client.force_login(world["manager"])
    fingerprint = open_form(client, weakness)
    response = client.post(
        summary_url(weakness),
        {"progress_summary": "Most families now get one plan.", "fingerprint": fingerprint},
    )
    assert response.status_code == 302
    assert response["Location"] == internal_url(weakness)
    weakness.refresh_from_db()
    assert weakness.progress_summary == "Most families now get one plan."
    assert weakness.progress_summary_updated_by == world["manager"]
    assert weakness.progress_summary_updated_at is not None
    saved = weakness.history.first()
    assert saved.history_user == world["manager"]
    assert saved.progress_summary == "Most families now get one plan."
    client.logout()
    page = text_of(client.get(public_url(weakness)))
    assert "Most families now get one plan." in page
    assert f"Last updated {weakness.progress_summary_updated_at:%-d %B %Y}" in page


def test_an_empty_summary_is_refused_with_the_govuk_error_summary(client, world):
    weakness = world["weakness"]
    client.force_login(world["manager"])
    fingerprint = open_form(client, weakness)
    response = client.post(
        summary_url(weakness), {"progress_summary": "   ", "fingerprint": fingerprint}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body
    assert '<a href="#id_progress_summary">Enter a summary of progress.</a>' in body
    assert "govuk-textarea--error" in body
    assert response.context["form"].errors
    weakness.refresh_from_db()
    assert weakness.progress_summary == "" and weakness.progress_summary_updated_at is None


def test_a_summary_too_long_is_refused_and_nothing_is_saved(client, world):
    weakness = world["weakness"]
    client.force_login(world["manager"])
    fingerprint = open_form(client, weakness)
    response = client.post(
        summary_url(weakness), {"progress_summary": "word " * 1200, "fingerprint": fingerprint}
    )
    assert response.status_code == 200
    assert "The summary must be 5,000 characters or fewer" in response.content.decode()
    weakness.refresh_from_db()
    assert weakness.progress_summary == ""


@pytest.mark.parametrize(
    "data",
    [
        {"progress_summary": "Null \x00 byte", "fingerprint": ""},
        {"progress_summary": ["one", "two"], "fingerprint": "not-a-fingerprint" * 50},
        {},
    ],
)
def test_hostile_input_never_gives_a_500_and_saves_nothing(client, world, data):
    client.force_login(world["manager"])
    response = client.post(summary_url(world["weakness"]), data)
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    world["weakness"].refresh_from_db()
    assert world["weakness"].progress_summary_updated_at is None


def test_checking_the_wording_shows_hints_and_saves_nothing(client, world):
    weakness = world["weakness"]
    client.force_login(world["manager"])
    fingerprint = open_form(client, weakness)
    response = client.post(
        summary_url(weakness),
        {
            "progress_summary": "We will utilise the pathway going forward.",
            "fingerprint": fingerprint,
            "preview": "1",
        },
    )
    assert response.status_code == 200
    page = text_of(response)
    assert "Families may find this hard to read" in page
    assert "utilise" in page
    weakness.refresh_from_db()
    assert weakness.progress_summary == ""


def test_two_managers_never_silently_overwrite_each_other(client, world):
    from django.test import Client

    weakness = world["weakness"]
    first, second = client, Client()
    first.force_login(world["manager"])
    second.force_login(ProgrammeManagerFactory(username="second-manager"))
    opened_first = open_form(first, weakness)
    opened_second = open_form(second, weakness)

    saved = first.post(
        summary_url(weakness),
        {"progress_summary": "Words of the first manager.", "fingerprint": opened_first},
    )
    assert saved.status_code == 302
    clash = second.post(
        summary_url(weakness),
        {"progress_summary": "Words of the second manager.", "fingerprint": opened_second},
    )
    assert clash.status_code == 200
    page = text_of(clash)
    assert "Someone else changed this while you were editing" in page
    assert "Their version, as saved now" in page
    assert '<a href="#their-version">' in clash.content.decode()  # from the error summary
    assert "Words of the first manager." in page
    assert clash.context["form"]["progress_summary"].value() == "Words of the second manager."
    weakness.refresh_from_db()
    assert weakness.progress_summary == "Words of the first manager."

    # Saving again, knowingly, replaces theirs.
    again = second.post(
        summary_url(weakness),
        {
            "progress_summary": "Words of the second manager.",
            "fingerprint": clash.context["form"]["fingerprint"].value(),
        },
    )
    assert again.status_code == 302
    weakness.refresh_from_db()
    assert weakness.progress_summary == "Words of the second manager."
    assert [h.progress_summary for h in weakness.history.all()[:2]] == [
        "Words of the second manager.",
        "Words of the first manager.",
    ]


def test_an_archived_statements_summary_cannot_be_changed(client, world):
    Statement.objects.filter(pk=world["statement"].pk).update(status=Statement.Status.ARCHIVED)
    client.force_login(world["manager"])
    assert client.get(summary_url(world["weakness"])).status_code == 403
    response = client.post(summary_url(world["weakness"]), {"progress_summary": "Words."})
    assert response.status_code == 403
    world["weakness"].refresh_from_db()
    assert world["weakness"].progress_summary == ""
    # Its progress page is still there to read.
    assert client.get(internal_url(world["weakness"])).status_code == 200


# Freshness and the public page cache -----------------------------------------------------


def test_saving_the_summary_moves_the_statements_stamp_and_refreshes_the_cached_page(client, world):
    from django.test import Client

    weakness, statement = world["weakness"], world["statement"]
    reader = Client()
    assert "Fresh words." not in reader.get(public_url(weakness)).content.decode()  # cached now
    stamp = Statement.objects.get(pk=statement.pk).content_changed_at

    client.force_login(world["manager"])
    fingerprint = open_form(client, weakness)
    client.post(
        summary_url(weakness), {"progress_summary": "Fresh words.", "fingerprint": fingerprint}
    )

    assert Statement.objects.get(pk=statement.pk).content_changed_at > stamp
    assert "Fresh words." in reader.get(public_url(weakness)).content.decode()


# Query counts ----------------------------------------------------------------------------


def grow(world, count):
    """`count` more actions for the weakness, each with an update, a comment and a measure."""
    weakness, statement = world["weakness"], world["statement"]
    workstreams = [WorkstreamFactory(statement=statement) for _ in range(2)]
    for n in range(count):
        action = ActionFactory(
            statement=statement,
            workstream=workstreams[n % 2],
            weaknesses=[weakness],
            revised_due_date=datetime.date(2019, 12, 31) if n % 2 else None,
            revision_reason="Later." if n % 2 else "",
        )
        ProgressUpdateFactory(action=action, author=world["manager"])
        CommentFactory(action=action, author=world["representative"])
        measure = SuccessMeasureFactory(statement=statement, weakness=weakness)
        MeasurementFactory(measure=measure)
    record_parents_view(weakness, world["representative"], "some", "Another view.")


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_pages_cost_the_same_queries_for_a_small_and_a_large_weakness(client, world):
    from sutton_send import versioned_cache as cache

    manager = world["manager"]
    urls = {"public": public_url(world["weakness"]), "internal": internal_url(world["weakness"])}

    def measure():
        cache.clear()
        counts = {}
        client.logout()
        counts["public"] = queries(client, urls["public"])
        client.force_login(manager)
        counts["internal"] = queries(client, urls["internal"])
        return counts

    small = measure()
    grow(world, 30)
    large = measure()
    assert large == small
    assert small["public"] <= 12, small


def test_the_report_costs_a_fixed_number_of_queries(world, django_assert_num_queries):
    weakness = Weakness.objects.select_related("statement", "progress_summary_updated_by").get(
        pk=world["weakness"].pk
    )
    with django_assert_num_queries(6):
        weakness_progress(weakness, internal=False)
    with django_assert_num_queries(8):
        weakness_progress(weakness, internal=True)
    grow(world, 10)
    with django_assert_num_queries(6):
        weakness_progress(weakness, internal=False)
    with django_assert_num_queries(8):
        weakness_progress(weakness, internal=True)


def test_who_may_open_which_page(client, world, outsider):
    weakness = world["weakness"]
    officer, parent, manager = OfficerFactory(), world["representative"], world["manager"]
    expected = {
        None: (302, 302),
        outsider: (403, 403),
        parent: (200, 403),
        officer: (200, 403),
        manager: (200, 200),
    }
    for user, statuses in expected.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        got = (
            client.get(internal_url(weakness)).status_code,
            client.get(summary_url(weakness)).status_code,
        )
        assert got == statuses, user
    client.force_login(officer)
    assert client.post(summary_url(weakness), {"progress_summary": "No."}).status_code == 403
    weakness.refresh_from_db()
    assert weakness.progress_summary == ""


def test_the_progress_page_only_answers_get(client, world):
    client.force_login(world["manager"])
    assert client.post(internal_url(world["weakness"])).status_code == 405


def test_a_summary_changed_in_the_admin_is_stamped_with_who_and_when(client, world, manager):
    from django.contrib import admin
    from django.test import RequestFactory

    weakness = world["weakness"]
    model_admin = admin.site._registry[Weakness]
    request = RequestFactory().post("/admin/")
    request.user = manager
    form_class = model_admin.get_form(request, weakness, change=True)
    data = {
        field: getattr(weakness, field)
        for field in ("number", "title", "finding", "response", "progress_summary")
    }
    data["statement"] = weakness.statement_id
    # As the change page gives it (AdminGuardForm).
    data["fingerprint"] = form_class(instance=weakness).initial["fingerprint"]

    unchanged = form_class(data, instance=weakness)
    assert unchanged.is_valid(), unchanged.errors
    model_admin.save_model(request, unchanged.save(commit=False), unchanged, change=True)
    weakness.refresh_from_db()
    assert weakness.progress_summary_updated_by is None

    data["progress_summary"] = "Advisers are in post; families wait less."
    data["fingerprint"] = form_class(instance=weakness).initial["fingerprint"]
    changed = form_class(data, instance=weakness)
    assert changed.is_valid(), changed.errors
    model_admin.save_model(request, changed.save(commit=False), changed, change=True)
    weakness.refresh_from_db()
    assert weakness.progress_summary_updated_by == manager
    assert weakness.progress_summary_updated_at is not None


def test_the_header_links_each_reader_only_to_pages_they_may_open(client, world):
    dashboard = '<a class="govuk-service-navigation__link" href="/manage/">Dashboard</a>'
    review = '<a class="govuk-service-navigation__link" href="/review/">Review progress</a>'
    client.force_login(world["representative"])
    body = client.get(internal_url(world["weakness"])).content.decode()
    assert dashboard not in body  # the dashboard would refuse them
    assert review in body
    client.force_login(OfficerFactory())
    body = client.get(internal_url(world["weakness"])).content.decode()
    assert dashboard in body
