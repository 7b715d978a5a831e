"""A NUL character where no form field can refuse it is never a 500: PostgreSQL can
neither store nor compare one (security.middleware.NulCharacterMiddleware)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def axes_enabled(settings):
    settings.AXES_ENABLED = True  # it records the user agent of a failed sign-in


@pytest.mark.parametrize(
    "url", ["/admin/workstreams/statement/?title__exact=%00", "/?q=a%00b", "/?a%00=b"]
)
def test_a_nul_character_in_the_query_string_is_dropped(client, admin_user, url):
    client.force_login(admin_user)
    assert client.get(url).status_code == 200


def test_the_page_reads_the_query_without_it(rf):
    from security.middleware import NulCharacterMiddleware

    seen = {}
    NulCharacterMiddleware(lambda request: seen.update(request.GET.lists()))(
        rf.get("/?a%00=b%00c&a%00=d")
    )
    assert seen == {"a": ["bc", "d"]}


def test_a_nul_character_in_a_header_is_a_bad_request(client):
    response = client.post(
        "/accounts/login/",
        {"username": "officer", "password": "wrong"},
        headers={"user-agent": "browser\x00"},
    )
    assert response.status_code == 400
