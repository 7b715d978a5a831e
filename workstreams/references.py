"""References in the order people count them: 4.2 before 4.10, M9 before M10.

Action and measure references are text ("4.10", "M10", "2.3a"), so the
database sorts them as text: 4.1, 4.10, 4.11, 4.2. Lists people read are
sorted with `reference_key` instead, which compares the runs of digits as
numbers and everything else as text.
"""

import re

_PARTS = re.compile(r"(\d+)")


def reference_key(reference):
    """A sort key for `reference`: "4.10" -> ("", 4, ".", 10, "")."""
    return tuple(
        int(part) if index % 2 else part.casefold()
        for index, part in enumerate(_PARTS.split(reference))
    )


def by_reference(items):
    """`items` (actions or measures) sorted by reference as people count them."""
    return sorted(items, key=lambda item: reference_key(item.reference))


def by_workstream_and_reference(actions):
    """Actions by workstream number, then by reference as people count them.

    Each action's workstream should come with it (select_related): sorting
    then costs no query.
    """
    return sorted(
        actions, key=lambda action: (action.workstream.number, reference_key(action.reference))
    )
