import pytest

from .factories import (
    ActionFactory,
    OfficerFactory,
    OwnerFactory,
    ParentRepresentativeFactory,
    ProgrammeManagerFactory,
    UserFactory,
    WorkstreamFactory,
)


@pytest.fixture
def manager(db):
    return ProgrammeManagerFactory(username="manager")


@pytest.fixture
def officer(db):
    return OfficerFactory(username="officer")


@pytest.fixture
def lead(db):
    return OfficerFactory(username="lead")


@pytest.fixture
def parent(db):
    return ParentRepresentativeFactory(username="parent")


@pytest.fixture
def outsider(db):
    """Signed in, but in no role."""
    return UserFactory(username="outsider")


@pytest.fixture
def action(db, officer, lead):
    """An action owned by `officer`, in a workstream led by `lead`."""
    workstream = WorkstreamFactory(lead=OwnerFactory(user=lead))
    return ActionFactory(
        statement=workstream.statement, workstream=workstream, owner=OwnerFactory(user=officer)
    )


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing is deliberately slow; tests need it fast, not strong."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_media(monkeypatch, tmp_path):
    """Evidence files go to a temporary folder, never the project's.

    The field took its storage when models loaded, so the field is patched.
    """
    from django.core.files.storage import FileSystemStorage

    from actions.models import ProgressUpdate

    location = tmp_path / "private-media"
    field = ProgressUpdate._meta.get_field("evidence_file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=location, base_url=None))
    return location


@pytest.fixture(autouse=True)
def static_files_without_manifest(settings):
    """Pages render without running collectstatic first.

    tests/test_static_files.py builds the real compressed, hashed manifest.
    """
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# Security settings for tests (see the Security section of sutton_send/settings.py)
# ---------------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def plain_http():
    """Tests run with DEBUG off, so HTTPS is on; the test client and live server speak HTTP.

    Session-wide, so the browser tests' live server (started once) sees it too.
    tests/test_security_headers.py turns the redirect back on to test it.
    """
    from django.test import override_settings

    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(autouse=True)
def axes_enabled(settings):
    """Sign-in lockout is off except where tests/test_axes_lockout.py turns it on.

    Otherwise tests that sign in many times (the fuzzing in test_auth.py) would
    lock themselves out.
    """
    settings.AXES_ENABLED = False
    return False


@pytest.fixture
def roles(db):
    """The role groups with their permissions, as the migration makes them.

    A transactional test empties the database when it ends, migration data
    included; transactional tests that need the roles ask for this.
    """
    from django.contrib.auth.models import Group, Permission

    from actions.roles import create_role_groups

    create_role_groups(Group, Permission)


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with no cached page or dashboard (in Django's cache or in-process)."""
    from sutton_send import versioned_cache as cache

    cache.clear()
