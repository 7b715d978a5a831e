"""When the database goes away, pages say "service unavailable" (503), and recover.

The first tests make the database fail in every database; the rest take a real
PostgreSQL server away: its backend is terminated (as a restart or failover
would), or the address stops answering, and comes back.
"""

import pytest
from django.db import OperationalError, connection
from django.db.backends.utils import CursorWrapper
from django.test import Client

from .factories import ActionFactory

ON_POSTGRESQL = connection.vendor == "postgresql"
postgresql_only = pytest.mark.skipif(
    not ON_POSTGRESQL,
    reason="needs a database server to take away: run with DATABASE_URL=postgres://…",
)

UNAVAILABLE = "Sorry, the service is unavailable"


def assert_unavailable_page(response):
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert f'<h1 class="govuk-heading-l">{UNAVAILABLE}</h1>' in html
    assert "govuk-template__body" in html
    for leak in ("Traceback", "OperationalError", "psycopg", "sqlite", "SELECT"):
        assert leak not in html
    # The security headers are still there.
    assert "Content-Security-Policy" in response
    assert response["X-Frame-Options"] == "DENY"


@pytest.fixture
def database_down(monkeypatch):
    """Every query fails as it would with the server gone."""

    def refuse(self, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    def down():
        monkeypatch.setattr(CursorWrapper, "_execute", refuse)
        monkeypatch.setattr(CursorWrapper, "_executemany", refuse)

    return down


@pytest.mark.django_db
def test_a_page_whose_view_loses_the_database_is_a_503(client, database_down):
    ActionFactory()
    database_down()
    assert_unavailable_page(client.get("/"))


@pytest.mark.django_db
def test_a_signed_in_page_that_loses_the_database_in_middleware_is_a_503(officer, database_down):
    # Loading the session fails before any view runs.
    client = Client(raise_request_exception=False)
    client.force_login(officer)
    database_down()
    assert_unavailable_page(client.get("/manage/"))


@pytest.mark.django_db
def test_a_failure_that_is_not_the_database_is_still_a_500(monkeypatch):
    from public.views import statement

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(statement.Statement.objects, "published", broken)
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


@pytest.mark.django_db
def test_the_outage_is_logged(client, database_down, caplog):
    database_down()
    client.get("/glossary/")
    assert any(
        r.name == "sutton_send.database" and "Database unavailable: GET '/glossary/'" in r.message
        for r in caplog.records
    )


@pytest.mark.django_db
def test_the_health_probes_tell_the_load_balancer(client, database_down):
    database_down()
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json() == {"status": "unavailable", "database": "unreachable"}


# A real PostgreSQL server going away ----------------------------------------------
# These commit, so they are transactional; the `roles` fixture (tests/conftest.py)
# puts back the role groups an earlier transactional test's cleanup removed.


def terminate_the_apps_connection():
    """From a second connection, end the app's backend, as a restart or failover does."""
    import psycopg2

    backend = connection.connection.get_backend_pid()
    settings = connection.settings_dict
    admin = psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"],
    )
    try:
        admin.autocommit = True
        with admin.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [backend])
            assert cursor.fetchone() == (True,)
    finally:
        admin.close()


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_a_terminated_connection_gives_a_503_and_the_next_request_recovers(client):
    ActionFactory()
    assert client.get("/").status_code == 200
    terminate_the_apps_connection()
    assert_unavailable_page(client.get("/"))
    assert client.get("/").status_code == 200
    assert client.get("/readyz").json() == {"status": "ok", "database": "ok"}


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_the_database_going_away_mid_request_gives_a_503(client, monkeypatch):
    """The connection is killed after the request has started, before its first query."""
    from django.core.signals import request_started

    ActionFactory()
    assert client.get("/").status_code == 200

    def kill(**kwargs):
        request_started.disconnect(kill)
        terminate_the_apps_connection()

    request_started.connect(kill)
    try:
        assert_unavailable_page(client.get("/"))
    finally:
        request_started.disconnect(kill)
    assert client.get("/").status_code == 200


@postgresql_only
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("roles")
def test_a_stopped_database_gives_a_503_until_it_starts_again(client, officer):
    """The server stops answering (here: its address points nowhere), then comes back."""
    client.force_login(officer)
    assert client.get("/manage/").status_code == 200
    settings = connection.settings_dict
    port = settings["PORT"]
    connection.close()
    settings["PORT"] = "1"  # nothing listens there: connecting is refused
    try:
        outage = Client(raise_request_exception=False)
        outage.cookies = client.cookies
        assert_unavailable_page(outage.get("/manage/"))
        assert_unavailable_page(outage.get("/"))
        assert outage.get("/readyz").status_code == 503
    finally:
        settings["PORT"] = port
        connection.close()
    assert client.get("/manage/").status_code == 200
    assert client.get("/readyz").status_code == 200
