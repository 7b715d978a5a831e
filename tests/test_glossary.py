"""Abbreviations are explained where a page first uses them, and text stays escaped."""

import pytest

from workstreams.glossary import Glossary
from workstreams.models import GlossaryTerm


def glossary():
    return Glossary(
        [
            GlossaryTerm(abbreviation="EHC plan", expansion="education, health and care plan"),
            GlossaryTerm(abbreviation="EHC", expansion="education, health and care"),
            GlossaryTerm(
                abbreviation="SEND", expansion="special educational needs and disabilities"
            ),
        ]
    )


def test_a_term_is_expanded_at_its_first_use_only():
    page = glossary()
    first = page.explain("SEND support and SEND funding")
    assert first.count("(special educational needs and disabilities)") == 1
    assert '<abbr title="special educational needs and disabilities">SEND</abbr>' in first
    assert "(special" not in page.explain("More about SEND.")


def test_the_longest_term_wins():
    html = glossary().explain("Every EHC plan is checked.")
    assert "(education, health and care plan)" in html
    assert "(education, health and care)" not in html


@pytest.mark.parametrize(("apostrophe", "escaped"), [("'", "&#x27;"), ("’", "’")])
def test_a_possessive_keeps_its_apostrophe_before_the_explanation(apostrophe, escaped):
    """Not "The CCG (Clinical Commissioning Group)'s planning cycle"."""
    html = glossary().explain(f"The SEND{apostrophe}s budget grew.")
    assert html == (
        'The <abbr title="special educational needs and disabilities">SEND</abbr>'
        f"{escaped}s (special educational needs and disabilities) budget grew."
    )


def test_words_that_merely_contain_a_term_are_left_alone():
    assert "abbr" not in glossary().explain("SENDING and RESEND")


def test_a_term_already_spelt_out_is_not_expanded_again():
    text = "Special educational needs and disabilities (SEND) services"
    assert "(special educational" not in glossary().explain(text)


def test_text_is_escaped():
    html = glossary().explain('<script>alert("SEND")</script>')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html


def test_find_lists_the_terms_a_text_uses_in_order():
    terms = glossary().find("SEND families and an EHC plan, then SEND again")
    assert [t.abbreviation for t in terms] == ["SEND", "EHC plan"]


@pytest.mark.django_db
def test_public_pages_expand_terms_from_the_glossary(client):
    from tests.factories import GlossaryTermFactory, StatementFactory

    GlossaryTermFactory(abbreviation="IASS", expansion="information, advice and support service")
    statement = StatementFactory(summary="The IASS will grow. The IASS matters.")
    page = client.get(statement.get_absolute_url()).content.decode()
    assert page.count("(information, advice and support service)") == 1


@pytest.mark.parametrize(
    "address",
    [
        "https://sutton.sharepoint.com/sites/SEND/Shared%20Documents/EHC%20plan.pdf",
        "www.sutton.gov.uk/SEND",
        "SEND.team@sutton.gov.uk",
    ],
)
def test_web_and_email_addresses_are_left_whole(address):
    page = glossary()
    html = page.explain(f"Read it at {address} and ask about SEND.")
    assert address.replace("&", "&amp;") in html
    assert html.count("(special educational needs and disabilities)") == 1
    assert html.endswith(
        '<abbr title="special educational needs and disabilities">SEND</abbr> '
        "(special educational needs and disabilities)."
    )
    assert [term.abbreviation for term in glossary().find(address)] == []
