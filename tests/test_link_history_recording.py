"""Each change to an action's links is recorded in its history, once, with who made it.

django-simple-history writes a record for every add, remove or clear of a link;
actions/models/link_history.py folds a change made in the transaction that wrote the
action's newest record into that record, so one save is one record. Outside a
transaction each change is its own record, as the library makes it.
"""

from types import SimpleNamespace

import pytest
from django.db import transaction
from simple_history.models import HistoricalRecords

from actions.models import Action
from actions.spreadsheet.writer import statement_workbook

from .factories import ActionFactory, SuccessMeasureFactory, WeaknessFactory
from .form_pages import form_values_of
from .spreadsheet_builders import edited, example_workbook, import_file

transactional = pytest.mark.django_db(transaction=True)


def linked(record):
    weaknesses = sorted(link.weakness_id for link in record.weaknesses.all())
    measures = sorted(link.successmeasure_id for link in record.measures.all())
    return weaknesses, measures


@pytest.fixture
def parts(db):
    first = WeaknessFactory(number=1)
    statement = first.statement
    return {
        "statement": statement,
        "weaknesses": [first, *(WeaknessFactory(statement=statement, number=n) for n in (2, 3))],
        "measure": SuccessMeasureFactory(statement=statement, reference="M1"),
    }


@transactional
@pytest.mark.usefixtures("roles")
def test_outside_a_transaction_each_link_change_is_its_own_record(manager, parts):
    first, second, _third = parts["weaknesses"]
    action = ActionFactory(statement=parts["statement"], weaknesses=[first])
    action._history_user = manager
    action.measures.add(parts["measure"])
    action.weaknesses.add(second)
    records = list(action.history.all())
    assert [r.history_type for r in records] == ["~", "~", "~", "+"]
    assert [r.history_user for r in records] == [manager, manager, None, None]
    assert [linked(r) for r in records] == [
        ([first.pk, second.pk], [parts["measure"].pk]),
        ([first.pk], [parts["measure"].pk]),
        ([first.pk], []),
        ([], []),
    ]


@transactional
@pytest.mark.usefixtures("roles")
def test_a_save_and_its_link_changes_in_one_transaction_are_one_record(manager, parts):
    first, second, third = parts["weaknesses"]
    action = ActionFactory(statement=parts["statement"], weaknesses=[first])
    before = action.history.count()
    with transaction.atomic():
        action._history_user = manager
        action.title = "A new title"
        action.save()
        action.weaknesses.set([second])
        action.measures.set([parts["measure"]])
    assert action.history.count() == before + 1
    newest = action.history.first()
    assert (newest.title, newest.history_user) == ("A new title", manager)
    assert linked(newest) == ([second.pk], [parts["measure"].pk])
    # Once that transaction has committed, a later change is a record of its own.
    with transaction.atomic():
        action.weaknesses.add(third)
    assert action.history.count() == before + 2
    assert linked(newest) == ([second.pk], [parts["measure"].pk])
    assert linked(action.history.first()) == ([second.pk, third.pk], [parts["measure"].pk])


@transactional
@pytest.mark.usefixtures("roles")
def test_a_record_rolled_back_is_never_given_later_links(manager, parts):
    first, second, _third = parts["weaknesses"]
    action = ActionFactory(statement=parts["statement"], weaknesses=[first])
    before = action.history.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        action.title = "Never saved"
        action.save()
        raise RuntimeError
    with transaction.atomic():
        action.weaknesses.add(second)
    assert action.history.count() == before + 1
    assert linked(action.history.first()) == ([first.pk, second.pk], [])


@transactional
@pytest.mark.usefixtures("roles")
def test_a_record_written_after_a_rollback_is_not_taken_for_this_transactions(manager, parts):
    first, second, _third = parts["weaknesses"]
    action = ActionFactory(statement=parts["statement"], weaknesses=[first])
    with pytest.raises(RuntimeError), transaction.atomic():
        action.save()
        raise RuntimeError
    # SQLite gives this record the number the rolled-back one had.
    action.title = "Saved outside a transaction"
    action.save()
    before = action.history.count()
    with transaction.atomic():
        action.weaknesses.add(second)
    assert action.history.count() == before + 1
    assert linked(action.history.all()[1]) == ([first.pk], [])


@pytest.mark.django_db
def test_a_change_from_the_other_end_is_recorded_on_the_action_not_the_weakness(parts):
    first, second, _third = parts["weaknesses"]
    measure = parts["measure"]
    action = ActionFactory(statement=parts["statement"], weaknesses=[first])
    action.measures.add(measure)
    second.actions.add(action)
    first.actions.remove(action)
    assert linked(action.history.first()) == ([second.pk], [measure.pk])
    measure.actions.clear()
    assert linked(action.history.first()) == ([second.pk], [])
    assert second.history.count() == 1  # created, and nothing since
    assert measure.history.count() == 1


@transactional
@pytest.mark.usefixtures("roles")
def test_a_link_change_that_changes_nothing_records_nothing(parts):
    first, second, _third = parts["weaknesses"]
    action = ActionFactory(statement=parts["statement"], weaknesses=[first])
    before = action.history.count()
    action.weaknesses.add(first)
    action.weaknesses.remove(second)
    second.actions.remove(action)
    action.measures.clear()
    parts["measure"].actions.clear()
    assert action.history.count() == before


@transactional
@pytest.mark.usefixtures("roles")
def test_a_save_rolled_back_to_a_savepoint_leaves_the_outer_save_one_record(manager, parts):
    first, second, _third = parts["weaknesses"]
    action = ActionFactory(statement=parts["statement"], weaknesses=[first])
    before = action.history.count()
    with transaction.atomic():
        action.title = "Saved"
        action.save()
        with pytest.raises(RuntimeError), transaction.atomic():
            action.title = "Rolled back"
            action.save()
            raise RuntimeError
        action.weaknesses.add(second)
    assert action.history.count() == before + 1
    assert action.history.first().title == "Saved"
    assert linked(action.history.first()) == ([first.pk, second.pk], [])


@transactional
@pytest.mark.usefixtures("roles")
def test_deleting_a_linked_weakness_is_recorded_on_the_action_by_whoever_deleted_it(manager, parts):
    first, second, _third = parts["weaknesses"]
    action = ActionFactory(statement=parts["statement"], weaknesses=[first, second])
    untouched = ActionFactory(statement=parts["statement"], weaknesses=[first])
    before = untouched.history.count()
    second._history_user = manager
    with transaction.atomic():
        HistoricalRecords.context.request = SimpleNamespace(user=manager)
        try:
            second.delete()
        finally:
            del HistoricalRecords.context.request
    newest = action.history.first()
    assert (newest.history_type, newest.history_user) == ("~", manager)
    assert linked(newest) == ([first.pk], [])
    assert untouched.history.count() == before


@pytest.fixture
def imported(manager, django_capture_on_commit_callbacks):
    """A statement imported and committed, as a first import would be."""
    with django_capture_on_commit_callbacks(execute=True):
        return import_file(example_workbook(), manager, name="template.xlsx").statement


@pytest.mark.django_db
def test_an_imported_change_of_wording_and_links_is_one_record_by_the_importer(manager, imported):
    statement = imported
    action = Action.objects.get(statement=statement, reference="2.7")
    before = action.history.count()
    data = edited(
        statement_workbook(statement),
        {
            ("actions", "2.7", "title"): "Publish the SEND strategy, written with families",
            ("actions", "2.7", "weakness_numbers"): "2;3",
            ("actions", "2.7", "measure_references"): "M1",
        },
    )
    import_file(data, manager, name="edited.xlsx")
    assert action.history.count() == before + 1
    newest = action.history.first()
    assert newest.history_user == manager
    numbers = statement.weaknesses.filter(number__in=[2, 3]).values_list("pk", flat=True)
    assert linked(newest)[0] == sorted(numbers)


@pytest.mark.django_db
def test_an_import_that_changes_only_links_leaves_a_record_of_them(manager, imported):
    action = Action.objects.get(statement=imported, reference="2.7")
    before = action.history.count()
    data = edited(statement_workbook(imported), {("actions", "2.7", "weakness_numbers"): "2;3"})
    import_file(data, manager, name="edited.xlsx")
    assert action.history.count() == before + 1
    numbers = imported.weaknesses.filter(number__in=[2, 3]).values_list("pk", flat=True)
    assert linked(action.history.first())[0] == sorted(numbers)


@pytest.mark.django_db
def test_an_import_that_changes_only_links_names_the_importer(manager, imported):
    action = Action.objects.get(statement=imported, reference="2.7")
    data = edited(statement_workbook(imported), {("actions", "2.7", "weakness_numbers"): "2;3"})
    import_file(data, manager, name="edited.xlsx")
    assert action.history.first().history_user == manager


@transactional
@pytest.mark.usefixtures("roles")
def test_reverting_in_the_admin_is_one_record_with_the_links_chosen(admin_client, parts):
    first, second, _third = parts["weaknesses"]
    action = ActionFactory(statement=parts["statement"], weaknesses=[first])
    with transaction.atomic():
        action.title = "A later title"
        action.save()
        action.weaknesses.set([second])
    earlier = action.history.order_by("history_id").first()
    address = f"/admin/actions/action/{action.pk}/history/{earlier.history_id}/"
    data = form_values_of(admin_client.get(address).context["adminform"].form)
    data["weaknesses"] = [str(first.pk)]
    before = action.history.count()
    assert admin_client.post(address, data).status_code == 302
    assert action.history.count() == before + 1
    newest = action.history.first()
    assert newest.title == earlier.title
    assert linked(newest) == ([first.pk], [])
