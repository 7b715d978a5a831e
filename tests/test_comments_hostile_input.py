"""Hostile comments are stored and shown harmlessly: as text, never as markup or script."""

import re

import pytest
from django.template import Context, Template

from actions.coproduction import post_comment
from actions.models import Comment

pytestmark = pytest.mark.django_db

RLO = "\u202e"


def page(action):
    return f"/review/actions/{action.pk}/"


def render(text):
    return Template("{% load coproduction %}{{ text|comment_text }}").render(
        Context({"text": text})
    )


@pytest.fixture
def as_parent(client, parent):
    client.force_login(parent)
    return client


def posted(client, action, body):
    response = client.post(page(action), {"body": body})
    assert response.status_code == 302, response.content.decode()[:500]
    comment = Comment.objects.latest("pk")
    return comment, client.get(page(action)).content.decode()


@pytest.mark.parametrize(
    ("body", "forbidden"),
    [
        ("<script>alert('x')</script>", "<script>alert"),
        ('<img src=x onerror="alert(1)">', "<img src=x"),
        ('<a href="#" onclick="steal()">click</a>', '<a href="#" onclick'),
        ("<iframe src=https://evil.example></iframe>", "<iframe"),
        ("</p></div><h1>Fake heading</h1>", "<h1>Fake heading"),
        ("<style>body{display:none}</style>", "<style>body"),
    ],
)
def test_markup_is_stored_as_typed_and_shown_as_text(as_parent, action, body, forbidden):
    comment, html = posted(as_parent, action, body)
    assert comment.body == body  # kept exactly as typed
    assert forbidden not in html
    assert "&lt;" in render(body)


def test_javascript_and_data_links_are_not_made_links(as_parent, action):
    body = "javascript:alert(1) and JaVaScRiPt:alert(2) and data:text/html,<script>x</script>"
    _, html = posted(as_parent, action, body)
    assert 'href="javascript' not in html.lower()
    assert 'href="data:' not in html
    assert "javascript:alert(1)" in html  # still shown, as text


def test_web_addresses_become_safe_links(as_parent, action):
    body = 'See https://www.sutton.gov.uk/send?a=1&b=2. Or "https://example.org/x" onclick=alert(1)'
    _, html = posted(as_parent, action, body)
    assert (
        '<a class="govuk-link" href="https://www.sutton.gov.uk/send?a=1&amp;b=2" '
        'rel="nofollow noopener noreferrer ugc">https://www.sutton.gov.uk/send?a=1&amp;b=2</a>.'
    ) in html
    # The quote ends the address: the attribute after it is only text.
    assert 'href="https://example.org/x"' in html
    assert "onclick=alert(1)" in html
    assert re.search(r"<a [^>]*onclick", html) is None


def test_line_breaks_are_kept_as_paragraphs_and_breaks(as_parent, action):
    _, html = posted(as_parent, action, "First line\nsecond line\r\n\r\nNew paragraph")
    assert "<bdi>First line</bdi><br><bdi>second line</bdi></p>" in html
    assert "<bdi>New paragraph</bdi></p>" in html


def test_control_characters_are_dropped_before_storing(as_parent, action):
    comment, html = posted(as_parent, action, "Bell\x07 escape\x1b[31m null\x00 C1\x85 end\r")
    assert comment.body == "Bell escape[31m null C1 end"
    assert "\x07" not in html and "\x1b" not in html and "\x00" not in html


def test_a_comment_of_only_control_characters_is_empty(as_parent, action):
    response = as_parent.post(page(action), {"body": "\x00\x01\x02"})
    assert "Enter your comment" in response.content.decode()
    assert not Comment.objects.exists()


def test_right_to_left_overrides_are_kept_but_cannot_leak(as_parent, parent, action):
    body = f"Harmless {RLO}txt.exe\nnext line"
    comment, html = posted(as_parent, action, body)
    assert comment.body == body
    # Every override sits inside an isolate that ends on its own line.
    for match in re.finditer(RLO, html):
        before, after = html[: match.start()], html[match.end() :]
        assert before.rfind("<bdi>") > before.rfind("</bdi>"), "override outside an isolate"
        assert after.find("</bdi>") < after.find("<br>") or after.find("<br>") == -1
    # The author's name and the rest of the page are outside any override.
    assert html.count(RLO) == 1


def test_a_right_to_left_override_never_enters_a_link(as_parent, action):
    _, html = posted(as_parent, action, f"https://example.org/{RLO}gpj.exe")
    assert re.search(f'href="[^"]*{RLO}', html) is None
    assert 'href="https://example.org/"' in html


def test_a_very_long_word_wraps_rather_than_scrolling(as_parent, action):
    _, html = posted(as_parent, action, "x" * 4999)
    assert 'class="govuk-body govuk-!-text-break-word"' in html


def test_hostile_text_in_emails_is_plain_and_without_overrides(
    action, parent, mailoutbox, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    from django.test import TestCase

    with TestCase.captureOnCommitCallbacks(execute=True):
        post_comment(
            action,
            parent,
            f"<script>alert(1)</script> {RLO}evil",
            page_url="http://testserver/review/actions/1/",
        )
    [message] = mailoutbox
    assert "<script>alert(1)</script>" in message.body  # plain text, as typed
    assert RLO not in message.body
    assert message.content_subtype == "plain"
