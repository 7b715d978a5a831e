"""The signed-in areas share one navigation: the same link has the same name, in the same
place, on every page of /manage/ and /review/ (WCAG 3.2.3 and 3.2.4). Before, the
dashboard was "Dashboard" in one area and "Your actions", second, in the other."""

import re

import pytest

pytestmark = pytest.mark.django_db


def navigation(client, address):
    html = client.get(address).content.decode()
    menu = re.search(r'<ul class="govuk-service-navigation__list".*?</ul>', html, re.DOTALL)
    found = re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', menu.group(0), re.DOTALL)
    return [(re.sub(r"<[^>]+>", "", text).strip(), href) for href, text in found]


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            "manager",
            [
                ("Dashboard", "/manage/"),
                ("Plans", "/manage/plan/"),
                ("Reminders", "/manage/reminders/"),
                ("Review progress", "/review/"),
                ("Public site", "/"),
            ],
        ),
        ("parent", [("Review progress", "/review/"), ("Public site", "/")]),
    ],
)
def test_the_manage_and_review_areas_show_the_same_navigation(client, request, role, expected):
    client.force_login(request.getfixturevalue(role))
    areas = ["/review/", "/manage/"] if role == "manager" else ["/review/"]
    for address in areas:
        assert navigation(client, address) == expected, address


def test_the_public_pages_name_the_dashboard_as_the_signed_in_areas_do(client, manager):
    client.force_login(manager)
    assert ("Dashboard", "/manage/") in navigation(client, "/glossary/")
