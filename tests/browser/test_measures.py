"""The measures page in a real browser: charts accessible and readable at 1280px and 320px."""

import pytest

from ..factories import StatementFactory
from ..test_public_measures import build_measures
from .conftest import ARTIFACTS, assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def measures_page(live_server):
    statement = StatementFactory()
    build_measures(statement)
    return f"{live_server.url}/{statement.slug}/measures/"


def test_the_measures_page_has_no_wcag_violations_and_no_sideways_scroll(page, measures_page):
    page.goto(measures_page)
    page.locator("#how-to-read summary").click()  # open the rule so axe checks it too
    for reference in ("m1", "m2", "m3"):  # close-ups of each chart, to look at
        page.locator(f"#measure-{reference} figure").screenshot(
            path=ARTIFACTS / f"measures-chart-{reference}-{page.width_name}.png"
        )
    assert_accessible(page, "measures")


def test_chart_labels_stay_readable_at_every_width(page, measures_page):
    page.goto(measures_page)
    heights = page.evaluate(
        "[...document.querySelectorAll('svg.app-chart .app-chart__label')]"
        ".map(label => label.getBoundingClientRect().height)"
    )
    assert heights
    # About 11px text or larger: the labels' boxes are a little taller than the text.
    assert min(heights) >= 12, heights
    overflow = page.evaluate(
        "[...document.querySelectorAll('svg.app-chart')]"
        ".some(svg => svg.getBoundingClientRect().right > window.innerWidth)"
    )
    assert not overflow


def test_each_chart_is_an_image_with_a_text_alternative(page, measures_page):
    page.goto(measures_page)
    names = page.evaluate(
        "[...document.querySelectorAll('svg.app-chart')].map(svg => svg.getAttribute('role'))"
    )
    assert names == ["img", "img", "img"]
    descriptions = page.locator("svg.app-chart desc").all_text_contents()
    assert any("off trajectory" in text for text in descriptions)
    assert any("on trajectory" in text for text in descriptions)
    assert any("There are no figures yet." in text for text in descriptions)


def test_status_is_written_in_words_not_only_colour(page, measures_page):
    page.goto(measures_page)
    tags = page.locator("main .govuk-tag").all_inner_texts()
    assert sorted(tags) == ["No data yet", "Off trajectory", "On trajectory"]
