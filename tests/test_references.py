"""workstreams.references: references in the order people count them."""

import pytest

from workstreams.references import reference_key


@pytest.mark.parametrize(
    ("shuffled", "counted"),
    [
        (["4.10", "4.2", "4.1", "4.11"], ["4.1", "4.2", "4.10", "4.11"]),
        (["M10", "M2", "M1"], ["M1", "M2", "M10"]),
        (["10.1", "9.1", "1.10", "1.9"], ["1.9", "1.10", "9.1", "10.1"]),
        (["2.3a", "2.10", "2.3"], ["2.3", "2.3a", "2.10"]),
        (["m2", "M1", "M10"], ["M1", "m2", "M10"]),
        (["", "1"], ["", "1"]),
    ],
)
def test_references_sort_as_people_count_them(shuffled, counted):
    assert sorted(shuffled, key=reference_key) == counted
