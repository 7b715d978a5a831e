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


def test_lists_of_actions_sort_by_workstream_then_reference():
    from types import SimpleNamespace

    from workstreams.references import by_reference, by_workstream_and_reference

    def action(workstream, reference):
        return SimpleNamespace(workstream=SimpleNamespace(number=workstream), reference=reference)

    actions = [action(4, "4.10"), action(10, "10.1"), action(4, "4.2"), action(2, "2.1")]
    ordered = [a.reference for a in by_workstream_and_reference(actions)]
    assert ordered == ["2.1", "4.2", "4.10", "10.1"]
    assert [a.reference for a in by_reference(actions)] == ["2.1", "4.2", "4.10", "10.1"]
