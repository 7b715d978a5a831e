"""generate_load_data: a large, consistent, repeatable statement for load tests."""

import datetime
import itertools
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Max, Min
from django.test.utils import CaptureQueriesContext

from actions.load_data import SLUG, generate_load_data
from actions.models import Action, Comment, ProgressUpdate
from workstreams.models import Measurement, Owner, Statement

from .factories import ActionFactory

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 3, 1)


def snapshot(statement):
    """What the load test wrote, as plain values, to compare two runs."""
    actions = Action.objects.filter(statement=statement).order_by("reference")
    return {
        "actions": list(
            actions.values_list(
                "reference", "title", "status", "confidence", "start_date", "due_date", "version"
            )
        ),
        "updates": list(
            ProgressUpdate.objects.filter(action__statement=statement)
            .order_by("action__reference", "action_version")
            .values_list("action__reference", "action_version", "status_after", "public_summary")
        ),
        "figures": list(
            Measurement.objects.filter(measure__statement=statement)
            .order_by("measure__reference", "measured_on")
            .values_list("measure__reference", "measured_on", "value")
        ),
        "comments": Comment.objects.filter(action__statement=statement).count(),
    }


def test_it_writes_in_bulk_so_its_queries_do_not_grow_with_the_size_asked_for():
    def queries(actions):
        with CaptureQueriesContext(connection) as captured:
            generate_load_data(actions, updates_per_action=2, as_of=AS_OF)
        return len(captured)

    queries(5)  # the first run also makes the load-test accounts and owners
    assert queries(20) == queries(60)


def test_it_writes_a_published_statement_of_the_size_asked_for():
    result = generate_load_data(50, updates_per_action=4, measurements_per_measure=6, as_of=AS_OF)
    statement = result.statement
    assert statement.slug == SLUG and statement.is_published
    assert statement.actions.count() == 50
    assert ProgressUpdate.objects.filter(action__statement=statement).count() == 200
    measures = statement.measures.annotate(figures=Count("measurements"))
    assert measures.count() == 3
    assert {measure.figures for measure in measures} == {6}
    assert Comment.objects.filter(action__statement=statement).exists()
    assert all(action.weaknesses.exists() for action in statement.actions.all())


def test_versions_match_the_updates_as_record_progress_leaves_them():
    generate_load_data(50, updates_per_action=3, as_of=AS_OF)
    per_action = (
        ProgressUpdate.objects.filter(action__statement__slug=SLUG)
        .values("action")
        .annotate(count=Count("pk"), first=Min("action_version"), last=Max("action_version"))
    )
    versions = dict(Action.objects.filter(statement__slug=SLUG).values_list("pk", "version"))
    for row in per_action:
        assert (row["count"], row["first"], row["last"]) == (3, 2, 4)
        assert versions[row["action"]] == row["count"] + 1


def test_each_update_starts_where_the_one_before_ended_and_the_last_is_the_action():
    generate_load_data(50, updates_per_action=3, as_of=AS_OF)
    for action in Action.objects.filter(statement__slug=SLUG).prefetch_related("updates"):
        updates = sorted(action.updates.all(), key=lambda update: update.action_version)
        assert updates[0].status_before == Action.Status.NOT_STARTED
        for before, after in itertools.pairwise(updates):
            assert after.status_before == before.status_after
            assert after.confidence_before == before.confidence_after
            assert after.created_at >= before.created_at
        assert (updates[-1].status_after, updates[-1].confidence_after) == (
            action.status,
            action.confidence,
        )
        assert updates[-1].due_date_after == action.effective_due_date


def test_every_model_rule_holds():
    generate_load_data(50, as_of=AS_OF)
    statement = Statement.objects.get(slug=SLUG)
    statement.full_clean()
    for action in statement.actions.select_related("workstream"):
        action.full_clean()
    for comment in Comment.objects.filter(action__statement=statement):
        comment.full_clean()
        assert not comment.awaits_answer  # every question has its answer
    for measure in statement.measures.prefetch_related("milestones", "measurements"):
        measure.full_clean()
        for row in [*measure.milestones.all(), *measure.measurements.all()]:
            row.full_clean()
    for owner in Owner.objects.all():
        owner.full_clean()  # an organisation outside the list has its name


def test_the_same_seed_gives_the_same_data():
    first = snapshot(generate_load_data(30, seed=7, as_of=AS_OF).statement)
    again = snapshot(generate_load_data(30, seed=7, as_of=AS_OF).statement)
    other = snapshot(generate_load_data(30, seed=8, as_of=AS_OF).statement)
    assert first == again
    assert first != other


def test_running_again_replaces_the_load_test_statement_and_leaves_others_alone():
    other = ActionFactory()
    generate_load_data(40, as_of=AS_OF)
    generate_load_data(20, as_of=AS_OF)
    assert Statement.objects.filter(slug=SLUG).count() == 1
    assert Action.objects.filter(statement__slug=SLUG).count() == 20
    assert Action.objects.filter(pk=other.pk).exists()


def test_running_again_deletes_the_history_of_the_load_test_actions_links_too():
    kept = ActionFactory()
    statement = generate_load_data(3, as_of=AS_OF).statement
    edited = statement.actions.first()
    edited.weaknesses.set(statement.weaknesses.all()[:1])
    copies = Action.history.model.weaknesses.model.objects
    assert copies.filter(action_id=edited.pk).exists()
    generate_load_data(3, as_of=AS_OF)
    assert not copies.filter(action_id=edited.pk).exists()
    assert not Action.history.filter(id=edited.pk).exists()
    assert Action.history.filter(id=kept.pk).exists()


def test_the_freshness_stamp_moves_once_at_the_end():
    before = datetime.datetime.now(datetime.UTC)
    statement = generate_load_data(10, as_of=AS_OF).statement
    assert statement.content_changed_at >= before
    assert (
        statement.content_changed_at
        >= statement.actions.aggregate(Max("updated_at"))["updated_at__max"]
    )


def test_the_command_reports_what_it_wrote_and_the_accounts_sign_in(client):
    out = StringIO()
    call_command(
        "generate_load_data",
        "--actions",
        "12",
        "--updates-per-action",
        "2",
        "--measurements-per-measure",
        "4",
        "--password",
        "a long load-test password",
        stdout=out,
    )
    assert "12 actions, 24 progress updates" in out.getvalue()
    assert client.login(username="loadtest-manager", password="a long load-test password")
    assert client.get("/manage/").status_code == 200
    assert client.get(f"/{SLUG}/").status_code == 200


def planner_row_estimate(table):
    """How many rows the database's planner statistics say `table` has (None: no statistics)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            (estimate,) = cursor.fetchone()
            return None if estimate < 0 else int(estimate)
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return None
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
        row = cursor.fetchone()
        return int(row[0].split()[0]) if row else None


def test_the_command_leaves_the_planner_statistics_of_what_it_wrote():
    call_command("generate_load_data", "--actions", "30", stdout=StringIO())
    assert planner_row_estimate("actions_action") == Action.objects.count() == 30
    assert planner_row_estimate("actions_progressupdate") == ProgressUpdate.objects.count()


def test_running_again_also_clears_progress_reports_published_of_the_load_test(manager):
    from reports.services import publish_progress_report

    statement = generate_load_data(5, as_of=AS_OF).statement
    publish_progress_report(statement, AS_OF, "", manager, today=AS_OF)
    again = generate_load_data(5, as_of=AS_OF).statement
    assert again.progress_reports.count() == 0
