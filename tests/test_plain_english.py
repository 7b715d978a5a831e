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


def messages(text):
    return [hint.message for hint in hints(text, GLOSSARY) if hint.kind == "jargon"]


def test_jargon_is_found_as_it_is_written_not_only_as_the_dictionary_word():
    """ "We have commenced…", "facilitating", "ensuring", "implemented" and "utilised"
    got no hint: only the base words matched."""
    assert messages(
        "We have commenced the review. Facilitating meetings, ensuring every family "
        "is heard, we implemented and utilised the new stakeholders' forum."
    ) == [
        "Try “start” instead of “commenced”.",
        "Try “help” instead of “facilitating”.",
        "Try “make sure” instead of “ensuring”.",
        "Try “carry out” instead of “implemented”.",
        "Try “use” instead of “utilised”.",
        "Try “the people involved” instead of “stakeholders”.",
    ]
    assert messages("A stakeholder said so. We ensure it, and ensures it.") == [
        "Try “the people involved” instead of “stakeholder”.",
        "Try “make sure” instead of “ensure”.",  # once, as first written
    ]


def test_words_that_only_begin_like_jargon_are_left_alone():
    assert messages("The commencement of the ensuing term; an implementer; capacitor.") == []


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
