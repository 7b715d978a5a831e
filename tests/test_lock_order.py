"""Saves take their locks in one order, so two at once wait for each other, never deadlock.

Every change inside a statement updates the statement's row in the end (its stamp,
workstreams.freshness). The spreadsheet import and the plan forms lock that row
before anything in it, and so do a progress update and a figure
(StatementQuerySet.lock_for_change). Whoever hides or publishes a comment locks it,
then the statement's row, so an answer locks the comments it answers before it is
saved. Taken the other way round, PostgreSQL would end one of the two saves with an
error: a server error for the officer or parent. These tests run two saves at once on
PostgreSQL (DATABASE_URL=postgres://…); SQLite runs one writer at a time.
"""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.urls import reverse

from actions.coproduction import hide_comment, post_comment
from actions.models import Action, Comment
from actions.services import ProgressChange, record_progress
from workspace.forms.measurement import MeasurementForm
from workstreams.models import Measurement, Statement, SuccessMeasure

from .factories import StatementFactory, SuccessMeasureFactory

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks: run with DATABASE_URL=postgres://… (SQLite runs one writer at a time)",
    ),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("roles"),  # an earlier transactional test's cleanup removes them
]


def run_at_once(hold, then, second):
    """In one transaction `hold` (take a lock), then `then`; `second` starts in between.

    Returns what happened to each: "done" or the error's class name.
    """
    results = {}
    holding = threading.Event()

    def first():
        try:
            with transaction.atomic():
                hold()
                holding.set()
                time.sleep(0.5)  # the other save starts, and takes what it takes first
                then()
            results["first"] = "done"
        except Exception as error:  # the test reports any failure
            results["first"] = type(error).__name__
        finally:
            connection.close()

    def other():
        try:
            second()
            results["second"] = "done"
        except Exception as error:
            results["second"] = type(error).__name__
        finally:
            connection.close()

    first_thread = threading.Thread(target=first)
    first_thread.start()
    assert holding.wait(10)
    second_thread = threading.Thread(target=other)
    second_thread.start()
    first_thread.join(20)
    second_thread.join(20)
    return results


def lock_statement(statement):
    """What the import does first."""
    return lambda: Statement.objects.select_for_update().get(pk=statement.pk)


def lock_actions(statement):
    """What the import does when it comes to the actions."""
    return lambda: list(Action.objects.select_for_update().filter(statement=statement))


def test_an_update_during_an_import_waits_for_it(action, officer):
    def update():
        record_progress(
            Action.objects.get(pk=action.pk),
            officer,
            ProgressChange(status=Action.Status.IN_PROGRESS, confidence="on_track"),
            expected_version=action.version,
        )

    statement = action.statement
    results = run_at_once(lock_statement(statement), lock_actions(statement), update)
    assert results == {"first": "done", "second": "done"}
    assert Action.objects.get(pk=action.pk).status == Action.Status.IN_PROGRESS


def test_a_figure_typed_during_an_import_is_checked_against_what_it_saved(officer):
    measure = SuccessMeasureFactory(
        statement=StatementFactory(draft=True),
        baseline_date=datetime.date(2018, 3, 31),
        baseline_value=Decimal("60"),
        target_value=Decimal("40"),
    )
    form = MeasurementForm({"measured_on": "2019-03-31", "value": "150"}, measure=measure)
    assert form.is_valid(), form.errors  # 150 suits a count
    form.instance.recorded_by = officer

    def import_a_new_unit():
        SuccessMeasure.objects.filter(pk=measure.pk).update(unit=SuccessMeasure.Unit.PERCENTAGE)

    results = run_at_once(lock_statement(measure.statement), import_a_new_unit, form.save)
    assert results == {"first": "done", "second": "ValidationError"}
    assert form.errors["value"] == ["Enter a percentage between 0 and 100."]
    assert not Measurement.objects.filter(measure=measure).exists()


def test_an_answer_posted_while_its_question_is_hidden_waits_for_it(
    action, parent, officer, manager
):
    question = post_comment(action, parent, "Why do plans take so long?")

    def lock_question():
        Comment.objects.select_for_update().get(pk=question.pk)

    def hide():
        hide_comment(question, manager, "It names a child.")

    def answer():
        post_comment(action, officer, "We are hiring.", reply_to=question)

    assert run_at_once(lock_question, hide, answer) == {"first": "done", "second": "done"}
    question.refresh_from_db()
    assert question.is_hidden


def test_an_owner_edited_during_an_import_that_changes_them_too_waits_for_it(
    client, manager, monkeypatch
):
    """The owner is in two statements; the import of the second renames them.

    Saving an owner touches every statement showing them. Had the import locked
    only its own statement, and the owner's page the owner's row first, each
    would wait for the other: the import for the owner, the page for the
    statement.
    """
    from actions.spreadsheet.apply import _Applier
    from actions.spreadsheet.writer import statement_workbook

    from .factories import ActionFactory, OwnerFactory, WorkstreamFactory
    from .form_pages import form_values
    from .spreadsheet_builders import edited, import_file

    owner = OwnerFactory(job_title="Head of SEND", email="owner-before@example.org")
    first, second = (StatementFactory(draft=True) for _ in range(2))
    for statement in (first, second):
        ActionFactory(
            statement=statement, workstream=WorkstreamFactory(statement=statement), owner=owner
        )
    renamed = edited(statement_workbook(second), {("owners", "Head of SEND", "name"): "Sam Jones"})
    client.force_login(manager)
    page = reverse("workspace:owner_edit", kwargs={"pk": owner.pk})
    data = form_values(client.get(page)) | {"email": "send.lead@example.org"}

    locked = threading.Event()
    statement_step = _Applier._statement

    def statement_then_pause(applier):
        statement_step(applier)
        locked.set()
        time.sleep(0.5)  # the owner's page is saved now, and takes what it takes first

    monkeypatch.setattr(_Applier, "_statement", statement_then_pause)
    results = {}

    def run(name, work):
        try:
            work()
            results[name] = "done"
        except Exception as error:  # the test reports any failure
            results[name] = type(error).__name__
        finally:
            connection.close()

    def save_page():
        response = client.post(page, data)
        results["conflict"] = response.status_code == 200 and "changed" in response.text

    importing = threading.Thread(
        target=run, args=("import", lambda: import_file(renamed, manager, name="renamed.xlsx"))
    )
    importing.start()
    assert locked.wait(10)
    saving = threading.Thread(target=run, args=("page", save_page))
    saving.start()
    importing.join(20)
    saving.join(20)
    assert results == {"import": "done", "page": "done", "conflict": True}
    # The page was opened before the import: it shows what changed, and saves nothing.
    owner.refresh_from_db()
    assert (owner.name, owner.email) == ("Sam Jones", "owner-before@example.org")


def test_a_figure_corrected_in_the_admin_during_an_import_waits_for_it(admin_client):
    """The admin locks the statement before the figure, as every other save does."""
    from .factories import MeasurementFactory
    from .form_pages import form_values_of

    measure = SuccessMeasureFactory(statement=StatementFactory(draft=True))
    figure = MeasurementFactory(measure=measure, measured_on=measure.baseline_date, value=70)
    page = f"/admin/workstreams/measurement/{figure.pk}/change/"
    data = form_values_of(admin_client.get(page).context["adminform"].form) | {
        "note": "Corrected from the council's return."
    }

    def import_saves_the_figure():
        Measurement.objects.get(pk=figure.pk).save()

    def correct():
        response = admin_client.post(page, data)
        assert response.status_code == 302, response.status_code

    results = run_at_once(lock_statement(measure.statement), import_saves_the_figure, correct)
    assert results == {"first": "done", "second": "done"}
    assert Measurement.objects.get(pk=figure.pk).note == "Corrected from the council's return."
