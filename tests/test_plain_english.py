"""Plain-English hints point out what families will struggle with."""

from hypothesis import given
from hypothesis import strategies as st

from workstreams.glossary import Glossary
from workstreams.models import GlossaryTerm
from workstreams.plain_english import hints

GLOSSARY = Glossary(
    [GlossaryTerm(abbreviation="SENCO", expansion="special educational needs co-ordinator")]
)


def kinds(text):
    return [hint.kind for hint in hints(text, GLOSSARY)]


def test_plain_short_text_gets_no_hints():
    assert kinds("We hired two advisers. Families now wait less than a week.") == []


def test_a_very_long_sentence_is_pointed_out():
    long = " ".join(["word"] * 30) + "."
    assert kinds(long) == ["long-sentence"]


def test_abbreviations_missing_from_the_glossary_are_pointed_out_once():
    found = hints("The SENCO met the JSNA team. The JSNA is late.", GLOSSARY)
    assert [h.kind for h in found] == ["abbreviation"]
    assert "JSNA" in found[0].message


def test_jargon_and_passive_phrasing_are_pointed_out():
    assert "jargon" in kinds("We will utilise the new funding.")
    assert "passive" in kinds("The report was finalised in March.")


def test_empty_text_has_no_hints():
    assert hints("", GLOSSARY) == []
    assert hints(None, GLOSSARY) == []


@given(st.text(max_size=2000))
def test_any_text_gives_hints_without_failing(text):
    for hint in hints(text, GLOSSARY):
        assert hint.message


def test_capitals_inside_a_web_or_email_address_are_not_abbreviations():
    text = "See https://sutton.sharepoint.com/sites/JSNA/PLAN.pdf or mail JSNA.team@sutton.gov.uk."
    assert kinds(text) == []
