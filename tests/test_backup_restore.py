"""A backup restores into an empty database with nothing missing (docs/operations.md).

A full statement (the Sutton demo, with its simple-history records and progress
updates, plus an officer's update made through the site) is backed up with the
documented commands, restored into a new, empty database in a separate process,
dumped again and compared: every row of every table comes back identical.
"""

import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from actions.demo.loader import load_demo
from actions.models import Action

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"
ON_POSTGRESQL = connection.vendor == "postgresql"
PG_DUMP, PG_RESTORE = shutil.which("pg_dump"), shutil.which("pg_restore")

# The backup command of docs/operations.md: everything but what `migrate` makes
# itself (content types, permissions) and sessions (people sign in again).
DUMPDATA = [
    "dumpdata",
    "--natural-foreign",
    "--natural-primary",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
    "--exclude=sessions",
    "--indent=1",
]

# What is backed up must be committed. The role groups are made by a migration and
# an earlier transactional test's cleanup removes them: the `roles` fixture
# (tests/conftest.py) puts them back, as `migrate` makes them in the new database.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("roles")]


@pytest.fixture
def full_statement(client):
    result = load_demo(password=PASSWORD)
    action = result.statement.actions.filter(status=Action.Status.NOT_STARTED).first()
    client.post("/accounts/login/", {"username": "manager", "password": PASSWORD})
    response = client.post(
        f"/manage/actions/{action.pk}/update/",
        {
            "status": "in_progress",
            "confidence": "at_risk",
            "public_summary": "Recruitment has started.",
            "narrative": "Two posts advertised; interviews in May.",
            "version": action.version,
        },
    )
    assert response.status_code == 302
    return action


def manage(*arguments, database_url):
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY") or "tests-only-not-a-secret",
    }
    result = subprocess.run(  # noqa: S603 (this interpreter, fixed arguments)
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


# The "last updated" stamp is compared by its own test below.
STAMP = ("workstreams.statement", "content_changed_at")


# A dump keeps times to the millisecond: a time less than a millisecond after the
# second is written "…:38.000Z", reads back as "…:38", and is then written "…:38Z".
# The same instant either way (it made this test fail about once in a thousand runs).
WHOLE_SECOND = re.compile(r"\.000(?=Z$|[+-]\d\d:\d\d$)")


def rows(path, leave_out=(STAMP,)):
    """Every object of a dump, as comparable text, whatever the order."""
    objects = json.loads(path.read_text())
    for obj in objects:
        for model, field in leave_out:
            if obj["model"] == model:
                obj["fields"].pop(field, None)
        for field, value in obj["fields"].items():
            if isinstance(value, str):
                obj["fields"][field] = WHOLE_SECOND.sub("", value)
    return sorted(json.dumps(obj, sort_keys=True) for obj in objects)


def models_in(path):
    return Counter(obj["model"] for obj in json.loads(path.read_text()))


def assert_restored(original, restored, action):
    counts = models_in(original)
    for model in (
        "workstreams.statement",
        "workstreams.weakness",
        "workstreams.workstream",
        "workstreams.owner",
        "workstreams.successmeasure",
        "workstreams.measurement",
        "actions.action",
        "actions.progressupdate",
        "workstreams.historicalstatement",
        "actions.historicalaction",
        "workstreams.historicalmeasurement",
        "auth.user",
        "auth.group",
    ):
        assert counts[model] > 0, f"the backup has no {model}"
    assert models_in(restored) == counts
    assert rows(restored) == rows(original)
    # And the officer's update, with who made it, is in the restored history.
    restored_objects = json.loads(restored.read_text())
    history = [
        o["fields"]
        for o in restored_objects
        if o["model"] == "actions.historicalaction" and o["fields"]["id"] == action.pk
    ]
    assert any(h["status"] == "in_progress" and h["history_user"] == ["manager"] for h in history)
    updates = [o["fields"] for o in restored_objects if o["model"] == "actions.progressupdate"]
    assert any(u["narrative"] == "Two posts advertised; interviews in May." for u in updates)


@pytest.fixture
def empty_database(tmp_path):
    """The URL of a new, empty database of the kind the tests run on."""
    if not ON_POSTGRESQL:
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    import psycopg2

    name = f"sutton_send_restore_{uuid.uuid4().hex[:12]}"
    settings = connection.settings_dict
    server = {
        "user": settings["USER"],
        "password": settings["PASSWORD"],
        "host": settings["HOST"],
        "port": settings["PORT"],
    }
    admin = psycopg2.connect(dbname="postgres", **server)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        credentials = settings["USER"] + (
            f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
        )
        yield f"postgres://{credentials}@{settings['HOST']}:{settings['PORT']}/{name}"
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def restore_with_loaddata(backup, database_url, check):
    manage("migrate", "--noinput", database_url=database_url)
    manage("loaddata", str(backup), database_url=database_url)
    manage(*DUMPDATA, f"--output={check}", database_url=database_url)


def test_dumpdata_restores_everything_into_an_empty_database(
    full_statement, empty_database, tmp_path
):
    backup, check = tmp_path / "backup.json", tmp_path / "restored.json"
    call_command(*DUMPDATA, output=str(backup))
    restore_with_loaddata(backup, empty_database, check)
    assert_restored(backup, check, full_statement)


def test_loaddata_keeps_each_statements_last_updated_stamp(
    full_statement, empty_database, tmp_path
):
    backup, check = tmp_path / "backup.json", tmp_path / "restored.json"
    call_command(*DUMPDATA, output=str(backup))
    restore_with_loaddata(backup, empty_database, check)
    assert rows(check, leave_out=()) == rows(backup, leave_out=())


@pytest.mark.skipif(not ON_POSTGRESQL, reason="pg_dump and pg_restore are for PostgreSQL")
@pytest.mark.skipif(not (PG_DUMP and PG_RESTORE), reason="pg_dump and pg_restore are not installed")
def test_pg_dump_restores_everything_into_an_empty_database(
    full_statement, empty_database, tmp_path
):
    settings = connection.settings_dict
    server = ["-h", settings["HOST"], "-p", str(settings["PORT"]), "-U", settings["USER"]]
    backup, before, after = (
        tmp_path / "backup.dump",
        tmp_path / "before.json",
        tmp_path / "after.json",
    )
    call_command(*DUMPDATA, output=str(before))

    subprocess.run(  # noqa: S603 (fixed arguments)
        [PG_DUMP, *server, "--format=custom", f"--file={backup}", settings["NAME"]],
        check=True,
        timeout=300,
    )
    subprocess.run(  # noqa: S603 (fixed arguments)
        [
            PG_RESTORE,
            *server,
            "--no-owner",
            "--exit-on-error",
            f"--dbname={empty_database.rsplit('/', 1)[1]}",
            str(backup),
        ],
        check=True,
        timeout=300,
    )
    manage(*DUMPDATA, f"--output={after}", database_url=empty_database)

    assert_restored(before, after, full_statement)
