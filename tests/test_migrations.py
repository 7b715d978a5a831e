"""Data steps of migrations, run forwards on a database that already holds statements."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from workstreams.models import Owner, Statement

from .factories import OwnerFactory, StatementFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("roles")]


def migrate(*targets):
    executor = MigrationExecutor(connection)
    executor.migrate(list(targets) or executor.loader.graph.leaf_nodes())


def test_statements_there_before_content_versions_each_get_their_own():
    """Cache keys and ETags carry the version: two statements sharing one (the
    column's default is computed once for every existing row) could serve each
    other's cached pages."""
    first, second = StatementFactory(), StatementFactory()
    migrate(("workstreams", "0003_measurement_note_limit"))
    try:
        migrate(("workstreams", "0004_statement_content_version"))
    finally:
        migrate()
    versions = set(Statement.objects.values_list("content_version", flat=True))
    assert len(versions) == 2
    assert {first.content_version, second.content_version}.isdisjoint(versions)


def test_owners_there_before_organisation_names_keep_their_organisation():
    """Every owner saved before names were kept passes the new rules as it is: a listed
    organisation has no name, and one outside the list still reads "Other partner"
    until someone gives its name."""
    council = OwnerFactory(organisation=Owner.Organisation.COUNCIL)
    other = OwnerFactory(organisation=Owner.Organisation.OTHER)
    migrate(("workstreams", "0005_statement_discussion_version"))
    try:
        migrate(("workstreams", "0006_owner_organisation_name"))
    finally:
        migrate()
    assert sorted(Owner.objects.values_list("pk", "organisation", "organisation_name")) == [
        (council.pk, "council", ""),
        (other.pk, "other", ""),
    ]
    assert Owner.objects.get(pk=other.pk).organisation_label == "Other partner"


def test_owners_that_differ_only_in_capitals_are_named_before_the_rule_is_added():
    """The database would refuse the constraint with a message nobody can act on."""
    migrate(("workstreams", "0006_owner_organisation_name"))
    try:
        kept = OwnerFactory(job_title="Head of SEND", organisation=Owner.Organisation.COUNCIL)
        clash = OwnerFactory(job_title="head of send", organisation=Owner.Organisation.COUNCIL)
        OwnerFactory(job_title="head of send", organisation=Owner.Organisation.CCG)
        with pytest.raises(RuntimeError, match="differ only in capital letters") as refused:
            migrate(("workstreams", "0007_owner_job_title_unique_in_any_case"))
        assert f"#{kept.pk} “Head of SEND” (council) and #{clash.pk}" in str(refused.value)
        Owner.objects.filter(pk=clash.pk).update(job_title="Deputy head of SEND")
    finally:
        migrate()
    assert Owner.objects.count() == 3
