"""`manage.py load_demo`: the published Sutton demo statement and the demo accounts."""

import ast
import io
import re
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from actions import roles
from actions.demo import sutton
from actions.models import Action, Comment, ProgressUpdate
from workstreams.models import Owner, Statement, SuccessMeasure, Workstream

pytestmark = pytest.mark.django_db

PASSWORD = "demo-password-for-tests"
DEMO_LOGINS = ["manager", "officer", "lead", "parent"]
DEMO_DIR = Path(sutton.__file__).parent

# People named in the source documents (seeds/): real people, who must never be
# given invented words or actions. Surnames, and the first names used with them.
REAL_PEOPLE = [
    "Dombey", "Mathys", "Crowley", "Batt", "Scott", "Burley", "Bande", "Comfort",
    "Harrison", "Ireland", "Sheridan", "Phelps", "James",
    "Ruthy", "Ruth", "Wendy", "Tim", "Jenny", "Sharon", "Tracey", "Lily", "Ian", "Bob",
    "Nick", "Mike", "Fiona",
]  # fmt: skip
REAL_PERSON = re.compile(r"\b(" + "|".join(REAL_PEOPLE) + r")\b")


def load(*args):
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def demo():
    load("--password", PASSWORD)
    return Statement.objects.get(slug="sutton-2018")


def table_counts():
    """Rows in every table of the project's apps, history and many-to-many tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in {"workstreams", "actions", "auth"}
    }


def signs_in(username, password):
    request = RequestFactory().post("/accounts/login/")
    return authenticate(request, username=username, password=password) is not None


# What the demo contains --------------------------------------------------------------


def test_the_demo_is_one_published_statement_with_three_weaknesses_and_four_workstreams(demo):
    assert Statement.objects.count() == 1
    assert demo.is_published
    assert demo.published_at is not None
    assert str(demo.inspection_published_on) == "2018-03-23"
    assert str(demo.submitted_on) == "2018-07-03"
    assert str(demo.evaluated_on) == "2018-07-19"
    assert demo.evaluation_outcome == "Fit for purpose"
    assert demo.weaknesses.count() == 3
    assert demo.workstreams.count() == 4


def test_every_workstream_has_a_parent_representative_and_a_monitoring_arrangement(demo):
    for workstream in demo.workstreams.all():
        assert workstream.parent_representatives.count() >= 1, workstream
        assert workstream.monitoring_arrangements
        assert workstream.weaknesses.exists()


def test_the_demo_has_20_to_40_actions_taken_and_planned_with_precise_timescales(demo):
    actions = demo.actions.all()
    assert 20 <= actions.count() <= 40
    assert {action.phase for action in actions} == {Action.Phase.TAKEN, Action.Phase.PLANNED}
    assert {action.status for action in actions} == set(Action.Status.values)
    for action in actions:
        assert 2018 <= action.start_date.year <= 2020
        assert 2018 <= action.due_date.year <= 2020
        assert action.weaknesses.exists()


def test_some_actions_have_a_revised_due_date_with_a_reason(demo):
    revised = demo.actions.filter(revised_due_date__isnull=False)
    assert revised.count() >= 3
    for action in revised:
        assert action.revised_due_date > action.due_date
        assert action.revision_reason


def test_the_designated_medical_officer_owns_audit_and_training_actions(demo):
    dmo = Owner.objects.get(job_title__icontains="Designated Medical Officer")
    titles = " ".join(demo.actions.filter(owner=dmo).values_list("title", flat=True)).lower()
    assert "audit" in titles
    assert "train" in titles


def test_owners_are_roles_with_example_org_emails(demo):
    for owner in Owner.objects.all():
        assert owner.job_title
        assert owner.email.endswith("@example.org")


def test_the_information_advice_and_support_manager_works_for_a_named_organisation(demo):
    manager = Owner.objects.get(job_title="Information, Advice and Support Service Manager")
    assert manager.organisation == Owner.Organisation.OTHER
    assert str(manager) == (
        "Information, Advice and Support Service Manager, "
        "Sutton Information, Advice and Support Service"
    )
    assert demo.actions.filter(owner=manager).exists()


def test_the_demo_has_measures_with_targets_and_values_and_one_without_data_yet(demo):
    measures = demo.measures.all()
    assert measures.count() >= 5
    with_values = [measure for measure in measures if measure.measurements.exists()]
    assert len(with_values) >= 5
    assert any(measure.trend == SuccessMeasure.Trend.NO_DATA for measure in measures)
    assert any(measure.milestones.exists() for measure in measures)
    titles = " ".join(measure.title for measure in measures).lower()
    for subject in ("fixed-term exclusions", "permanent exclusions", "refused", "20 weeks"):
        assert subject in titles
    assert "audit" in titles
    assert "iass" in titles


def test_every_demo_measure_and_figure_keeps_the_models_rules(demo):
    for measure in demo.measures.prefetch_related("milestones", "measurements"):
        measure.full_clean()
        for row in [*measure.milestones.all(), *measure.measurements.all()]:
            row.full_clean()


def test_every_started_action_has_updates_and_is_in_the_state_of_its_latest_update(demo):
    for action in demo.actions.all():
        updates = action.updates.order_by("-created_at", "-pk")
        if action.status != Action.Status.NOT_STARTED:
            assert updates.exists(), action
        latest = updates.first()
        if latest is not None:
            assert latest.status_after == action.status, action
            assert latest.confidence_after == action.confidence, action
            assert latest.due_date_after == action.effective_due_date, action
            assert latest.public_summary


def test_progress_is_dated_in_2018_to_2020_and_written_by_the_owner_or_the_manager(demo):
    User = get_user_model()
    manager = User.objects.get(username="manager")
    for update in ProgressUpdate.objects.select_related("action__owner"):
        assert 2018 <= update.created_at.year <= 2020
        assert update.author in (update.action.owner.user, manager)


def test_comments_come_from_parent_representatives_of_the_actions_workstream(demo):
    for comment in Comment.objects.filter(reply_to=None).select_related("action"):
        assert comment.action.workstream.parent_representatives.filter(
            pk=comment.author_id
        ).exists()


# Accounts --------------------------------------------------------------------------


def test_the_demo_accounts_have_their_roles(demo):
    User = get_user_model()
    groups = {
        "manager": roles.PROGRAMME_MANAGERS,
        "officer": roles.OFFICERS,
        "lead": roles.OFFICERS,
        "parent": roles.PARENT_REPRESENTATIVES,
    }
    for username, group in groups.items():
        assert User.objects.get(username=username).groups.filter(name=group).exists()
    assert Action.objects.filter(owner__user__username="officer").exists()
    assert Workstream.objects.filter(lead__user__username="lead").exists()
    assert SuccessMeasure.objects.filter(owner__user__username="lead").exists()
    assert Workstream.objects.filter(parent_representatives__username="parent").count() == 2


def test_missing_role_groups_are_made_again_with_their_permissions():
    """A database flush (as in transactional tests) removes the groups migrations made."""
    Group.objects.all().delete()

    load("--password", PASSWORD)

    for name, perms in roles.ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=name)
        granted = set(group.permissions.values_list("content_type__app_label", "codename"))
        assert granted == set(perms)


def test_the_demo_accounts_sign_in_with_the_given_password(demo):
    for username in DEMO_LOGINS:
        assert signs_in(username, PASSWORD), username


def test_the_other_parent_representatives_cannot_sign_in(demo):
    for user in get_user_model().objects.filter(username__in=["parent2", "parent3"]):
        assert not user.has_usable_password()


def test_the_command_prints_the_logins_and_the_address():
    output = load("--password", PASSWORD)
    for username in DEMO_LOGINS:
        assert username in output
    assert PASSWORD in output
    assert "Open http://127.0.0.1:8000/ and sign in at http://127.0.0.1:8000/accounts/login/" in (
        output
    )


def test_the_address_printed_is_the_sites(settings):
    """`make run PORT=8123` sets SITE_URL: the address printed was always port 8000."""
    settings.SITE_URL = "http://127.0.0.1:8123"
    output = load("--password", PASSWORD)
    assert "Open http://127.0.0.1:8123/ and sign in at http://127.0.0.1:8123/accounts/login/" in (
        output
    )


def test_without_a_password_new_accounts_get_a_printed_random_password():
    output = load()
    match = re.search(r"^\s+manager\s+.+?\s+(\S+)$", output, re.MULTILINE)
    password = match.group(1)
    assert password != "unchanged"
    assert len(password) >= 12
    for username in DEMO_LOGINS:
        assert signs_in(username, password), username


def test_a_weak_password_is_refused():
    with pytest.raises(CommandError):
        load("--password", "short")
    assert not Statement.objects.exists()


# Running it again ------------------------------------------------------------------


def test_running_it_twice_changes_nothing(demo):
    before = table_counts()
    stamps = Statement.objects.values_list("updated_at", "content_changed_at").get()
    versions = dict(Action.objects.values_list("reference", "version"))
    hashes = dict(get_user_model().objects.values_list("username", "password"))

    output = load("--password", PASSWORD)

    assert "already loaded" in output
    assert table_counts() == before
    assert Statement.objects.values_list("updated_at", "content_changed_at").get() == stamps
    assert dict(Action.objects.values_list("reference", "version")) == versions
    assert dict(get_user_model().objects.values_list("username", "password")) == hashes
    for username in DEMO_LOGINS:
        assert signs_in(username, PASSWORD), username


def test_running_again_without_a_password_keeps_the_existing_passwords(demo):
    before = table_counts()

    output = load()

    assert "unchanged" in output
    assert table_counts() == before
    for username in DEMO_LOGINS:
        assert signs_in(username, PASSWORD), username


def test_running_again_with_a_new_password_changes_only_the_passwords(demo):
    before = table_counts()

    load("--password", "another-demo-password")

    assert table_counts() == before
    for username in DEMO_LOGINS:
        assert signs_in(username, "another-demo-password"), username


# Real people -----------------------------------------------------------------------


def demo_strings():
    for path in sorted(DEMO_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield path.name, node.value


def test_no_real_person_from_the_sources_is_named_in_the_demo():
    found = [(name, text) for name, text in demo_strings() if REAL_PERSON.search(text)]
    assert found == []


def test_no_real_person_from_the_sources_is_named_in_the_loaded_data(demo):
    for model in apps.get_models():
        if model._meta.app_label not in {"workstreams", "actions", "auth"}:
            continue
        text_fields = [
            field.name
            for field in model._meta.concrete_fields
            if field.get_internal_type() in {"CharField", "TextField", "EmailField"}
        ]
        if not text_fields:
            continue
        for row in model._default_manager.values_list(*text_fields):
            for value in row:
                assert not REAL_PERSON.search(value or ""), (model._meta.label, value)
