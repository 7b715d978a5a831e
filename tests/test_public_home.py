"""The home page: the published statement, or a list when several are published."""

import pytest

from .factories import ActionFactory, StatementFactory, WeaknessFactory

pytestmark = pytest.mark.django_db


def test_with_one_published_statement_home_shows_it(client):
    statement = StatementFactory(title="Sutton SEND statement", summary="Plain words.")
    WeaknessFactory(statement=statement, number=1, title="Advice for families declined")
    WeaknessFactory(statement=statement, number=2, title="Leaders did not work together")
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sutton SEND statement" in page
    assert "Plain words." in page
    assert "Weakness 1: Advice for families declined" in page
    assert "Weakness 2: Leaders did not work together" in page


def test_with_several_published_statements_home_lists_them(client):
    StatementFactory(title="First plan")
    StatementFactory(title="Accelerated progress plan")
    page = client.get("/").content.decode()
    assert "First plan" in page
    assert "Accelerated progress plan" in page
    assert "Written statements of action" in page


def test_home_never_shows_a_draft_or_archived_statement(client):
    StatementFactory(title="Secret draft", draft=True)
    StatementFactory(title="Old archived plan", archived=True)
    page = client.get("/").content.decode()
    assert "Secret draft" not in page
    assert "Old archived plan" not in page
    assert "No statement of action has been published yet" in page


def test_a_draft_statement_url_is_not_found(client):
    draft = StatementFactory(draft=True)
    assert client.get(f"/{draft.slug}/").status_code == 404


def test_unknown_pages_get_a_404_in_the_sites_layout(client):
    response = client.get("/no-such-statement/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "Accessibility statement" in page  # the footer of the site layout


def test_every_page_links_the_accessibility_statement_from_its_footer(client):
    action = ActionFactory()
    for url in ("/", action.statement.get_absolute_url(), action.get_absolute_url()):
        assert 'href="/accessibility/"' in client.get(url).content.decode(), url


def test_the_statement_page_shows_actions_under_their_weakness(client):
    action = ActionFactory(title="Recruit two advisers")
    page = client.get(action.statement.get_absolute_url()).content.decode()
    assert "Recruit two advisers" in page
    assert action.owner.job_title in page
    assert action.owner.email not in page


def test_unknown_weakness_workstream_and_action_numbers_are_not_found(client):
    action = ActionFactory(reference="1.1")
    slug = action.statement.slug
    for url in (
        f"/{slug}/weaknesses/99/",
        f"/{slug}/workstreams/99/",
        f"/{slug}/actions/9.9/",
        f"/{slug}/actions/not-a-reference/",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in response.content.decode(), url


def test_the_accessibility_statement_says_how_to_reach_the_send_service(client, settings):
    """The accessibility regulations ask for real contact details, for requests for
    other formats and for complaints."""
    settings.CONTACT_EMAIL = "send@sutton.example"
    settings.CONTACT_PHONE = "020 8770 0000"
    page = client.get("/accessibility/").content.decode()
    assert 'href="mailto:send@sutton.example"' in page
    assert 'href="tel:02087700000"' in page
    assert f'href="{settings.CONTACT_URL}"' in page
    assert 'href="#contact"' in page  # from "reporting accessibility problems"
