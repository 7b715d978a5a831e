"""Data steps of migrations, run forwards on a database that already holds statements."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from workstreams.models import Statement

from .factories import StatementFactory

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
