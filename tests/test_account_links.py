"""Every page a signed-in person may use is linked from the pages they see: their
password, two-step verification, the email digest, reminders and history."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = ("Change your password", "/accounts/password_change/")
TWO_STEP = ("Two-step verification", "/manage/two-factor/")
DIGEST = ("Email digest", "/review/digest/")
REMINDERS = ("Reminders", "/manage/reminders/")


def links(html):
    """{text: address} of every link on the page."""
    found = re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.DOTALL)
    return {re.sub(r"<[^>]+>", "", text).strip(): href for href, text in found}


@pytest.mark.parametrize(
    ("role", "start", "linked", "not_linked"),
    [
        # Only parent representatives are ever sent the digest.
        ("officer", "/manage/", [PASSWORD, TWO_STEP], [REMINDERS, DIGEST]),
        ("manager", "/manage/", [PASSWORD, TWO_STEP, REMINDERS], [DIGEST]),
        ("parent", "/review/", [PASSWORD, DIGEST], [TWO_STEP, REMINDERS]),
    ],
)
def test_each_role_finds_its_account_pages_and_they_open(
    client, request, role, start, linked, not_linked
):
    client.force_login(request.getfixturevalue(role))
    found = links(client.get(start).content.decode())
    for text, address in linked:
        assert found.get(text) == address, text
        assert client.get(address).status_code == 200, address
    for text, _address in not_linked:
        assert text not in found


def test_the_public_sees_none_of_them(client):
    found = links(client.get("/accessibility/").content.decode())
    assert not {PASSWORD[0], TWO_STEP[0], DIGEST[0], REMINDERS[0]} & set(found)


def test_an_edit_form_links_the_history_of_what_it_edits(client, manager, action):
    client.force_login(manager)
    page = client.get(reverse("workspace:action_edit", kwargs={"pk": action.pk}))
    history = reverse("workspace:history", kwargs={"model": "action", "pk": action.pk})
    assert links(page.content.decode()).get("See who changed this and when") == history
    assert client.get(history).status_code == 200
    new = client.get(reverse("workspace:action_new", kwargs={"pk": action.statement_id}))
    assert "See who changed this and when" not in new.content.decode()
