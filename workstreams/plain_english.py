"""Hints for writing what families will read: a nudge, never a block.

Checks long sentences, abbreviations the glossary cannot explain, and
jargon or passive phrasing that officers' writing tends to slip into.
"""

import re
from dataclasses import dataclass

from .glossary import matches_outside_addresses

LONG_SENTENCE_WORDS = 25

# Words and phrases families find hard, with a plainer choice.
JARGON = {
    "utilise": "use",
    "utilize": "use",
    "facilitate": "help",
    "stakeholders": "the people involved",
    "going forward": "from now on",
    "deliverables": "what we will do",
    "leverage": "use",
    "holistic": "whole",
    "robust": "strong",
    "cohort": "group",
    "in order to": "to",
    "commence": "start",
    "implement": "carry out",
    "key performance indicators": "measures",
    "co-produce": "work out together",
    "pathway": "route",
    "capacity": "staff or time",
    "ensure": "make sure",
}


def _with_endings(word):
    """A pattern for `word` as it is written in a sentence: "utilise", "utilises",
    "utilised", "utilising"; "stakeholder" or "stakeholders"; phrases as they are."""
    if " " in word:
        return re.escape(word)
    if word.endswith("s"):
        return re.escape(word[:-1]) + "s?"
    if word.endswith("e"):
        return re.escape(word[:-1]) + "(?:e|es|ed|ing)"
    return re.escape(word) + "(?:s|ed|ing)?"


JARGON_WORDS = list(JARGON)
# One group for each word, so a match says which word it is (match.lastindex).
JARGON_PATTERN = re.compile(
    r"\b(?:" + "|".join(f"({_with_endings(word)})" for word in JARGON_WORDS) + r")\b",
    re.IGNORECASE,
)
PASSIVE_PATTERN = re.compile(
    r"\b(?:is|are|was|were|been|being|be)\s+(?:\w+ly\s+)?(\w+(?:ed|en))\b", re.IGNORECASE
)
ABBREVIATION_PATTERN = re.compile(r"\b[A-Z][A-Z0-9]{1,}[s]?\b")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Capitals that are ordinary words, not abbreviations.
NOT_ABBREVIATIONS = {"I", "OK", "TV", "UK", "NHS", "A"}


@dataclass(frozen=True)
class Hint:
    kind: str
    message: str


def hints(text, glossary):
    """What families may struggle with in `text`, as a list of hints."""
    text = (text or "").strip()
    if not text:
        return []
    found = []
    for sentence in SENTENCE_END.split(text):
        words = len(sentence.split())
        if words > LONG_SENTENCE_WORDS:
            start = " ".join(sentence.split()[:8])
            found.append(
                Hint(
                    "long-sentence",
                    f"“{start}…” has {words} words. Sentences of {LONG_SENTENCE_WORDS} "
                    "words or fewer are easier to read: try splitting it.",
                )
            )
    known = {term.abbreviation for term in glossary.find(text)}
    unexplained = []
    for match in matches_outside_addresses(ABBREVIATION_PATTERN, text):
        word = match.group(0)
        if word in NOT_ABBREVIATIONS or word in known or word.rstrip("s") in known:
            continue
        if word not in unexplained:
            unexplained.append(word)
    for word in unexplained:
        found.append(
            Hint(
                "abbreviation",
                f"“{word}” is not in the glossary, so families will not see it explained. "
                "Write it out in full, or ask a programme manager to add it to the glossary.",
            )
        )
    written = {}
    for match in JARGON_PATTERN.finditer(text):
        written.setdefault(JARGON_WORDS[match.lastindex - 1], match.group(0).lower())
    for word, as_written in written.items():
        found.append(Hint("jargon", f"Try “{JARGON[word]}” instead of “{as_written}”."))
    passive = [match.group(0) for match in PASSIVE_PATTERN.finditer(text)]
    if passive:
        found.append(
            Hint(
                "passive",
                f"“{passive[0]}” hides who did it. Say who: “we have …”, “the team will …”.",
            )
        )
    return found
