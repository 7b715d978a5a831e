"""Text in a cell, made safe from formula injection on the way out and restored on the way in.

`csv_cell` (also used by the public open data files): text a spreadsheet would run as a
formula (`=HYPERLINK(...)`, `+1`, `@SUM`) gets a leading apostrophe. To keep the
round trip exact, text that already starts with an apostrophe gets one more, and
import takes exactly one off again in both cases. Nothing else is changed.
"""

import re

QUOTE = "'"

# Spreadsheets run a cell starting with one of these as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _runs_as_formula(text):
    return text.startswith(FORMULA_TRIGGERS) and not PLAIN_NUMBER.fullmatch(text)


def csv_cell(value):
    """A value made safe for a CSV cell: formulas are prefixed with a quote.

    A plain negative number such as "-3.5" is data, not a formula, and is left alone.
    """
    if value is None:
        return ""
    text = str(value)
    return QUOTE + text if _runs_as_formula(text) else text


def safe_text(text):
    """`text` as written to a cell: never a formula when a spreadsheet opens it."""
    if text.startswith(QUOTE):
        return QUOTE + text
    return csv_cell(text)


def restore_text(text):
    """The text `safe_text` was given (and any other text unchanged)."""
    rest = text[1:]
    if text.startswith(QUOTE) and (rest.startswith(QUOTE) or _runs_as_formula(rest)):
        return rest
    return text
