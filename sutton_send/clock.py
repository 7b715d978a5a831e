"""Times as GOV.UK style writes them: "4:07am", "9am", "midday", "midnight"; days.

Django's "g:ia" gives "4:07a.m.". Registered as a built-in template library
(settings.TEMPLATES), so every template can write {{ when|date_time }}.
"""

import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date

register = template.Library()


@register.filter(expects_localtime=True)
def clock(value):
    """The time of day of a datetime: "4:07am", "9am", "midday" or "midnight"."""
    if not value:
        return ""
    if value.minute == 0 and value.hour in (0, 12):
        return "midnight" if value.hour == 0 else "midday"
    hour = value.hour % 12 or 12
    minutes = f":{value.minute:02d}" if value.minute else ""
    return f"{hour}{minutes}{'am' if value.hour < 12 else 'pm'}"


@register.filter(expects_localtime=True)
def date_time(value, day_format="j F Y"):
    """The day and the time: "26 November 2026, 4:07am" ("j M Y" gives "26 Nov 2026, …")."""
    if not value:
        return ""
    return f"{format_date(value, day_format)}, {clock(value)}"


def start_of_day(day):
    """The first moment of `day` (a date) in the local time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def end_of_day(day):
    """Midnight after `day` (a date) in the local time zone: the first moment not in it."""
    return start_of_day(day + datetime.timedelta(days=1))
