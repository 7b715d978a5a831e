"""A NUL character where no form field can refuse it is a bad request, never a 500:
PostgreSQL can neither store nor compare one (security.middleware.NulCharacterMiddleware)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def axes_enabled(settings):
    settings.AXES_ENABLED = True  # it records the user agent of a failed sign-in


@pytest.mark.parametrize(
    "url", ["/admin/workstreams/statement/?title__exact=%00", "/?q=a%00b", "/?a%00=b"]
)
def test_a_nul_character_in_the_query_string_is_a_bad_request(client, admin_user, url):
    client.force_login(admin_user)
    assert client.get(url).status_code == 400


def test_a_nul_character_in_a_header_is_a_bad_request(client):
    response = client.post(
        "/accounts/login/",
        {"username": "officer", "password": "wrong"},
        headers={"user-agent": "browser\x00"},
    )
    assert response.status_code == 400
