"""Times as GOV.UK style writes them, on every page: "4:07am", "9am", "midday", "midnight"."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template

from sutton_send.clock import clock, date_time

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("hour", "minute", "shown"),
    [
        (4, 7, "4:07am"),
        (9, 0, "9am"),
        (12, 0, "midday"),
        (0, 0, "midnight"),
        (0, 30, "12:30am"),
        (12, 45, "12:45pm"),
        (16, 30, "4:30pm"),
    ],
)
def test_times_of_day(hour, minute, shown):
    assert clock(datetime.datetime(2019, 3, 31, hour, minute)) == shown


def test_templates_show_the_local_day_and_time_without_loading_anything(settings):
    settings.TIME_ZONE = "Europe/London"
    summer_utc = datetime.datetime(2019, 7, 20, 8, 5, tzinfo=datetime.UTC)  # 9:05am in London
    html = Template('{{ when|date_time }} / {{ when|date_time:"j M Y" }} / {{ when|clock }}')
    assert html.render(Context({"when": summer_utc})) == (
        "20 July 2019, 9:05am / 20 Jul 2019, 9:05am / 9:05am"
    )
    assert date_time(None) == "" and clock(None) == ""
