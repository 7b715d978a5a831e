"""Abbreviations in plain text: found, and explained where a page first uses them."""

import re

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

# Web and email addresses: nothing inside one is explained (that would break it).
ADDRESS_PATTERN = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.IGNORECASE)


def matches_outside_addresses(pattern, text):
    """`pattern`'s matches in `text`, leaving out those inside a web or email address."""
    addresses = [match.span() for match in ADDRESS_PATTERN.finditer(text)]
    for match in pattern.finditer(text):
        if not any(start <= match.start() < end for start, end in addresses):
            yield match


class Glossary:
    """The glossary terms, loaded once per use, matched as whole words.

    One instance serves one page: it remembers which terms the page has already
    explained, so each is expanded only at its first use.
    """

    def __init__(self, terms):
        self.terms = {term.abbreviation: term for term in terms}
        self.explained = set()
        # Longest first, so "EHC plan" wins over "EHC".
        names = sorted(self.terms, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, names)) + r")(?![\w-])")
            if names
            else None
        )

    @classmethod
    def load(cls):
        from .models import GlossaryTerm

        return cls(GlossaryTerm.objects.only("abbreviation", "expansion"))

    def find(self, text):
        """The terms `text` uses, in order of first use."""
        if not self.pattern or not text:
            return []
        seen = dict.fromkeys(
            match.group(1) for match in matches_outside_addresses(self.pattern, text)
        )
        return [self.terms[name] for name in seen]

    def explain(self, text):
        """HTML of `text`, escaped, with terms this page has not explained yet expanded."""
        if not self.pattern or not text:
            return escape(text or "")
        parts, position = [], 0
        for match in matches_outside_addresses(self.pattern, text):
            name = match.group(1)
            if name in self.explained:
                continue
            self.explained.add(name)
            term = self.terms[name]
            if term.expansion.lower() in text.lower():
                continue  # the writer already spelt it out
            parts.append(escape(text[position : match.start()]))
            # "The CCG's plan", not "The CCG (Clinical Commissioning Group)'s plan".
            end = match.end()
            possessive = text[end : end + 2] if text[end : end + 2] in ("'s", "’s") else ""
            parts.append(
                format_html(
                    '<abbr title="{}">{}</abbr>{} ({})',
                    term.expansion,
                    name,
                    possessive,
                    term.expansion,
                )
            )
            position = end + len(possessive)
        parts.append(escape(text[position:]))
        return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped
